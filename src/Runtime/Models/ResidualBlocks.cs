using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EnsDsl.Runtime.Models;

/// <summary>
/// torchvision's residual blocks, with its parameter names (<c>conv1</c>, <c>bn1</c>, …, <c>downsample.0</c>,
/// <c>downsample.1</c>) and its forward pass: in-place ReLUs and residual addition. Each activation is released once
/// the next layer has read it (<see cref="Activations"/>); a block never releases its input, which the caller owns.
/// Fields are declared in torchvision's order, which is the order a generator initialises them in.
/// </summary>
static class ResidualBlocks
{
    /// <summary>The projection shortcut (1×1 convolution and BN) when the block changes resolution or width, else null.</summary>
    public static Sequential? Downsample(int input, int output, int stride) =>
        stride != 1 || input != output ? Sequential(Conv2d(input, output, 1, stride: stride, bias: false), BatchNorm2d(output)) : null;

    /// <summary>Adds the shortcut (the input, or its projection) into the residual branch in place, then ReLU.</summary>
    public static Tensor Join(Tensor branch, Sequential? downsample, Tensor input)
    {
        if (downsample is null) return branch.add_(input).relu_();
        var parts = downsample.children().Cast<Module<Tensor, Tensor>>().ToArray();
        var projected = parts[0].call(input);
        using var identity = Activations.Replace(projected, parts[1].call(projected));
        return branch.add_(identity).relu_();
    }

    /// <summary>Two 3×3 convolutions (ResNet-18/34, and the CIFAR ResNets).</summary>
    public sealed class Basic : Module<Tensor, Tensor>
    {
        readonly Module<Tensor, Tensor> conv1, bn1, conv2, bn2;
        readonly Sequential? downsample;

        public Basic(int input, int planes, int stride) : base("BasicBlock")
        {
            conv1 = Conv2d(input, planes, 3, stride: stride, padding: 1, bias: false);
            bn1 = BatchNorm2d(planes);
            conv2 = Conv2d(planes, planes, 3, padding: 1, bias: false);
            bn2 = BatchNorm2d(planes);
            downsample = Downsample(input, planes, stride);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var x = conv1.call(input);
            x = Activations.Replace(x, bn1.call(x)).relu_();
            x = Activations.Replace(x, conv2.call(x));
            x = Activations.Replace(x, bn2.call(x));
            return Join(x, downsample, input);
        }
    }

    /// <summary>1×1, 3×3 (carrying the stride: v1.5), 1×1 with four times the width (ResNet-50).</summary>
    public sealed class Bottleneck : Module<Tensor, Tensor>
    {
        public const int Expansion = 4;
        readonly Module<Tensor, Tensor> conv1, bn1, conv2, bn2, conv3, bn3;
        readonly Sequential? downsample;

        public Bottleneck(int input, int planes, int stride) : base("Bottleneck")
        {
            conv1 = Conv2d(input, planes, 1, bias: false);
            bn1 = BatchNorm2d(planes);
            conv2 = Conv2d(planes, planes, 3, stride: stride, padding: 1, bias: false);
            bn2 = BatchNorm2d(planes);
            conv3 = Conv2d(planes, planes * Expansion, 1, bias: false);
            bn3 = BatchNorm2d(planes * Expansion);
            downsample = Downsample(input, planes * Expansion, stride);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var x = conv1.call(input);
            x = Activations.Replace(x, bn1.call(x)).relu_();
            x = Activations.Replace(x, conv2.call(x));
            x = Activations.Replace(x, bn2.call(x)).relu_();
            x = Activations.Replace(x, conv3.call(x));
            x = Activations.Replace(x, bn3.call(x));
            return Join(x, downsample, input);
        }
    }
}
