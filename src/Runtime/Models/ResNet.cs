using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EnsDsl.Runtime.Models;

/// <summary>
/// torchvision's ResNet-18 and ResNet-50 (v1.5: the stride in the bottleneck's 3×3 convolution), with torchvision's
/// parameter names (<c>conv1</c>, <c>layer1.0.conv3</c>, <c>layer1.0.downsample.0</c>, <c>fc</c>) so PyTorch state
/// dicts load as they are, built from <see cref="ResidualBlocks"/>. Modules are registered in the order of TorchSharp's
/// port, so a generator initialises both alike.
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
        int expansion = bottleneck ? ResidualBlocks.Bottleneck.Expansion : 1, input = 64;
        Sequential Layer(int planes, int count, int stride)
        {
            var layer = Sequential();
            for (int i = 0; i < count; i++)
            {
                int s = i == 0 ? stride : 1;
                layer.append(bottleneck ? new ResidualBlocks.Bottleneck(input, planes, s) : new ResidualBlocks.Basic(input, planes, s));
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
        return Activations.PooledInto(Activations.Through(x, layer1, layer2, layer3, layer4), fc);
    }
}
