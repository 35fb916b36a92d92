using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EnsDsl.Runtime.Models;

/// <summary>
/// torchvision's ResNet-18 and ResNet-50 (v1.5: the stride in the bottleneck's 3×3 convolution), with torchvision's
/// parameter names (<c>conv1</c>, <c>layer1.0.conv3</c>, <c>layer1.0.downsample.0</c>, <c>fc</c>) so PyTorch state
/// dicts load as they are. The forward pass is torchvision's — in-place ReLUs and residual additions included — and
/// releases each activation once the next layer has read it (<see cref="Activations"/>). Modules are registered in the
/// order of TorchSharp's port, so a generator initialises both alike.
/// </summary>
public sealed class ResNet : Module<Tensor, Tensor>
{
    // Declaration order is registration order (and initialisation order): keep it torchvision's.
    readonly Module<Tensor, Tensor> conv1, bn1;
    readonly MaxPool2d maxpool;
    readonly Sequential layer1, layer2, layer3, layer4;
    readonly Linear fc;

    ResNet(string name, bool bottleneck, int[] blocks, int classes) : base(name)
    {
        conv1 = Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = BatchNorm2d(64);
        maxpool = MaxPool2d(3, stride: 2, padding: 1);
        int expansion = bottleneck ? Bottleneck.Expansion : 1, input = 64;
        Sequential Layer(int planes, int count, int stride)
        {
            var layer = Sequential();
            for (int i = 0; i < count; i++)
            {
                int s = i == 0 ? stride : 1;
                layer.append(bottleneck ? new Bottleneck(input, planes, s) : new BasicBlock(input, planes, s));
                input = planes * expansion;
            }
            return layer;
        }
        layer1 = Layer(64, blocks[0], 1);
        layer2 = Layer(128, blocks[1], 2);
        layer3 = Layer(256, blocks[2], 2);
        layer4 = Layer(512, blocks[3], 2);
        fc = Linear(512 * expansion, classes);
        RegisterComponents();
    }

    /// <summary>ResNet-18 (basic blocks 2-2-2-2).</summary>
    public static ResNet ResNet18(int classes) => new("ResNet18", false, [2, 2, 2, 2], classes);

    /// <summary>ResNet-50 (bottleneck blocks 3-4-6-3).</summary>
    public static ResNet ResNet50(int classes) => new("ResNet50", true, [3, 4, 6, 3], classes);

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var x = conv1.call(input);
        x = Activations.Replace(x, bn1.call(x)).relu_();
        x = Activations.Replace(x, maxpool.call(x));
        foreach (var layer in new[] { layer1, layer2, layer3, layer4 })
            foreach (var block in layer.children().Cast<Module<Tensor, Tensor>>())
                x = Activations.Replace(x, block.call(x));
        x = Activations.Replace(x, functional.adaptive_avg_pool2d(x, 1));
        x = Activations.Replace(x, x.flatten(1));
        return Activations.Replace(x, fc.call(x));
    }

    /// <summary>The projection shortcut (1×1 convolution and BN) that <c>downsample.0</c>/<c>downsample.1</c> name.</summary>
    static Sequential? Downsample(int input, int output, int stride) =>
        stride != 1 || input != output ? Sequential(Conv2d(input, output, 1, stride: stride, bias: false), BatchNorm2d(output)) : null;

    /// <summary>The block's input, or its projection, released with the projection's intermediate.</summary>
    static Tensor Shortcut(Sequential? downsample, Tensor input)
    {
        if (downsample is null) return input;
        var parts = downsample.children().Cast<Module<Tensor, Tensor>>().ToArray();
        var projected = parts[0].call(input);
        return Activations.Replace(projected, parts[1].call(projected));
    }

    /// <summary>Adds the shortcut into the residual branch in place, releasing a projection.</summary>
    static Tensor Join(Tensor branch, Sequential? downsample, Tensor input)
    {
        var identity = Shortcut(downsample, input);
        branch.add_(identity);
        if (!ReferenceEquals(identity, input)) identity.Dispose();
        return branch.relu_();
    }

    sealed class BasicBlock : Module<Tensor, Tensor>
    {
        readonly Module<Tensor, Tensor> conv1, bn1, conv2, bn2;
        readonly Sequential? downsample;

        public BasicBlock(int input, int planes, int stride) : base("BasicBlock")
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

    sealed class Bottleneck : Module<Tensor, Tensor>
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
