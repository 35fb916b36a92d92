using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Randomness;
using EnsDsl.Runtime.Training;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Models;

public class NetworksTests
{
    static Dictionary<string, float[]> Weights(nn.Module model) =>
        model.state_dict().Where(kv => kv.Value.is_floating_point()).ToDictionary(kv => kv.Key, kv => kv.Value.data<float>().ToArray());

    [Theory]
    [InlineData("cifar-resnet8x16")]
    [InlineData("resnet18")]
    public void The_same_seed_gives_the_same_weights_and_another_seed_other_weights(string arch)
    {
        var a = Weights(Networks.Create(Architecture.Parse(arch), 10, Generators.For(1, "init")));
        var b = Weights(Networks.Create(Architecture.Parse(arch), 10, Generators.For(1, "init")));
        var c = Weights(Networks.Create(Architecture.Parse(arch), 10, Generators.For(2, "init")));
        Assert.All(a.Keys, k => Assert.Equal(a[k], b[k]));
        Assert.Contains(a.Keys, k => !a[k].SequenceEqual(c[k]));
    }

    [Fact]
    public void Initialisation_follows_PyTorchs_distributions()
    {
        var model = Networks.Create(Architecture.Parse("cifar-resnet8x16"), 10, Generators.For(1, "init"));
        var w = model.state_dict();
        var conv = w["layer3.0.conv1.weight"];                      // He-normal, fan-out: std √(2 / (64·3·3))
        Assert.InRange(conv.std().item<float>(), 0.8 * Math.Sqrt(2.0 / 576), 1.2 * Math.Sqrt(2.0 / 576));
        var fc = w["fc.weight"];                                     // U(±1/√64)
        Assert.True(fc.abs().max().item<float>() <= 1.0 / 8 + 1e-6);
        Assert.Equal(1f, w["bn1.weight"].min().item<float>());
    }

    [Fact]
    public void Torchvision_resnets_carry_torchvisions_parameter_names()
    {
        var r18 = Networks.Create(Architecture.ResNet18, 10, Generators.For(0, "init")).state_dict().Keys.ToHashSet();
        var r50 = Networks.Create(Architecture.ResNet50, 10, Generators.For(0, "init")).state_dict().Keys.ToHashSet();
        Assert.Subset(r18, new HashSet<string> { "conv1.weight", "bn1.running_var", "layer1.0.conv2.weight", "layer4.1.bn2.num_batches_tracked", "fc.weight", "fc.bias" });
        Assert.Subset(r50, new HashSet<string> { "layer1.0.conv3.weight", "layer1.0.downsample.0.weight", "layer3.5.bn3.bias", "layer4.2.conv3.weight" });
        Assert.Equal((122, 320), (r18.Count, r50.Count));          // as torchvision's resnet18()/resnet50().state_dict()
    }

    [Fact]
    public void The_cifar_resnet_is_named_like_torchvisions()
    {
        var keys = Networks.Create(Architecture.CifarResNet(14, 8), 5, Generators.For(0, "init")).state_dict().Keys.ToList();
        Assert.Contains("layer2.1.conv2.weight", keys);                 // 14 = 6·2 + 2: two blocks per stage
        Assert.Contains("layer3.0.downsample.1.running_mean", keys);
        Assert.Equal([5, 32], Networks.HeadOf(Networks.Create(Architecture.CifarResNet(14, 8), 5, Generators.For(0, "x"))).weight!.shape);
    }

    [Fact]
    public void Data_order_and_augmentation_follow_their_generators()
    {
        Assert.Equal(randperm(50, generator: Generators.For(4, "order", 2)).data<long>().ToArray(),
                     randperm(50, generator: Generators.For(4, "order", 2)).data<long>().ToArray());
        Assert.NotEqual(randperm(50, generator: Generators.For(4, "order", 2)).data<long>().ToArray(),
                        randperm(50, generator: Generators.For(4, "order", 3)).data<long>().ToArray());
        Assert.Equal(Augmentation.Draw(Transform.Flip, 40, Generators.For(1, "augment", 0))!.Flip.data<bool>().ToArray(),
                     Augmentation.Draw(Transform.Flip, 40, Generators.For(1, "augment", 0))!.Flip.data<bool>().ToArray());
    }

    [Fact]
    public void A_Swin_is_built_by_name_with_the_official_initialisation_and_a_default_linear_head()
    {
        var arch = Architecture.Parse("swin-e24-d2.2-h2.4-w5-p2-i20");
        using var a = Networks.Create(arch, 10, Generators.For(5, "init"));
        using var b = Networks.Create(arch, 10, Generators.For(5, "init"));
        Assert.IsType<SwinTransformer>(a);
        var (wa, wb) = (a.state_dict(), b.state_dict());
        Assert.All(wa, kv => Assert.True(kv.Value.equal(wb[kv.Key]).all().item<bool>(), kv.Key));        // reproducible
        Assert.All(wa.Where(kv => kv.Key.EndsWith("norm1.weight", StringComparison.Ordinal)), kv => Assert.Equal(1f, kv.Value.min().item<float>()));
        var qkv = wa["layers.0.blocks.0.attn.qkv.weight"];
        Assert.InRange(qkv.std().item<float>(), 0.018, 0.022);                                            // N(0, 0.02)
        Assert.Equal(0f, wa["layers.0.blocks.0.attn.qkv.bias"].abs().max().item<float>());
        var head = wa["head.weight"];                                                                      // nn.Linear's default: U(±1/√48)
        Assert.InRange(head.abs().max().item<float>(), 0.1, 1 / Math.Sqrt(48));
        Assert.InRange(head.std().item<float>(), 0.06, 0.11);                                             // std 0.083, not 0.02
        Assert.Equal("head.", arch.HeadPrefix);
    }
}
