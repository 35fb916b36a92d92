using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Models;

/// <summary>
/// ensdsl's ResNet against TorchSharp's port of torchvision's (the network it replaced): the same parameters in the
/// same order under the same names, the same initialisation from a generator, and the same function — logits in
/// evaluation and training, gradients and BatchNorm statistics after a backward pass — while releasing activations
/// early and adding residuals in place.
/// </summary>
public class ResNetTests
{
    static (nn.Module<Tensor, Tensor> Ours, nn.Module<Tensor, Tensor> Port) Pair(string arch, int classes)
    {
        var ours = Networks.Create(Architecture.Parse(arch), classes, Generators.For(3, "init"));
        nn.Module<Tensor, Tensor> port = arch == "resnet18" ? torchvision.models.resnet18(num_classes: classes) : torchvision.models.resnet50(num_classes: classes);
        Networks.Initialise(port, Generators.For(3, "init"));
        return (ours, port);
    }

    [Theory]
    [InlineData("resnet18")]
    [InlineData("resnet50")]
    public void Parameters_names_and_initialisation_are_those_of_torchvisions_port(string arch)
    {
        var (ours, port) = Pair(arch, 10);
        var a = ours.state_dict();
        var b = port.state_dict();
        Assert.Equal(b.Keys, a.Keys);                                // names, and order
        Assert.All(b.Keys, k => Assert.True(a[k].eq(b[k]).all().item<bool>(), k));
    }

    [Theory]
    [InlineData("resnet18", 32)]
    [InlineData("resnet50", 64)]
    public void It_computes_the_same_function_gradients_and_statistics(string arch, int size)
    {
        var (ours, port) = Pair(arch, 7);
        var x = randn([4, 3, size, size], generator: new Generator(5));
        var y = tensor(new long[] { 0, 3, 6, 1 });

        ours.eval(); port.eval();
        using (no_grad())
            Assert.True(ours.call(x).allclose(port.call(x), rtol: 1e-4, atol: 1e-5));

        ours.train(); port.train();
        var lossOurs = nn.functional.cross_entropy(ours.call(x), y);
        var lossPort = nn.functional.cross_entropy(port.call(x), y);
        Assert.Equal(lossPort.item<float>(), lossOurs.item<float>(), 1e-4f);
        lossOurs.backward();
        lossPort.backward();
        var gradients = port.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        foreach (var (name, p) in ours.named_parameters())
            Assert.True(p.grad!.allclose(gradients[name], rtol: 1e-3, atol: 1e-5), name);
        var statistics = port.state_dict();
        foreach (var (name, buffer) in ours.state_dict().Where(kv => kv.Key.Contains("running_")))
            Assert.True(buffer.allclose(statistics[name], rtol: 1e-4, atol: 1e-6), name);
    }

    [Fact]
    public void A_forward_pass_leaves_only_its_output_alive_in_evaluation()
    {
        var model = Networks.Create(Architecture.ResNet50, 10, Generators.For(1, "init"));
        model.eval();
        using var x = randn([2, 3, 64, 64]);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var output = model.call(x);
        // Every intermediate was disposed on the way; what the scope still holds alive is the output alone.
        Assert.Equal(1, scope.DisposablesView.OfType<Tensor>().Count(t => !t.IsInvalid));
    }
}
