using EnsDsl.Runtime.Checkpoints;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Randomness;
using EnsDsl.Runtime.Training;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Models;

/// <summary>
/// Swin references written by PyTorch at test time (Fixtures/make_swin_reference.py: torchvision's Swin, which computes
/// the official implementation's function, renamed to the official layout the authors' checkpoints use).
/// </summary>
[PythonScript("Models/Fixtures/make_swin_reference.py", Seconds = 20)]
public sealed class SwinReferenceFiles() : PythonFixture;

[Trait(Category.Name, Category.Python)]
public class SwinTransformerTests(SwinReferenceFiles files) : IClassFixture<SwinReferenceFiles>
{
    static readonly Dictionary<string, (SwinLayout Shape, int Classes)> Configurations = new()
    {
        ["tiny"] = (new SwinLayout(24, [2, 2], [2, 4], Window: 4, Patch: 4, Image: 32), 10),
        ["swin_t"] = (Architecture.SwinTiny.Swin!, 1000),
    };

    static Tensor Input(int size)
    {
        var values = Enumerable.Range(0, 2 * 3 * size * size).Select(i => (float)Math.Sin(0.37 * i)).ToArray();
        return tensor(values).view(2, 3, size, size);
    }

    static Dictionary<string, Tensor> Loadable(IReadOnlyDictionary<string, Tensor> stateDict) =>
        stateDict.Where(kv => !SwinTransformer.IsRecomputed(kv.Key)).ToDictionary();

    float[] Expected(string file) => [.. JObject.Parse(File.ReadAllText(files[file]))["values"]!.Select(v => (float)v)];

    static float[] Logits(SwinTransformer model, int size)
    {
        model.eval();
        using var noGrad = no_grad();
        using var x = Input(size);
        using var logits = model.call(x);
        return logits.data<float>().ToArray();
    }

    static void AssertClose(float[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= tolerance, $"largest logit difference {worst:E2} (tolerance {tolerance:E0})");
    }

    [Theory]
    [InlineData("tiny")]
    [InlineData("swin_t")]
    public void A_checkpoint_in_the_authors_layout_loads_by_its_own_names_and_gives_PyTorchs_logits(string name)
    {
        var (shape, classes) = Configurations[name];
        var checkpoint = PyTorchCheckpoint.Load(files[$"{name}-model.pt"]);
        Assert.Equal("{'model': state_dict}", checkpoint.Format);
        using var model = new SwinTransformer(shape, classes);
        var own = model.state_dict().Keys.ToHashSet();
        Assert.Empty(checkpoint.StateDict.Keys.Except(own));                 // every name is the official one
        Assert.All(own.Except(checkpoint.StateDict.Keys), k => Assert.EndsWith("attn_mask", k));   // torchvision has no mask buffers
        // The index buffers are the official ones; ensdsl recomputes them anyway.
        foreach (var (key, index) in checkpoint.StateDict.Where(kv => kv.Key.EndsWith("relative_position_index", StringComparison.Ordinal)))
            Assert.True(index.eq(model.state_dict()[key]).all().item<bool>(), key);
        model.load_state_dict(Loadable(checkpoint.StateDict), strict: false);
        AssertClose(Expected($"{name}-logits.json"), Logits(model, shape.Image), 1e-4);
    }

    [Fact]
    public void Inspect_recognises_the_authors_Swin_layout()
    {
        var summary = CheckpointInspection.Inspect(files["swin_t-model.pt"]);
        Assert.Equal(("swin-t", 1000), (summary.Architecture, summary.Classes));
        // A smaller Swin by its layout; the image side is not in the weights (no mask buffers here), so 224 is assumed.
        Assert.Equal("swin-e24-d2.2-h2.4-w4-p4-i224", CheckpointInspection.Inspect(files["tiny-model.pt"]).Architecture);
    }

    [Fact]
    public void The_engine_builds_a_Swin_by_its_name_and_loads_the_authors_file_through_the_state_dict_check()
    {
        var arch = Architecture.Parse("swin-t");
        var weights = PyTorchCheckpoint.Load(files["swin_t-model.pt"]).StateDict;
        using var model = Classifier.FromWeights(arch, weights, CPU);      // the fit check and the load that evaluation uses
        Assert.IsType<SwinTransformer>(model);
        AssertClose(Expected("swin_t-logits.json"), Logits((SwinTransformer)model, arch.Swin!.Image), 1e-4);
    }

