using System.Diagnostics;
using EnsDsl.Planning;
using EnsDsl.Runtime.Checkpoints;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Randomness;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Store;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Checkpoints;

/// <summary>
/// Checkpoints written by PyTorch at test time (Fixtures/make_checkpoints.py with Debian's python3-torch and
/// python3-torchvision, which .ci/run installs; the files are too large to commit).
/// </summary>
[PythonScript("Checkpoints/Fixtures/make_checkpoints.py", Seconds = 4)]
public sealed class PyTorchCheckpointFiles() : PythonFixture;

[Trait(Category.Name, Category.Python)]
public class PyTorchCheckpointTests(PyTorchCheckpointFiles files) : IClassFixture<PyTorchCheckpointFiles>
{
    static Tensor Input()
    {
        var values = Enumerable.Range(0, 2 * 3 * 64 * 64).Select(i => (float)Math.Sin(0.37 * i)).ToArray();
        return tensor(values).view(2, 3, 64, 64);
    }

    [Theory]
    [InlineData("resnet18", "model_state", "{'model_state': state_dict}")]
    [InlineData("resnet18", "state_dict", "{'state_dict': state_dict} with module. prefixes")]
    [InlineData("resnet18", "model", "{'model': state_dict}")]
    [InlineData("resnet18", "bare", "a bare state dict")]
    [InlineData("resnet50", "model_state", "{'model_state': state_dict}")]
    [InlineData("resnet50", "state_dict", "{'state_dict': state_dict} with module. prefixes")]
    [InlineData("resnet50", "model", "{'model': state_dict}")]
    [InlineData("resnet50", "bare", "a bare state dict")]
    public void Every_layout_loads_and_gives_PyTorchs_logits(string arch, string layout, string format)
    {
        var checkpoint = PyTorchCheckpoint.Load(files[$"{arch}-{layout}.pt"]);
        Assert.Equal(format, checkpoint.Format);
        using var model = Networks.Create(Architecture.Parse(arch), 1000, Generators.For(0, "load"));
        model.load_state_dict(checkpoint.StateDict, strict: true);
        model.eval();
        using var noGrad = no_grad();
        using var x = Input();
        var logits = model.call(x).data<float>().ToArray();
        var expected = JObject.Parse(File.ReadAllText(files[$"{arch}-logits.json"]))["values"]!.Select(v => (float)v).ToArray();
        Assert.Equal(expected.Length, logits.Length);
        double worst = expected.Zip(logits, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-4, $"largest logit difference {worst:E2}");
    }

