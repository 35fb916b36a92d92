using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Models;

public class WeightOpsTests
{
    [Fact]
    public void Averages_and_interpolates_key_by_key()
    {
        var a = new Dictionary<string, Tensor> { ["w"] = tensor(new float[] { 0, 2 }), ["n"] = tensor(5L) };
        var b = new Dictionary<string, Tensor> { ["w"] = tensor(new float[] { 4, 6 }), ["n"] = tensor(9L) };
        Assert.Equal([2f, 4f], WeightOps.Average([a, b])["w"].data<float>().ToArray());
        Assert.Equal(5L, WeightOps.Average([a, b])["n"].item<long>());
        Assert.Equal([1f, 3f], WeightOps.Interpolate(a, b, 0.25)["w"].data<float>().ToArray());
        Assert.Equal(a["w"].data<float>().ToArray(), WeightOps.Interpolate(a, b, 0)["w"].data<float>().ToArray());
    }

    [Fact]
    public void BatchNorm_statistics_become_the_average_over_batches_like_update_bn()
    {
        var model = Networks.Create(Architecture.CifarResNet(8, 4), 3, Generators.For(0, "init"));
        var batches = Enumerable.Range(0, 3).Select(i => randn(new long[] { 8, 3, 6, 6 }, generator: Generators.For(i, "x")) * (i + 1)).ToList();
        WeightOps.RecomputeBatchNorm(model, batches.Select(b => b.clone()));
        // The first BN sees conv1's output: its running mean is the mean over batches of each batch's channel means.
        var bn1 = (BatchNorm2d)model.named_modules().First(m => m.name == "bn1").module;
        var conv1 = (Conv2d)model.named_modules().First(m => m.name == "conv1").module;
        using var noGrad = no_grad();
        var expected = stack(batches.Select(b => conv1.call(b).mean([0, 2, 3])).ToList()).mean([0]);
        Assert.True(allclose(expected, bn1.running_mean!, rtol: 1e-4, atol: 1e-5));
        Assert.Equal(0.1, bn1.momentum);                              // restored afterwards
        Assert.False(bn1.training);
    }
}
