using EnsDsl.Runtime.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Torch;

/// <summary>TorchSharp and libtorch load on this machine and compute: the proof that the native fix works.</summary>
public class TorchSmokeTests
{
    [Fact]
    public void Tensors_compute()
    {
        using var a = ones(2, 3) * 2;
        Assert.Equal(12f, a.sum().item<float>());
        using var m = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, m.matmul(m).data<float>().ToArray());
    }

    [Fact]
    public void A_gradient_step_reduces_a_loss()
    {
        manual_seed(0);
        var w = new TorchSharp.Modules.Parameter(randn(3));
        var target = tensor(new float[] { 1, -2, 3 });
        var optimizer = optim.SGD([w], 0.1);
        float Loss() { using var _ = NewDisposeScope(); return (w - target).pow(2).sum().item<float>(); }
        var before = Loss();
        for (int i = 0; i < 10; i++)
        {
            using var _ = NewDisposeScope();
            optimizer.zero_grad();
            (w - target).pow(2).sum().backward();
            optimizer.step();
        }
        Assert.True(Loss() < before * 0.5, $"loss {Loss()} did not fall from {before}");
    }

    [Fact]
    public void Describes_the_library_and_resolves_the_CPU()
    {
        Assert.Contains("libtorch 2.10", TorchInfo.Describe());
        Assert.Equal(DeviceType.CPU, TorchInfo.Resolve("cpu").type);
        Assert.Equal(TorchInfo.CudaAvailable ? DeviceType.CUDA : DeviceType.CPU, TorchInfo.Resolve("auto").type);
        Assert.Contains("expected auto, cpu, cuda", Assert.Throws<ArgumentException>(() => TorchInfo.Resolve("tpu")).Message);
    }
}
