using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Models;

/// <summary>An architecture the engine cannot build (yet).</summary>
public sealed class UnsupportedArchitectureException(string message) : Exception(message);

/// <summary>
/// Builds networks by architecture name, with parameter names equal to torchvision's so that PyTorch state dicts load
/// without renaming, and initialises them from an explicit generator (reproducible per node, independent of other
/// threads): convolutions He-normal (fan-out, as torchvision's ResNet), linear layers PyTorch's default
/// U(±1/√fan_in), BatchNorm weight 1 and bias 0.
/// </summary>
public static class Networks
{

    /// <summary>The name prefix of the classification head's parameters.</summary>
    public const string Head = "fc.";

    /// <summary>A network of <paramref name="arch"/> with a head for <paramref name="classes"/> classes, initialised from <paramref name="generator"/>.</summary>
    public static nn.Module<Tensor, Tensor> Create(Architecture arch, int classes, Generator generator)
    {
        nn.Module<Tensor, Tensor> model = arch.Name switch
        {
            "resnet18" => torchvision.models.resnet18(num_classes: classes),
            "resnet50" => torchvision.models.resnet50(num_classes: classes),
            var n when n.StartsWith("cifar-resnet", StringComparison.Ordinal) => CifarResNet(n, classes),
            _ => throw new UnsupportedArchitectureException($"architecture {arch.Name}: the engine cannot train it yet (it trains resnet18, resnet50 and cifar-resnet*)"),
        };
        Torch.CpuKernels.ConfigureFor(model);
        Initialise(model, generator);
        return model;
    }

    static nn.Module<Tensor, Tensor> CifarResNet(string name, int classes)
    {
        var parts = name["cifar-resnet".Length..].Split('x');
        return new CifarResNet(int.Parse(parts[0]), int.Parse(parts[1]), classes);
    }

    /// <summary>Re-initialises every layer from <paramref name="generator"/>.</summary>
    public static void Initialise(nn.Module model, Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in model.named_modules())
            switch (module)
            {
                case Conv2d conv:
                    var w = conv.weight!;
                    long fanOut = w.shape[0] * w.shape[2] * w.shape[3];
                    Normal(w, Math.Sqrt(2.0 / fanOut), generator);
                    if (conv.bias is { } cb) cb.zero_();
                    break;
                case Linear linear:
                    InitialiseLinear(linear, generator);
                    break;
                case BatchNorm2d bn:
                    bn.weight?.fill_(1);
                    bn.bias?.zero_();
                    bn.reset_running_stats();
                    break;
            }
    }

    /// <summary>PyTorch's default for a linear layer: weight and bias U(±1/√fan_in). Used for new heads.</summary>
    public static void InitialiseLinear(Linear linear, Generator generator)
    {
        using var noGrad = no_grad();
        double bound = 1.0 / Math.Sqrt(linear.weight!.shape[1]);
        Uniform(linear.weight, bound, generator);
        if (linear.bias is { } b) Uniform(b, bound, generator);
    }

    // TorchSharp 0.107's nn.init.normal_/uniform_ ignore their generator argument (seen: two equal generators give
    // different values), so the values are drawn with randn/rand, which honour it, and copied in.
    static void Normal(Tensor t, double std, Generator generator)
    {
        using var scope = NewDisposeScope();
        t.copy_(randn(t.shape, generator: generator).mul_(std));
    }

    static void Uniform(Tensor t, double bound, Generator generator)
    {
        using var scope = NewDisposeScope();
        t.copy_(rand(t.shape, generator: generator).mul_(2 * bound).sub_(bound));
    }

    /// <summary>The network's head.</summary>
    public static Linear HeadOf(nn.Module model) =>
        model.named_modules().Select(m => m.module).OfType<Linear>().LastOrDefault()
        ?? throw new InvalidOperationException("the network has no linear head");
}
