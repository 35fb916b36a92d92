using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Randomness;
using Newtonsoft.Json.Linq;
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

    [Fact]
    public void BatchNorm_recomputation_matches_PyTorchs_update_bn_on_a_tiny_network()
    {
        // Fixtures/bn_reference.json, made by Fixtures/make_bn_reference.py with Debian's python3-torch.
        var fixture = JObject.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Models", "Fixtures", "bn_reference.json")));
        static Tensor Read(JToken t, ScalarType type) =>
            tensor(t["values"]!.Select(v => (double)v).ToArray(), t["shape"]!.Select(d => (long)d).ToArray()).to(type);
        var model = nn.Sequential(("0", nn.Conv2d(3, 4, 3, bias: false)), ("1", nn.BatchNorm2d(4)), ("2", nn.ReLU()),
            ("3", nn.Conv2d(4, 5, 3, bias: false)), ("4", nn.BatchNorm2d(5)));
        var state = ((JObject)fixture["state"]!).Properties().ToDictionary(p => p.Name,
            p => Read(p.Value, p.Name.EndsWith("num_batches_tracked", StringComparison.Ordinal) ? ScalarType.Int64 : ScalarType.Float32));
        model.load_state_dict(state, strict: true);
        var batches = fixture["batches"]!.Select(b => Read(b, ScalarType.Float32)).ToList();

        WeightOps.RecomputeBatchNorm(model, batches);

        var after = model.state_dict();
        foreach (var expected in ((JObject)fixture["expected"]!).Properties())
        {
            var actual = after[expected.Name].to(ScalarType.Float64).data<double>().ToArray();
            var values = expected.Value.Select(v => (double)v).ToArray();
            Assert.Equal(values.Length, actual.Length);
            for (int i = 0; i < values.Length; i++) Assert.Equal(values[i], actual[i], 1e-5 * Math.Max(1, Math.Abs(values[i])));
        }
    }

    [Fact]
    public void Distance_counts_shared_weights_but_not_the_head_or_BatchNorm_statistics()
    {
        var a = new Dictionary<string, Tensor>
        {
            ["conv1.weight"] = tensor(new float[] { 0, 0 }),
            ["bn1.running_mean"] = tensor(new float[] { 0 }),
            ["fc.weight"] = tensor(new float[] { 0, 0, 0 }),
            ["bn1.num_batches_tracked"] = tensor(1L),
        };
        var b = new Dictionary<string, Tensor>
        {
            ["conv1.weight"] = tensor(new float[] { 3, 4 }),
            ["bn1.running_mean"] = tensor(new float[] { 100 }),
            ["fc.weight"] = tensor(new float[] { 7, 7 }),
            ["bn1.num_batches_tracked"] = tensor(9L),
        };
        Assert.Equal(5, WeightOps.Distance(a, b), 1e-12);
        Assert.Equal(0, WeightOps.Distance(a, a));
        // A soup of one model's copies is that model.
        var soup = WeightOps.Average([a, a, a]);
        Assert.All(a, kv => Assert.True(kv.Value.eq(soup[kv.Key]).all().item<bool>()));
    }

    [Theory]
    [InlineData("conv1.weight", "conv1")]
    [InlineData("bn1.bias", "bn1")]
    [InlineData("layer3.1.conv2.weight", "layer3")]
    [InlineData("layers.2.blocks.0.attn.qkv.weight", "layers.2")]
    [InlineData("features.4.0.norm1.weight", "features.4")]
    [InlineData("patch_embed.proj.weight", "patch_embed")]
    [InlineData("norm.weight", "norm")]
    public void A_weight_belongs_to_its_top_level_module_or_its_numbered_stage(string key, string stage) =>
        Assert.Equal(stage, WeightOps.StageOf(key));

    [Fact]
    public void Stage_distances_split_the_whole_distance_and_give_the_relative_change()
    {
        var reference = new Dictionary<string, Tensor>
        {
            ["conv1.weight"] = tensor(new float[] { 3, 4 }),
            ["layer1.0.conv1.weight"] = tensor(new float[] { 1, 0 }),
            ["layer1.1.conv1.weight"] = tensor(new float[] { 0, 0 }),
            ["layer1.0.bn1.running_mean"] = tensor(new float[] { 9 }),
            ["fc.weight"] = tensor(new float[] { 1 }),
        };
        var w = new Dictionary<string, Tensor>
        {
            ["conv1.weight"] = tensor(new float[] { 3, 5 }),
            ["layer1.0.conv1.weight"] = tensor(new float[] { 1, 2 }),
            ["layer1.1.conv1.weight"] = tensor(new float[] { 2, 0 }),
            ["layer1.0.bn1.running_mean"] = tensor(new float[] { 0 }),
            ["fc.weight"] = tensor(new float[] { 7 }),
        };
        var stages = WeightOps.StageDistances(w, reference);
        Assert.Equal(["conv1", "layer1"], stages.Select(s => s.Stage));
        Assert.Equal((1, 5), (stages[0].Distance, stages[0].ReferenceNorm));
        Assert.Equal(Math.Sqrt(8), stages[1].Distance, 12);               // both blocks; BN statistics and the head left out
        Assert.Equal(1, stages[1].ReferenceNorm, 12);
        Assert.Equal(WeightOps.Distance(w, reference), Math.Sqrt(stages.Sum(s => s.Distance * s.Distance)), 12);
    }
}