    [Fact]
    public void A_pickle_that_would_run_code_is_refused_and_runs_nothing()
    {
        var e = Assert.Throws<CheckpointException>(() => PyTorchCheckpoint.Load(files["code.pt"]));
        Assert.Contains("refused", e.Message);
        Assert.Contains("system", e.Message);
        Assert.False(File.Exists(files["PWNED"]));
        Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, "PWNED")));
    }

    [Fact]
    public void Legacy_truncated_and_foreign_files_get_clear_messages()
    {
        Assert.Contains("legacy (pre-1.6, non-zip) format", Assert.Throws<CheckpointException>(() => PyTorchCheckpoint.Load(files["legacy.pt"])).Message);
        var bytes = File.ReadAllBytes(files["resnet18-bare.pt"]);
        File.WriteAllBytes(files["truncated.pt"], bytes[..(bytes.Length / 2)]);
        Assert.Contains("is it truncated?", Assert.Throws<CheckpointException>(() => PyTorchCheckpoint.Load(files["truncated.pt"])).Message);
        File.WriteAllText(files["notes.txt"], "not a checkpoint");
        Assert.Contains("not a PyTorch checkpoint", Assert.Throws<CheckpointException>(() => PyTorchCheckpoint.Load(files["notes.txt"])).Message);
    }

    [Fact]
    public void A_pretrained_node_stores_the_checkpoints_weights_and_a_wrong_architecture_is_named_key_by_key()
    {
        using var store = new ScriptFiles();
        // A small image folder of JPEGs of several sizes: the supervised recipe's ImageNet transforms, at 32 px.
        var folder = Path.Combine(store.Directory, "images");
        foreach (var split in new[] { "train", "test" })
            foreach (var cls in new[] { "cat", "dog" })
                for (int i = 0; i < 3; i++)
                    Imaging.TestImages.Write(Path.Combine(folder, split, cls, $"{i}.jpg"), 40 + 9 * i, 33 + 5 * i, i + (cls == "dog" ? 7 : 0) + (split == "test" ? 20 : 0), SkiaSharp.SKEncodedImageFormat.Jpeg);
        var good = EnsDsl.Prelude.Pretrained("supervised", files["resnet18-state_dict.pt"], arch: "resnet18")
            .FineTune(EnsDsl.Prelude.ImageFolder(folder), epochs: 1, batchSize: 4, imageSize: 32);
        var embedded = EnsDsl.Prelude.Pretrained("supervised", files["resnet18-state_dict.pt"], arch: "resnet18").FineTune(EnsDsl.Prelude.EmbeddedTarget(), epochs: 1);
        var wrong = EnsDsl.Prelude.Pretrained("supervised", files["resnet18-model_state.pt"]).FineTune(EnsDsl.Prelude.EmbeddedTarget(), epochs: 1);   // ResNet-50 by default
        var plan = Planner.Build(EnsDsl.Prelude.Report(good, embedded, wrong));
        var report = new LocalExecutor().Run(plan, new NodeStore(store.Directory), new ExecutionOptions(Device: "cpu"), new Tests.Execution.NullObserver(), default);
        var pretrained = report.Outcomes.Where(o => o.Node.Kind == NodeKind.Pretrained).ToDictionary(o => Path.GetFileName(((PretrainedNode)o.Node).Checkpoint));

        var loaded = pretrained["resnet18-state_dict.pt"];
        Assert.Equal(NodeStatus.Done, loaded.Status);
        Assert.Equal("{'state_dict': state_dict} with module. prefixes", Assert.IsType<PretrainedResult>(loaded.Record!.Result).Format);
        var stored = new NodeStore(store.Directory).ReadTensors(loaded.Record, NodeFile.Weights);
        var original = PyTorchCheckpoint.Load(files["resnet18-bare.pt"]).StateDict;
        Assert.Equal(original.Keys.Order(), stored.Keys.Order());
        Assert.All(original, kv => Assert.True(kv.Value.eq(stored[kv.Key]).all().item<bool>(), kv.Key));
        // Fine-tuning goes through the image pipeline; the embedded tasks exist at their own size only, and say so.
        var trained = report.Outcomes.Where(o => o.Node.Kind == NodeKind.Train && o.Node.Parents[0] == loaded.Node.Id).ToDictionary(o => ((TrainNode)o.Node).Step.Data.Kind);
        Assert.True(trained["imagefolder"].Status == NodeStatus.Done, trained["imagefolder"].Error);
        Assert.InRange((double)trained["imagefolder"].Record!.Metrics["test_acc"], 0, 1);
        Assert.Contains("embedded tasks are generated at their own size", trained["embedded"].Error);

        var mismatch = pretrained["resnet18-model_state.pt"];
        Assert.Equal(NodeStatus.Failed, mismatch.Status);
        Assert.Contains("does not fit a resnet50", mismatch.Error);
        Assert.Contains("missing: layer1.0.conv3.weight", mismatch.Error);
        Assert.Contains("with another shape: layer1.0.conv1.weight: [64, 64, 3, 3] in the file, [64, 64, 1, 1] in the network", mismatch.Error);
    }

    [Fact]
    public async Task Weights_exported_by_ensdsl_load_in_PyTorch_with_the_same_logits()
    {
        using var model = Networks.Create(Architecture.ResNet18, 10, Generators.For(5, "init"));
        model.eval();
        float[] logits;
        using (no_grad())
        using (var x = Input())
            logits = model.call(x).data<float>().ToArray();
        var file = files["exported.pt"];
        File.WriteAllBytes(file, PyTorchExport.Bytes(model.state_dict()));

        // ensdsl reads its own export back exactly ...
        var back = PyTorchCheckpoint.Load(file).StateDict;
        Assert.All(model.state_dict(), kv => Assert.True(kv.Value.eq(back[kv.Key]).all().item<bool>(), kv.Key));

        // ... and PyTorch loads it into torchvision's ResNet-18 and computes the same logits.
        const string Python = """
            import json, sys, torch, torchvision
            net = torchvision.models.resnet18(num_classes=10)
            net.load_state_dict(torch.load(sys.argv[1]))
            net.eval()
            x = torch.arange(2 * 3 * 64 * 64, dtype=torch.float64).mul(0.37).sin().float().view(2, 3, 64, 64)
            with torch.no_grad():
                print(json.dumps(net(x).flatten().tolist()))
            """;
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", Python, file]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await error);
        var python = JArray.Parse(output).Select(v => (float)v).ToArray();
        Assert.Equal(logits.Length, python.Length);
        double worst = logits.Zip(python, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 1e-4, $"largest logit difference {worst:E2}");
    }

    [Theory]
    [InlineData("resnet50-model_state.pt", "{'model_state': state_dict}", "resnet50")]
    [InlineData("resnet18-state_dict.pt", "{'state_dict': state_dict} with module. prefixes", "resnet18")]
    public void Inspect_names_the_layout_the_architecture_and_the_classes(string file, string format, string arch)
    {
        var summary = CheckpointInspection.Inspect(files[file]);
        Assert.Equal((format, arch, 1000), (summary.Format, summary.Architecture, summary.Classes));
        Assert.Contains(summary.Tensors, t => t.Key == "conv1.weight" && t.Shape.SequenceEqual([64L, 3, 7, 7]));
    }
}
