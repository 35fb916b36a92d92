using System.Diagnostics;
using System.Security.Cryptography;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary><c>ensdsl run</c> through the real process: results, caching, failures, and resuming after SIGKILL.</summary>
[Collection(nameof(RunTests))]       // with TerminalWidthTests: both train long.csx, never at the same time
public class RunTests
{
    internal sealed class Workspace : IDisposable
    {
        public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("ensdsl-run-").FullName;

        public Workspace(params string[] fixtures)
        {
            // A fixture of Fixtures/run by its name, or of another folder as FOLDER/NAME.
            foreach (var f in fixtures) File.Copy(Path.Combine(Ensdsl.Fixtures, f.Contains('/') ? f : Path.Combine("run", f)), Path.Combine(Directory, Path.GetFileName(f)));
        }

        public Ensdsl.Result Run(params string[] args) => Ensdsl.Run(Directory, args);

        public string At(params string[] parts) => System.IO.Path.Combine([Directory, .. parts]);

        public JObject Results(string experiment) => JObject.Parse(File.ReadAllText(
            System.IO.Directory.GetFiles(Path.Combine(Directory, "runs", experiment), "results.json", SearchOption.AllDirectories).Order().Last()));

        public void Dispose()
        {
            try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
        }
    }

    internal static Dictionary<string, string> Checksums(string store) => Directory.GetFiles(Path.Combine(store, "nodes"), "*.tensors", SearchOption.AllDirectories)
        .Where(f => !Path.GetFileName(f).StartsWith("train-state", StringComparison.Ordinal))
        .ToDictionary(f => Path.GetRelativePath(store, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public void A_run_writes_results_json_and_a_second_run_is_all_cached()
    {
        using var w = new Workspace("tiny.csx");
        var first = w.Run("run", "tiny.csx", "--out", "runs/tiny/first");
        Assert.True(first.ExitCode == 0, first.ToString());
        var results = w.Results("tiny");
        Assert.Equal(("tiny", "tiny.csx"), ((string)results["experiment"]!, (string)results["script"]!));
        Assert.Equal(results["plan"]!["nodes"]!.Count(), results["nodes"]!.Count());
        var train = results["nodes"]!.First(n => (string?)n["kind"] == "train");
        foreach (var field in new[] { "id", "kind", "label", "status", "epochs", "seconds", "train_images_per_second", "metrics" })
            Assert.NotNull(train[field]);
        Assert.Equal("done", (string?)train["status"]);
        Assert.InRange((double)train["metrics"]!["test_acc"]!, 0, 1);
        Assert.True((double)train["train_images_per_second"]! > 0);
        Assert.Equal(["StarSSE", "StarSSE soup", "train ↔ StarSSE branch 2/3"], results["outputs"]!.Select(o => (string)o["name"]!));
        Assert.Contains("nodes: 11 done", first.Out);

        var second = w.Run("run", "tiny.csx", "--out", "runs/tiny/second");
        Assert.True(second.ExitCode == 0, second.ToString());
        var cached = w.Results("tiny");
        Assert.All(cached["nodes"]!, n => Assert.Equal("cached", (string?)n["status"]));
        Assert.Equal(results["outputs"]!.Select(o => o["metrics"]!.ToString()), cached["outputs"]!.Select(o => o["metrics"]!.ToString()));

        // ensdsl compare puts the two runs side by side: the same scores, differences of zero.
        var compare = w.Run("compare", "runs/tiny/first", "runs/tiny/second", "--json");
        Assert.True(compare.ExitCode == 0, compare.ToString());
        var compared = JObject.Parse(compare.Out)["items"]!;
        Assert.Equal(["StarSSE", "StarSSE soup", "train ↔ StarSSE branch 2/3"], compared.Select(i => (string)i["name"]!));
        Assert.All(compared.Take(2), i => Assert.Equal(0.0, (double)i["metrics"]!["acc"]!["differences"]![0]!["mean"]!));
        Assert.Contains("acc A", w.Run("compare", "runs/tiny/first", "runs/tiny/second").Out);
        var chart = w.Run("compare", "runs/tiny/first", "runs/tiny/second", "--metrics", "nll,acc", "--chart", "compare.png");
        Assert.True(chart.ExitCode == 0, chart.ToString());
        Assert.Contains("chart: compare.png", chart.Out);
        var png = File.ReadAllBytes(w.At("compare.png"));
        Assert.Equal("\x89PNG", System.Text.Encoding.Latin1.GetString(png, 0, 4));
        Assert.Equal(960, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));     // IHDR width
        Assert.Equal(2, w.Run("compare", "runs/tiny/first").ExitCode);
        Assert.Contains("no readable results.json", w.Run("compare", "runs/tiny/first", "runs/none").Err);

        // Runs started at once (all cached: within a second or so) each get a default folder of their own.
        var runs = Enumerable.Range(0, 3).Select(_ => Ensdsl.Start(w.Directory, ["run", "tiny.csx", "--no-progress", "--no-tracking"])).ToList();
        foreach (var run in runs)
        {
            run.WaitForExit();
            Assert.Equal(0, run.ExitCode);
        }
        var folders = Directory.GetFiles(w.At("runs", "tiny"), "results.json", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName).Where(d => Path.GetFileName(d) is not ("first" or "second")).ToList();
        Assert.Equal(3, folders.Count);
    }

    [Fact]
    public void A_run_reports_ensembles_soups_and_analyses_in_json_csv_charts_and_a_table()
    {
        using var w = new Workspace("evaluation.csx");
        var run = w.Run("run", "evaluation.csx", "--no-progress", "--out", "out");
        Assert.True(run.ExitCode == 0, run.ToString());
        var results = JObject.Parse(File.ReadAllText(Path.Combine(w.Directory, "out", "results.json")));
        var ensemble = Assert.Single(results["ensembles"]!);
        Assert.Equal("StarSSE", (string?)ensemble["name"]);
        Assert.Equal(3, ensemble["members"]!.Count());
        Assert.Equal([1, 2, 3], ensemble["curve"]!.Select(p => (int)p["k"]!));
        foreach (var key in new[] { "acc", "nll", "ece", "brier", "cnll" }) Assert.NotNull(ensemble["curve"]![2]![key]);
        foreach (var key in new[] { "disagreement", "kl", "gain" }) Assert.NotNull(ensemble["diversity"]![key]);

        var soups = results["soups"]!.ToDictionary(s => (string)s["kind"]!);
        Assert.Equal(["greedy", "uniform"], soups.Keys.Order());
        Assert.Equal("BN recomputed", (string?)soups["uniform"]["bn"]);
        Assert.InRange(soups["greedy"]["chosen"]!.Count(), 1, 3);
        Assert.Equal(200, (int)soups["greedy"]["held_out"]!["images"]!);
        Assert.StartsWith("embedded:target?split=holdout: held-out images", (string)soups["greedy"]["held_out"]!["from"]!);
        Assert.All(soups.Values, s => Assert.InRange((double)s["acc"]!, 0, 1));
        Assert.Equal("centre", (string?)Assert.Single(results["evaluations"]!)["name"]);
        Assert.Equal(["interpolation", "basin"], results["analyses"]!.Select(a => (string)a["kind"]!));

        var csv = File.ReadAllLines(Path.Combine(w.Directory, "out", "results.csv"));
        Assert.Equal("experiment,name,kind,k,metric,value,stat", csv[0]);
        Assert.Contains("evaluation,StarSSE,ensemble,3,cnll,", string.Join("\n", csv));
        // A single run's rows: a number, and no statistic (the stat column is for groups of repetitions).
        Assert.All(csv.Skip(1), line => Assert.True(line.EndsWith(',') && double.TryParse(line.Split(',')[^2], System.Globalization.CultureInfo.InvariantCulture, out _), line));
        Assert.Contains(csv, l => l.StartsWith("evaluation,StarSSE basin,basin,2,distance_to_center,", StringComparison.Ordinal));

        foreach (var chart in new[] { "ensemble_curves.png", "ensemble_curves_nll.png", "interpolation.png", "soups_vs_ensembles.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(w.Directory, "out", chart));
            Assert.True(bytes.Length > 10_000 && bytes[1..4].SequenceEqual("PNG"u8.ToArray()), $"{chart}: {bytes.Length} bytes");
        }
        Assert.Contains("cNLL", run.Out);
        Assert.Contains("disagreement", run.Out);

        // ensdsl eval scores a stored model exactly as the plan's evaluation did.
        var centre = results["evaluations"]![0]!;
        var weights = Path.Combine(".ensdsl", "nodes", (string)centre["model"]!, "weights.tensors");
        var eval = w.Run("eval", "--checkpoint", weights, "--arch", "cifar-resnet8x16", "--data", "embedded:target", "--json");
        Assert.True(eval.ExitCode == 0, eval.ToString());
        var scores = JObject.Parse(eval.Out);
        Assert.Equal(1000, (int)scores["images"]!);                 // 20 classes × 50 test images
        foreach (var key in new[] { "acc", "nll", "ece", "brier", "cnll" }) Assert.Equal((double)centre[key]!, (double)scores[key]!, 1e-9);
        // Without --arch, the weights' keys and shapes tell it.
        var inferred = JObject.Parse(w.Run("eval", "--checkpoint", weights, "--data", "embedded:target", "--json").Out);
        Assert.Equal(("cifar-resnet8x16", (double)scores["nll"]!), ((string)inferred["arch"]!, (double)inferred["nll"]!));
        var table = w.Run("eval", "--checkpoint", weights, "--arch", "cifar-resnet8x16", "--data", "embedded:target");
        Assert.Contains(((double)centre["acc"]!).ToString("F4", System.Globalization.CultureInfo.InvariantCulture), table.Out);

        // ensdsl export writes the stored model in PyTorch's format (the store keeps one copy, ensdsl's); ensdsl inspect
        // recognises both.
        Assert.Empty(Directory.GetFiles(w.At(".ensdsl", "nodes"), "*.pt", SearchOption.AllDirectories));
        var exported = Path.Combine("exported", "centre.pt");
        var export = w.Run("export", ((string)centre["model"]!)[..10], "--to", exported);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("torch.load", export.Out);
        var notModel = w.Run("export", (string)results["nodes"]!.First(n => (string?)n["kind"] == "ensemble")["id"]!);
        Assert.Equal(2, notModel.ExitCode);
        Assert.Contains("holds no weights", notModel.Err);
        var inspect = w.Run("inspect", exported, "--json");
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        var summary = JObject.Parse(inspect.Out);
        Assert.Equal(("a bare state dict", "cifar-resnet8x16", 20), ((string)summary["format"]!, (string)summary["architecture"]!, (int)summary["classes"]!));
        Assert.Contains(summary["tensors"]!, t => (string)t["key"]! == "fc.weight" && t["shape"]!.Select(d => (int)d).SequenceEqual([20, 64]));
        var plain = w.Run("inspect", weights);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("ensdsl weights", plain.Out);
        Assert.Contains("fc.weight", plain.Out);
        Assert.Contains("architecture: cifar-resnet8x16; head: 20 classes", plain.Out);
        var missing = w.Run("inspect", "nothing.pt");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nothing.pt: no such file", missing.Err);

        File.WriteAllBytes(Path.Combine(w.Directory, "model.pt"), [(byte)'P', (byte)'K', 3, 4, 0, 0]);
        foreach (var (args, message) in new (string[], string)[]
        {
            (["--checkpoint", "missing.tensors", "--arch", "cifar-resnet8x16", "--data", "embedded:target"], "missing.tensors: no such file"),
            (["--checkpoint", "model.pt", "--arch", "cifar-resnet8x16", "--data", "embedded:target"], "model.pt: cannot be read as a PyTorch checkpoint"),
            (["--checkpoint", weights, "--arch", "cifar-resnet8x16", "--data", "embedded:source"], "its head predicts 20 classes, but embedded:source has 40"),
            (["--checkpoint", weights, "--arch", "resnet-7", "--data", "embedded:target"], "--arch resnet-7: unknown architecture"),
            (["--checkpoint", weights, "--arch", "resnet18", "--data", "embedded:target"], "--arch resnet18, but the weights are a cifar-resnet8x16's (their keys and shapes say so); use --arch cifar-resnet8x16, or leave --arch out"),
            (["--checkpoint", weights, "--arch", "cifar-resnet8x16", "--data", "mnist:x"], "unknown kind 'mnist'"),
            (["--checkpoint", weights, "--arch", "cifar-resnet8x16"], "--data is required"),
        })
        {
            var bad = w.Run(["eval", .. args]);
            Assert.True(bad.ExitCode == 2, bad.ToString());
            Assert.Contains(message, bad.Err + bad.Out);
            Assert.DoesNotContain("   at ", bad.Err);
        }
    }

    [Fact]
    public void A_run_killed_with_SIGKILL_at_any_moment_resumes_to_the_results_of_an_uninterrupted_run()
    {
        using var straight = new Workspace("long.csx");
        Assert.Equal(0, straight.Run("run", "long.csx", "--no-progress").ExitCode);

        using var killed = new Workspace("long.csx");
        var store = Path.Combine(killed.Directory, ".ensdsl");
        // Training progress in the store: epochs saved by unfinished steps, and finished nodes (each counting for more).
        int Progress() => Directory.Exists(Path.Combine(store, "nodes"))
            ? Directory.GetFiles(Path.Combine(store, "nodes"), "train-state.json", SearchOption.AllDirectories)
                .Sum(f => { try { return (int)JObject.Parse(File.ReadAllText(f))["epochs_done"]!; } catch (Exception) { return 0; } })
              + 100 * Directory.GetFiles(Path.Combine(store, "nodes"), "node.json", SearchOption.AllDirectories).Length
            : 0;
        // Kill while compiling or planning, then twice in the middle of a training step: each time after this process
        // has itself saved epochs (two, then one), so that every kill lands mid-training, not right after start.
        foreach (var killWhen in new Func<Stopwatch, int, bool>[] { (w, _) => w.ElapsedMilliseconds > 300, (_, start) => Progress() >= start + 3, (_, start) => Progress() >= start + 1 })
        {
            var progress = Progress();
            using var process = Ensdsl.Start(killed.Directory, ["run", "long.csx", "--no-progress"]);
            var watch = Stopwatch.StartNew();
            while (!process.HasExited && !killWhen(watch, progress) && watch.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(20);
            Assert.False(process.HasExited, "the run finished before it could be killed: make the fixture longer");
            process.Kill();                                   // SIGKILL: no handler runs
            process.WaitForExit();
        }
        var last = killed.Run("run", "long.csx", "--no-progress");
        Assert.True(last.ExitCode == 0, last.ToString());
        Assert.Contains("resuming after epoch", last.Err);
        Assert.Equal(Checksums(Path.Combine(straight.Directory, ".ensdsl")), Checksums(store));
    }

    // An epoch longer than the progress interval (5 s by default; shortened here so that a small run has long epochs)
    // gets lines within it: batches done, images/s and the time left in the epoch.
    [Fact]
    public void Long_epochs_report_their_progress_within_the_epoch()
    {
        using var w = new Workspace("long.csx");
        var run = Ensdsl.Run(w.Directory, ["run", "long.csx", "--no-tracking"], new Dictionary<string, string> { ["ENSDSL_PROGRESS_INTERVAL"] = "0.05" });
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"train \(\w{8}\)  epoch \d+/20  batch \d+/25  \d+ img/s  epoch ETA \d+:\d\d", run.Err);
        // Epochs shorter than the interval get none (an interval no epoch here reaches, however loaded the machine).
        var quiet = Ensdsl.Run(w.Directory, ["run", "long.csx", "--no-tracking", "--store", "other"], new Dictionary<string, string> { ["ENSDSL_PROGRESS_INTERVAL"] = "3600" });
        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.DoesNotContain(" batch ", quiet.Err);
    }

    [Fact]
    public void Damaged_store_entries_are_named_by_label_and_recomputed_to_the_same_results()
    {
        using var w = new Workspace("tiny.csx");
        var first = w.Run("run", "tiny.csx", "--no-progress", "--no-tracking", "--out", "first");
        Assert.True(first.ExitCode == 0, first.ToString());
        var store = w.At(".ensdsl");
        var before = Checksums(store);
        var ids = JObject.Parse(File.ReadAllText(w.At("first", "results.json")))["nodes"]!.ToDictionary(n => (string)n["label"]!, n => (string)n["id"]!);
        string In(string label, string file) => Path.Combine(store, "nodes", ids[label], file);

        var weights = File.ReadAllBytes(In("train", "weights.tensors"));
        File.WriteAllBytes(In("train", "weights.tensors"), weights[..(weights.Length / 2)]);          // truncated
        var predictions = File.ReadAllBytes(In("evaluate StarSSE branch 2/3", "predictions.tensors"));
        predictions[predictions.Length / 2] ^= 0x40;                                                   // one flipped bit
        File.WriteAllBytes(In("evaluate StarSSE branch 2/3", "predictions.tensors"), predictions);
        File.Delete(In("StarSSE soup", "node.json"));                                                  // record lost
        var record = JObject.Parse(File.ReadAllText(In("ensemble of 3", "node.json")));
        record["format"] = 99;                                                                         // another store format
        File.WriteAllText(In("ensemble of 3", "node.json"), record.ToString());

        var again = w.Run("run", "tiny.csx", "--no-progress", "--no-tracking", "--out", "again");
        Assert.True(again.ExitCode == 0, again.ToString());
        foreach (var (label, reason) in new[]
        {
            ("train", "weights.tensors fails its checksum"), ("evaluate StarSSE branch 2/3", "predictions.tensors fails its checksum"),
            ("StarSSE soup", "result files without node.json"), ("ensemble of 3", "written by store format 99"),
        })
            Assert.Matches($@"note\s+{System.Text.RegularExpressions.Regex.Escape(label)} \({ids[label][..8]}\): stored result discarded \({System.Text.RegularExpressions.Regex.Escape(reason)}", again.Flat);
        Assert.Equal(before, Checksums(store));
        var results = JObject.Parse(File.ReadAllText(w.At("again", "results.json")));
        Assert.Equal("done", (string)results["nodes"]!.Single(n => (string)n["label"]! == "train")["status"]!);
        Assert.Equal(JObject.Parse(File.ReadAllText(w.At("first", "results.json")))["outputs"]!.Select(o => o["metrics"]!.ToString()),
            results["outputs"]!.Select(o => o["metrics"]!.ToString()));
    }

    [Fact]
    public void A_diverging_step_fails_the_run_with_its_reason_and_the_rest_finishes()
    {
        using var w = new Workspace("diverges.csx");
        var result = w.Run("run", "diverges.csx", "--no-progress");
        Assert.True(result.ExitCode == 1, result.ToString());
        // Which of its two epochs diverges depends on the CPU's floating-point path (AMD EPYC: the second).
        Assert.Matches(@"failed: diverges \(\w{8}\): the training loss became (NaN|infinite) in epoch \d+\b", result.Out);
        var nodes = w.Results("diverges")["nodes"]!;
        Assert.Equal("failed", (string?)nodes.Single(n => (string?)n["label"] == "diverges")["status"]);
        Assert.Equal("done", (string?)nodes.Single(n => (string?)n["label"] == "evaluate fine")["status"]);
    }

    [Fact]
    public void An_unwritable_store_exits_2_and_says_what_to_do()
    {
        using var w = new Workspace("tiny.csx");
        File.WriteAllText(Path.Combine(w.Directory, "blocked"), "a file, not a folder");
        var result = w.Run("run", "tiny.csx", "--store", "blocked/store");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error ENS0401: cannot use the store", result.Err);
        Assert.Contains("--store DIR", result.Err);
    }

    // A guard against label, split or evaluation bugs that every other test would miss: a pre-trained and fine-tuned
    // model must be far above chance (0.05 on 20 classes; about 0.6-0.7 on the machines measured), on any CPU.
    [Fact]
    public void A_fine_tuned_model_on_the_embedded_task_is_far_above_chance()
    {
        using var w = new Workspace("transfer.csx");
        var run = w.Run("run", "transfer.csx", "--no-progress", "--no-tracking", "--out", "out");
        Assert.True(run.ExitCode == 0, run.ToString());
        var evaluation = Assert.Single(JObject.Parse(File.ReadAllText(w.At("out", "results.json")))["evaluations"]!);
        Assert.InRange((double)evaluation["acc"]!, 0.3, 1.0);
    }

    [Fact]
    public void A_small_Swin_trained_through_the_CLI_learns_the_source_task_plainly_and_with_the_Swin_recipe()
    {
        using var w = new Workspace("swin.csx");
        var run = w.Run("run", "swin.csx", "--no-progress", "--no-tracking", "--out", "out");
        Assert.True(run.ExitCode == 0, run.ToString());
        var evaluations = JObject.Parse(File.ReadAllText(w.At("out", "results.json")))["evaluations"]!.ToDictionary(e => (string)e["name"]!);
        // Chance is 0.025 on 1,000 test images (standard error 0.005): 0.045 is four standard errors above it.
        Assert.InRange((double)evaluations["Swin"]["acc"]!, 0.045, 1.0);
        // With Mixup/CutMix it learns more slowly; a model that learned nothing scores at best ln 40 = 3.69 in NLL.
        var recipe = evaluations["Swin, the recipe's loss and regularisation"];
        Assert.InRange((double)recipe["acc"]!, 0.03, 1.0);
        Assert.InRange((double)recipe["nll"]!, 0, Math.Log(40) - 0.03);
    }

    [Fact]
    public void A_repeated_run_reports_each_output_over_its_repetitions_and_paired_differences()
    {
        using var w = new Workspace("repeat.csx");
        var run = w.Run("run", "repeat.csx", "--repeat", "seed=1..3", "--no-progress", "--no-tracking", "--out", "out");
        Assert.True(run.ExitCode == 0, run.ToString());
        var results = JObject.Parse(File.ReadAllText(w.At("out", "results.json")));
        Assert.Equal("seed", (string?)results["repeat"]);
        var groups = results["groups"]!.ToDictionary(g => (string)g["name"]!);
        Assert.Equal(["StarSSE", "fine-tuned"], groups.Keys);
        // Each group's values are its repetitions' own numbers, in repetition order; mean and std (n − 1) follow.
        var tuned = groups["fine-tuned"];
        Assert.Equal(["fine-tuned [seed=1]", "fine-tuned [seed=2]", "fine-tuned [seed=3]"], tuned["items"]!.Select(i => (string)i!));
        var evaluations = results["evaluations"]!.ToDictionary(e => (string)e["name"]!);
        double[] accs = [.. tuned["items"]!.Select(i => (double)evaluations[(string)i!]["acc"]!)];
        Assert.Equal(accs, tuned["metrics"]!["acc"]!["values"]!.Select(v => (double)v));
        Assert.Equal(accs.Average(), (double)tuned["metrics"]!["acc"]!["mean"]!, 1e-12);
        Assert.Equal(Math.Sqrt(accs.Sum(a => (a - accs.Average()) * (a - accs.Average())) / 2), (double)tuned["metrics"]!["acc"]!["std"]!, 1e-12);
        Assert.Equal(3, (int)tuned["n"]!);
        Assert.Equal([1, 2], groups["StarSSE"]["curve"]!.Select(p => (int)p["k"]!));
        // StarSSE − fine-tuned, paired by seed: the mean of the three differences, inside its interval.
        var comparison = results["comparisons"]!.Single(c => (string?)c["metric"] == "acc");
        Assert.Equal(("StarSSE", "fine-tuned", 3), ((string)comparison["a"]!, (string)comparison["b"]!, (int)comparison["n"]!));
        var ensembles = results["ensembles"]!.ToDictionary(e => (string)e["name"]!);
        var differences = Enumerable.Range(1, 3).Select(s => (double)ensembles[$"StarSSE [seed={s}]"]["curve"]![1]!["acc"]! - (double)evaluations[$"fine-tuned [seed={s}]"]["acc"]!).ToList();
        Assert.Equal(differences.Average(), (double)comparison["mean"]!, 1e-12);
        Assert.InRange((double)comparison["mean"]!, (double)comparison["low"]!, (double)comparison["high"]!);
        // The CSV has the groups' rows beside the repetitions'; the console shows mean ± std and the difference.
        // The repetition is data too: each output's cell, the axes, and a column of the CSV.
        Assert.Equal(["seed"], results["axes"]!.Select(a => (string)a!));
        Assert.Equal("3", (string?)results["outputs"]!.Single(o => (string?)o["name"] == "fine-tuned [seed=3]")["cell"]!["seed"]);
        var csv = File.ReadAllLines(w.At("out", "results.csv"));
        Assert.Equal("experiment,name,kind,k,metric,value,stat,seed", csv[0]);
        Assert.Contains($"repeat,fine-tuned [seed=2],evaluation,1,acc,{accs[1].ToString("R", System.Globalization.CultureInfo.InvariantCulture)},,2", csv);
        Assert.Contains($"repeat,fine-tuned,evaluation,,acc,{accs.Average().ToString("R", System.Globalization.CultureInfo.InvariantCulture)},mean,", csv);
        Assert.Contains("repeat,fine-tuned,evaluation,,acc,3,n,", csv);
        Assert.Contains(csv, l => l.StartsWith("repeat,StarSSE,ensemble,2,acc,", StringComparison.Ordinal) && l.EndsWith(",std,", StringComparison.Ordinal));
        Assert.Contains("over repetitions of seed (mean ± std, n)", run.Flat);
        Assert.Contains("accuracy differences, paired by repetition (95 % t-interval)", run.Flat);
        // Sharing still applies: each seed's centre is trained once, for its star and its evaluation.
        Assert.Equal(3, results["nodes"]!.Count(n => (string?)n["label"] == "train"));
    }

    [Fact]
    public void A_swept_and_repeated_run_reports_each_output_once_and_draws_methods_against_the_parameter()
    {
        using var w = new Workspace("sweep.csx");
        var run = w.Run("run", "sweep.csx", "--set", "cycleLr=[0.01,0.02,0.04]", "--repeat", "seed=1..2", "--no-progress", "--no-tracking", "--out", "out");
        Assert.True(run.ExitCode == 0, run.ToString());
        var results = JObject.Parse(File.ReadAllText(w.At("out", "results.json")));
        // Local DE does not depend on the cycle LR: one output per seed, covering the three cells, not three.
        var outputs = results["outputs"]!.Select(o => (string)o["name"]!).ToList();
        Assert.Equal(["Local DE [seed=1]", "Local DE [seed=2]"], outputs.Where(o => o.StartsWith("Local DE", StringComparison.Ordinal)));
        Assert.Equal(6, outputs.Count(o => o.StartsWith("StarSSE", StringComparison.Ordinal)));
        Assert.Equal(3, results["plan"]!["outputs"]!.Single(o => (string?)o["name"] == "Local DE [seed=1]")["covers"]!.Count());
        Assert.Equal(["cycleLr", "seed"], results["axes"]!.Select(a => (string)a!));
        Assert.Equal("[0.01,0.02,0.04]", (string?)results["overrides"]!["cycleLr"]);
        // Local DE against StarSSE at each cycle LR, and StarSSE at each cycle LR against the others, paired by seed.
        Assert.Equal(3 + 3, results["comparisons"]!.Count(c => (string?)c["metric"] == "acc"));
        Assert.Contains(results["comparisons"]!, c => (string?)c["a"] == "StarSSE [cycleLr=0.01]" && (string?)c["b"] == "StarSSE [cycleLr=0.04]");
        foreach (var chart in new[] { "ensemble_curves.png", "soups_vs_ensembles.png", "sweep_cycleLr.png", "sweep_cycleLr_nll.png" })
        {
            var bytes = File.ReadAllBytes(w.At("out", chart));
            Assert.True(bytes.Length > 10_000 && bytes[1..4].SequenceEqual("PNG"u8.ToArray()), $"{chart}: {bytes.Length} bytes");
        }
    }

    [Fact]
    public void Several_devices_run_independent_nodes_at_once_with_the_same_results()
    {
        using var one = new Workspace("tiny.csx");
        Assert.Equal(0, one.Run("run", "tiny.csx", "--no-progress", "--no-tracking").ExitCode);
        using var two = new Workspace("tiny.csx");
        var result = two.Run("run", "tiny.csx", "--devices", "cpu,cpu", "--no-tracking");
        Assert.True(result.ExitCode == 0, result.ToString());
        // Two nodes computed at once (after the fine-tune, three are ready for the two devices).
        int runningNow = 0, most = 0;
        foreach (var line in result.Err.Split('\n'))
        {
            if (line.Contains("] start ", StringComparison.Ordinal)) most = Math.Max(most, ++runningNow);
            else if (line.Contains("] done ", StringComparison.Ordinal)) runningNow--;
        }
        Assert.True(most == 2, result.Err);
        Assert.Equal(Checksums(Path.Combine(one.Directory, ".ensdsl")), Checksums(Path.Combine(two.Directory, ".ensdsl")));
    }

    [Fact]
    public async Task Two_runs_sharing_a_store_compute_each_node_once_and_the_second_waits_for_the_first()
    {
        using var w = new Workspace("long.csx");
        var first = Task.Run(() => w.Run("run", "long.csx", "--no-tracking", "--out", "runs/long/first"));
        var second = Task.Run(() => w.Run("run", "long.csx", "--no-tracking", "--out", "runs/long/second"));
        var results = await Task.WhenAll(first, second);
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        // Each node was computed by one of them: no node started in both, and every node started in one.
        var started = results.Select(r => r.Err.Split('\n').Where(l => l.Contains("] start ", StringComparison.Ordinal))
            .Select(l => l[(l.LastIndexOf('(') + 1)..l.LastIndexOf(')')]).ToHashSet()).ToList();
        Assert.Empty(started[0].Intersect(started[1]));
        var nodes = (JArray)w.Results("long")["nodes"]!;
        Assert.Equal(nodes.Count, started[0].Count + started[1].Count);
        Assert.Contains(results, r => r.Err.Contains("another process is computing it; waiting for its result", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllText(Directory.GetFiles(Path.Combine(w.Directory, "runs", "long", "first"), "results.csv").Single()),
            File.ReadAllText(Directory.GetFiles(Path.Combine(w.Directory, "runs", "long", "second"), "results.csv").Single()));
    }

    [Fact]
    public void Nodes_computed_one_job_at_a_time_equal_a_whole_run()
    {
        using var jobs = new Workspace("tiny.csx");
        var nodes = JObject.Parse(jobs.Run("plan", "tiny.csx", "--json").Out)["nodes"]!;
        string Id(string label) => ((string)nodes.First(n => (string)n["label"]! == label)["id"]!)[..8];
        var (init, center, branch) = (Id("init cifar-resnet8x16"), Id("train"), Id("StarSSE branch 2/3"));

        var early = jobs.Run("run", "tiny.csx", "--nodes", branch, "--no-progress");          // its parent is not there yet
        Assert.True(early.ExitCode == 1, early.ToString());
        Assert.Contains("is not finished in the store", early.Flat);
        var first = jobs.Run("run", "tiny.csx", "--nodes", $"{init},{center}", "--no-progress");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("nodes: 2 done", first.Out);
        Assert.False(Directory.Exists(Path.Combine(jobs.Directory, "runs")));                 // a part of a run writes no results
        Assert.Equal(0, jobs.Run("run", "tiny.csx", "--nodes", branch, "--no-progress").ExitCode);
        var rest = jobs.Run("run", "tiny.csx", "--no-progress", "--no-tracking");
        Assert.True(rest.ExitCode == 0, rest.ToString());

        using var whole = new Workspace("tiny.csx");
        Assert.Equal(0, whole.Run("run", "tiny.csx", "--no-progress", "--no-tracking").ExitCode);
        Assert.Equal(Checksums(Path.Combine(whole.Directory, ".ensdsl")), Checksums(Path.Combine(jobs.Directory, ".ensdsl")));

        var unknown = jobs.Run("run", "tiny.csx", "--nodes", "0000000000");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("error ENS0406: --nodes 0000000000: no node of the plan has this id", unknown.Err);
    }

    [Fact]
    public void An_unknown_device_exits_2_before_anything_computes()
    {
        using var w = new Workspace("tiny.csx");
        var result = w.Run("run", "tiny.csx", "--device", "tpu", "--no-tracking");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error ENS0402: --device tpu: expected auto, cpu, cuda or cuda:N", result.Err);
        Assert.Empty(Directory.GetDirectories(Path.Combine(w.Directory, ".ensdsl", "nodes")));
    }

    [Fact]
    public void An_entry_written_by_another_store_version_is_recomputed()
    {
        using var w = new Workspace("tiny.csx");
        Assert.Equal(0, w.Run("run", "tiny.csx", "--no-progress").ExitCode);
        var record = Directory.GetFiles(Path.Combine(w.Directory, ".ensdsl", "nodes"), "node.json", SearchOption.AllDirectories)
            .First(f => (string?)JObject.Parse(File.ReadAllText(f))["kind"] == "train");
        var json = JObject.Parse(File.ReadAllText(record));
        json["format"] = 99;
        File.WriteAllText(record, json.ToString());
        var again = w.Run("run", "tiny.csx");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("stored result discarded (written by store format 99 (this ensdsl uses 1)); computing it again", again.Err);
        Assert.Equal(1, w.Results("tiny")["nodes"]!.Count(n => (string?)n["status"] == "done" && (string?)n["kind"] == "train"));
    }

    [Fact]
    public void An_unknown_device_exits_2()
    {
        using var w = new Workspace("tiny.csx");
        var result = w.Run("run", "tiny.csx", "--device", "tpu");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--device tpu: expected auto, cpu, cuda or cuda:N", result.Err);
    }
}