    [Fact]
    public async Task A_Swin_saved_by_ensdsl_loads_in_PyTorch_with_the_same_logits()
    {
        var arch = Architecture.Parse("swin-e24-d2.2-h2.4-w4-p4-i32");          // the fixture's "tiny" configuration
        using var model = (SwinTransformer)Networks.Create(arch, 10, Generators.For(9, "init"));
        var logits = Logits(model, 32);
        var file = files["ensdsl-swin.pt"];
        File.WriteAllBytes(file, PyTorchExport.Bytes(model.state_dict()));
        var script = Path.Combine(AppContext.BaseDirectory, "Models/Fixtures/make_swin_reference.py");
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", [script, "--logits", file, "tiny"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await error);
        AssertClose([.. JArray.Parse(output).Select(v => (float)v)], logits, 1e-4);
    }

    [Fact]
    public void Buffers_a_checkpoint_leaves_out_are_recomputed_the_same()
    {
        var (shape, classes) = Configurations["tiny"];
        var checkpoint = PyTorchCheckpoint.Load(files["tiny-params.pt"]);
        Assert.DoesNotContain(checkpoint.StateDict.Keys, k => k.EndsWith("relative_position_index", StringComparison.Ordinal));
        using var model = new SwinTransformer(shape, classes);
        model.load_state_dict(Loadable(checkpoint.StateDict), strict: false);
        AssertClose(Expected("tiny-logits.json"), Logits(model, shape.Image), 1e-4);
    }

    [Fact]
    public void One_AdamW_step_from_the_same_weights_gives_PyTorchs_model()
    {
        var (shape, classes) = Configurations["tiny"];
        using var model = new SwinTransformer(shape, classes);
        model.load_state_dict(Loadable(PyTorchCheckpoint.Load(files["tiny-model.pt"]).StateDict), strict: false);
        model.train();
        using var optimizer = new AdamWOptimizer(model.named_parameters(), new AdamW(Wd: 0.05, NoDecayOn1D: false));
        using (var x = Input(shape.Image))
        using (var labels = tensor(new long[] { 1, 0 }))
        using (var loss = nn.functional.cross_entropy(model.call(x), labels))
        {
            var reference = JObject.Parse(File.ReadAllText(files["tiny-step.json"]));
            Assert.Equal((double)reference["loss"]!, loss.item<float>(), 1e-5);
            loss.backward();
        }
        optimizer.Step(1e-3);
        AssertClose(Expected("tiny-step.json"), Logits(model, shape.Image), 1e-4);
    }

    [Fact]
    public void The_shifted_windows_mask_keeps_regions_apart_and_the_unshifted_blocks_have_none()
    {
        var (shape, classes) = Configurations["tiny"];
        using var model = new SwinTransformer(shape, classes);
        var masks = model.named_buffers().Where(b => b.name.EndsWith("attn_mask", StringComparison.Ordinal)).ToList();
        // Block 1 of stage 0 is shifted (8×8 tokens, window 4); stage 1's 4×4 grid is one window, never shifted.
        Assert.Equal(["layers.0.blocks.1.attn_mask"], masks.Select(m => m.name));
        var mask = masks[0].buffer;
        Assert.Equal([4L, 16, 16], mask.shape);
        // The first window holds tokens of one region (no mask); the last, of four regions.
        Assert.Equal(0, mask[0].abs().sum().item<float>());
        Assert.Equal(16 * 16 - 4 * 4 * 4, mask[3].eq(-100f).sum().item<long>());
    }

    [Fact]
    public void Drop_path_drops_samples_in_training_as_its_generator_says_and_never_in_evaluation()
    {
        var (shape, classes) = Configurations["tiny"];
        using var model = new SwinTransformer(shape, classes, dropPath: 0.5);
        using var x = Input(shape.Image);
        Tensor Forward(bool training, ulong seed)
        {
            model.train(training);
            model.DropPathGenerator = new Generator(seed);
            using var noGrad = no_grad();
            return model.call(x);
        }
        using var a = Forward(true, 1);
        using var again = Forward(true, 1);
        using var other = Forward(true, 2);
        using var evaluated = Forward(false, 1);
        using var evaluatedOther = Forward(false, 2);
        Assert.True(a.allclose(again, 0, 0), "the same generator drops the same samples");
        Assert.False(a.allclose(other, 0, 0), "another generator drops others");
        Assert.True(evaluated.allclose(evaluatedOther, 0, 0), "evaluation drops nothing");
        Assert.False(a.allclose(evaluated, 0, 0));
    }

    [Theory]
    [InlineData(0.1, 12, new[] { 0.0, 0.1 / 11 * 5, 0.1 })]
    [InlineData(0.1, 1, new[] { 0.0 })]
    public void Stochastic_depth_rises_linearly_over_the_blocks(double rate, int blocks, double[] some)
    {
        var rates = SwinTransformer.DropPathRates(rate, blocks);
        Assert.Equal(blocks, rates.Length);
        Assert.Equal(some[0], rates[0], 1e-12);
        Assert.Equal(some[^1], rates[^1], 1e-12);
        if (blocks > 5) Assert.Equal(some[1], rates[5], 1e-12);
    }
}
