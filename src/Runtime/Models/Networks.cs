using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Models;

/// <summary>An architecture the engine cannot build (yet).</summary>
public sealed class UnsupportedArchitectureException(string message) : Exception(message);

/// <summary>Images of a size the network was not built for (a Swin's attention masks fix its input size).</summary>
public sealed class InputSizeException(string message) : Exception(message);

/// <summary>
/// Builds networks by architecture name, with parameter names equal to torchvision's so that PyTorch state dicts load
/// without renaming, and initialises them from an explicit generator (reproducible per node, independent of other
/// threads): convolutions He-normal (fan-out, as torchvision's ResNet), linear layers PyTorch's default
/// U(±1/√fan_in), BatchNorm weight 1 and bias 0.
/// </summary>
public static class Networks
{

    // Every layout's head prefix: a key under one of them is a classification head's.
    static readonly string[] HeadPrefixes = [Architecture.ResNet50.HeadPrefix, Architecture.SwinTiny.HeadPrefix];

    /// <summary>True when <paramref name="key"/> names a classification head's parameter, in any layout ensdsl knows.</summary>
    public static bool IsHead(string key) => HeadPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));

    /// <summary>The head's weight matrix in <paramref name="weights"/>, in any layout ensdsl knows, or null.</summary>
    public static Tensor? HeadWeight(IReadOnlyDictionary<string, Tensor> weights) =>
        HeadPrefixes.Select(p => weights.GetValueOrDefault($"{p}weight")).FirstOrDefault(w => w is { } t && t.dim() == 2);

    /// <summary>True for buffers a network computes from its shape and never loads (Swin's position indices and masks).</summary>
    public static bool IsRecomputed(string key) => SwinTransformer.IsRecomputed(key);

    /// <summary>
    /// Loads <paramref name="weights"/> into <paramref name="model"/> (every key, unless <paramref name="strict"/> is
    /// false), except the buffers the network recomputes.
    /// </summary>
    public static void Load(nn.Module model, IReadOnlyDictionary<string, Tensor> weights, bool strict = true)
    {
        var own = model.state_dict().Keys.Where(IsRecomputed).ToList();
        model.load_state_dict(weights.Where(kv => !IsRecomputed(kv.Key)).ToDictionary(), strict, skip: own);
    }

    /// <summary>
    /// A network of <paramref name="arch"/> with a head for <paramref name="classes"/> classes, initialised from
    /// <paramref name="generator"/>; a Swin gets stochastic depth up to <paramref name="dropPath"/> in training.
    /// </summary>
    public static nn.Module<Tensor, Tensor> Create(Architecture arch, int classes, Generator generator, double dropPath = 0)
    {
        nn.Module<Tensor, Tensor> model = arch.Name switch
        {
            "resnet18" => ResNet.ResNet18(classes),
            "resnet50" => ResNet.ResNet50(classes),
            var n when n.StartsWith("cifar-resnet", StringComparison.Ordinal) => CifarResNet(n, classes),
            _ when arch.Swin is { } layout => new SwinTransformer(layout, classes, dropPath),
            _ => throw new UnsupportedArchitectureException($"architecture {arch.Name}: the engine cannot train it yet (it trains resnet18, resnet50, cifar-resnet* and Swin)"),
        };
        Torch.CpuKernels.ConfigureFor(model);
        if (model is SwinTransformer swin) InitialiseSwin(swin, generator);
        else Initialise(model, generator);
        return model;
    }

    /// <summary>
    /// The official Swin initialisation: linear weights N(0, 0.02) truncated at ±2 (timm's <c>trunc_normal_</c>, which
    /// at this std is the normal itself) with zero biases, LayerNorm 1 and 0, relative-position tables N(0, 0.02); the
    /// patch embedding's convolution as PyTorch's default (U(±1/√fan_in) for weight and bias). The head is a fresh
    /// <c>nn.Linear</c> (PyTorch's default), as the authors' fine-tuning attaches it.
    /// </summary>
    static void InitialiseSwin(SwinTransformer model, Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (name.EndsWith("relative_position_bias_table", StringComparison.Ordinal)) { Normal(parameter, 0.02, generator); parameter.clamp_(-2, 2); }
        }
        var head = HeadOf(model);
        foreach (var (_, module) in model.named_modules())
            switch (module)
            {
                case Linear linear when ReferenceEquals(linear, head):
                    InitialiseLinear(linear, generator);
                    break;
                case Linear linear:
                    Normal(linear.weight!, 0.02, generator);
                    linear.weight!.clamp_(-2, 2);
                    linear.bias?.zero_();
                    break;
                case LayerNorm norm:
                    norm.weight?.fill_(1);
                    norm.bias?.zero_();
                    break;
                case Conv2d conv:
                    double bound = 1.0 / Math.Sqrt(conv.weight!.shape[1] * conv.weight.shape[2] * conv.weight.shape[3]);
                    Uniform(conv.weight, bound, generator);
                    if (conv.bias is { } b) Uniform(b, bound, generator);
                    break;
            }
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

    /// <summary>The network's head: the linear layer its layout names <c>fc</c> or <c>head</c>.</summary>
    public static Linear HeadOf(nn.Module model) =>
        model.named_modules().Where(m => HeadPrefixes.Contains($"{m.name}.")).Select(m => m.module).OfType<Linear>().FirstOrDefault()
        ?? throw new InvalidOperationException("the network has no linear head");
}
