using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Randomness;
using EnsDsl.Runtime.Torch;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Torch;

/// <summary>
/// Convolutions give finite, reproducible gradients. libtorch 2.10's oneDNN backward pass did not for small channel
/// counts on this project's machines (see <see cref="CpuKernels"/>); networks with such convolutions turn oneDNN off.
/// </summary>
public class ConvolutionTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    public void Small_convolutions_give_finite_identical_gradients(long channels)
    {
        var conv = nn.Conv2d(channels, channels, 3, padding: 1, bias: false);
        Assert.True(CpuKernels.IsUnsafe(conv));
        CpuKernels.ConfigureFor(conv);
        Assert.False(CpuKernels.MkldnnEnabled);
        var generator = new Generator(1);
        var x0 = randn([32, channels, 20, 20], generator: generator);
        var weight = randn([32, channels, 20, 20], generator: generator);
        float[]? first = null;
        for (int i = 0; i < 150; i++)
        {
            using var scope = NewDisposeScope();
            var x = x0.clone().requires_grad_(true);
            conv.zero_grad();
            (conv.call(x) * weight).sum().backward();
            var gradients = x.grad!.data<float>().ToArray().Concat(conv.parameters().First().grad!.data<float>().ToArray()).ToArray();
            Assert.All(gradients, g => Assert.True(float.IsFinite(g)));
            if (first is null) first = gradients;
            else Assert.Equal(first, gradients);
        }
    }

    [Theory]
    [InlineData("cifar-resnet8x16", false)]
    [InlineData("resnet18", false)]
    [InlineData("cifar-resnet8x8", true)]
    [InlineData("cifar-resnet8x24", true)]
    public void Only_networks_with_small_or_odd_convolutions_need_oneDNN_off(string arch, bool unsafeShapes)
    {
        var model = Networks.Create(Architecture.Parse(arch), 10, Generators.For(0, "init"));
        Assert.Equal(unsafeShapes, model.named_modules().Select(m => m.module).OfType<Conv2d>().Any(CpuKernels.IsUnsafe));
    }
}
