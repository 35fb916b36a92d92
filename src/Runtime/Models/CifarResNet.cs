using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EnsDsl.Runtime.Models;

/// <summary>
/// A CIFAR-style BN ResNet (He et al. 2016, §4.2): a 3×3 stem, three stages of basic blocks with widths
/// w, 2w, 4w (stride 2 into stages 2 and 3), global average pooling and a linear head. Depth 6n+2 has n blocks per
/// stage. Parameter names follow torchvision's ResNet (<c>conv1</c>, <c>bn1</c>, <c>layer1.0.conv1</c>, <c>fc</c>).
/// </summary>
public sealed class CifarResNet : Module<Tensor, Tensor>
{
    readonly Module<Tensor, Tensor> conv1, bn1, layer1, layer2, layer3, fc;

    /// <summary>Creates the network; <paramref name="classes"/> sizes the head.</summary>
    public CifarResNet(int depth, int width, int classes) : base($"CifarResNet{depth}x{width}")
    {
        int blocks = (depth - 2) / 6;
        conv1 = Conv2d(3, width, 3, padding: 1, bias: false);
        bn1 = BatchNorm2d(width);
        layer1 = Stage(width, width, blocks, 1);
        layer2 = Stage(width, 2 * width, blocks, 2);
        layer3 = Stage(2 * width, 4 * width, blocks, 2);
        fc = Linear(4 * width, classes);
        RegisterComponents();
    }

    static Sequential Stage(int input, int output, int blocks, int stride) =>
        Sequential(Enumerable.Range(0, blocks).Select(i => (Module<Tensor, Tensor>)new ResidualBlocks.Basic(i == 0 ? input : output, output, i == 0 ? stride : 1)).ToArray());

    // No dispose scope of its own: each activation is released once the next layer has read it (Activations), and
    // what remains belongs to the caller's per-batch scope (the trainer's, the evaluator's).

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var x = conv1.call(input);
        x = Activations.Replace(x, bn1.call(x)).relu_();
        return Activations.PooledInto(Activations.Through(x, layer1, layer2, layer3), fc);
    }
}
