using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary><c>ensdsl run</c> through the real process: results.json, results.csv, charts and the table; a second run all cached;
/// <c>compare</c>, <c>eval</c>, <c>export</c> and <c>inspect</c> of what a run stored.</summary>
[TakesAbout(35)]
public class RunTests
{
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
        Scored.AccuracyOver(1000, (double)train["metrics"]!["test_acc"]!);       // 20 classes × 50 test images
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
        // The same side by side as a page: the runs, each metric's table with the numbers --json gives, the chart, each run's page linked.
        var html = w.Run("compare", "runs/tiny/first", "runs/tiny/second", "--metrics", "acc,nll", "--html", "compared/tiny.html");
        Assert.True(html.ExitCode == 2 && html.Err.Contains("cannot write the page compared/tiny.html"), html.ToString());
        Directory.CreateDirectory(w.At("compared"));
        html = w.Run("compare", "runs/tiny/first", "runs/tiny/second", "--metrics", "acc,nll", "--html", "compared/tiny.html");
        Assert.True(html.ExitCode == 0, html.ToString());
        Assert.Contains("page: compared/tiny.html", html.Out);
        var comparison = File.ReadAllText(w.At("compared", "tiny.html"));
        Assert.DoesNotContain("<script", comparison);
        Assert.DoesNotMatch(@"(src|href)=""(https?:)?//", comparison);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(comparison, @"<img src=""data:image/png;base64,"));
        foreach (var run in new[] { "first", "second" })
            Assert.Contains($"<a href=\"../runs/tiny/{run}/report.html\">runs/tiny/{run}</a>", comparison);
        foreach (var item in compared.Where(i => i["metrics"]!["acc"]!["runs"]![0]!.Type != JTokenType.Null))
        {
            var acc = ((double)item["metrics"]!["acc"]!["runs"]![1]!["value"]!).ToString("F4", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Matches($@"<tr><th scope=""row"">{System.Text.RegularExpressions.Regex.Escape(System.Net.WebUtility.HtmlEncode((string)item["name"]!))}</th><td>\w+</td><td class=""n"">{acc}</td><td class=""n"">{acc}</td><td class=""n"">0.0000</td></tr>", comparison);
        }
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
        ResultsSchema.AssertValid(Path.Combine(w.Directory, "out", "results.json"));
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
        Assert.All(soups.Values, s => Scored.AccuracyOver(1000, (double)s["acc"]!));
        Assert.Equal("centre", (string?)Assert.Single(results["evaluations"]!)["name"]);
        Assert.Equal(["interpolation", "basin", "plane"], results["analyses"]!.Select(a => (string)a["kind"]!));

        // The plane: a 3 × 3 grid of cached points; its three models at (0, 0), (b, 0), (cx, cy); the uniform soup of the
        // three is their mean, so it lies on the plane, at their centroid.
        var plane = results["analyses"]![2]!["result"]!;
        Assert.Equal(9, results["nodes"]!.Count(n => (string?)n["kind"] == "planepoint" && (string?)n["status"] == "done"));
        Assert.Equal((3, 3), (plane["x"]!.Count(), plane["y"]!.Count()));
        Assert.All(plane["test_err"]!.SelectMany(r => r), e => Assert.InRange((double)e, 0, 1));
        Assert.All(plane["test_nll"]!.SelectMany(r => r), l => Assert.True((double)l > 0 && double.IsFinite((double)l)));
        var models = plane["models"]!.Select(m => (X: (double)m["x"]!, Y: (double)m["y"]!, Off: (double)m["distance_to_plane"]!, Spans: (bool)m["spans"]!)).ToList();
        Assert.Equal([true, true, true, false], models.Select(m => m.Spans));
        var (b, c) = (models[1], models[2]);
        Assert.True(b.X > 0 && c.Y > 0, $"b at {b}, c at {c}");
        Assert.Equal((0.0, 0.0, 0.0, 0.0, 0.0), (models[0].X, models[0].Y, b.Y, b.Off, c.Off));
        Assert.Equal((b.X + c.X) / 3, models[3].X, 1e-4 * b.X);
        Assert.Equal(c.Y / 3, models[3].Y, 1e-4 * b.X);
        Assert.InRange(models[3].Off, 0, 1e-3 * b.X);
        // The grid spans the three models' coordinates with a quarter of their span on each side.
        var (low, high) = (Math.Min(0, c.X), Math.Max(b.X, c.X));
        Assert.All(new[] { low - 0.25 * (high - low), (low + high) / 2, high + 0.25 * (high - low) }.Zip(plane["x"]!),
            p => Assert.Equal(p.First, (double)p.Second!, 1e-12 * high));
        var planes = File.ReadAllLines(w.At("out", "planes.csv"));
        Assert.Equal("experiment,name,x,y,test_err,test_nll,model,distance_to_plane", planes[0]);
        Assert.Equal(1 + 9 + 4, planes.Length);

        var csv = File.ReadAllLines(Path.Combine(w.Directory, "out", "results.csv"));
        Assert.Equal("experiment,name,kind,k,metric,value,stat", csv[0]);
        Assert.Contains("evaluation,StarSSE,ensemble,3,cnll,", string.Join("\n", csv));
        // A single run's rows: a number, and no statistic (the stat column is for groups of repetitions).
        Assert.All(csv.Skip(1), line => Assert.True(line.EndsWith(',') && double.TryParse(line.Split(',')[^2], System.Globalization.CultureInfo.InvariantCulture, out _), line));
        Assert.Contains(csv, l => l.StartsWith("evaluation,StarSSE basin,basin,2,distance_to_center,", StringComparison.Ordinal));
        Assert.Contains(csv, l => l.StartsWith("evaluation,StarSSE basin,basin,2,layer2/relative_to_pretrained,", StringComparison.Ordinal));
        // Stage by stage: the network's stages, head left out; together they make each member's whole distances.
        foreach (var member in results["analyses"]![1]!["result"]!["members"]!)
        {
            var stages = member["stages"]!.ToList();
            Assert.Equal(["bn1", "conv1", "layer1", "layer2", "layer3"], stages.Select(s => (string)s["stage"]!).Order());
            double Whole(string name) => Math.Sqrt(stages.Sum(s => Math.Pow((double)s[name]!, 2)));
            Assert.Equal((double)member["distance_to_center"]!, Whole("to_center"), 1e-9);
            Assert.Equal((double)member["distance_to_pretrained"]!, Whole("to_pretrained"), 1e-9);
            Assert.All(stages, s => Assert.True((double)s["relative_to_pretrained"]! > 0));
        }

        foreach (var chart in new[] { "ensemble_curves.png", "ensemble_curves_nll.png", "interpolation.png", "soups_vs_ensembles.png", "plane.png", "basin_stages.png", "basin_stages_center.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(w.Directory, "out", chart));
            Assert.True(bytes.Length > 10_000 && bytes[1..4].SequenceEqual("PNG"u8.ToArray()), $"{chart}: {bytes.Length} bytes");
        }
        Assert.Contains("cNLL", run.Out);
        Assert.Contains("disagreement", run.Out);
        ReportPage.AssertSelfContainedAndFaithful(w.At("out", "report.html"), results);
        ReportPage.AssertRewrittenTheSame(w.At("out"));
        // What ran: this machine, and the MLflow run the page names is the run's parent in the file store.
        var page = File.ReadAllText(w.At("out", "report.html"));
        Assert.Contains($"<dt>machine</dt><dd>{System.Net.WebUtility.HtmlEncode(Environment.MachineName)}: ", page);
        var tracked = System.Text.RegularExpressions.Regex.Match(page, @"<dt>MLflow</dt><dd>run (\w{32}) in mlruns</dd>");
        Assert.True(tracked.Success, "the page names no MLflow run");
        Assert.Single(Directory.GetDirectories(w.At("mlruns"), tracked.Groups[1].Value, SearchOption.AllDirectories));

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
            (["--checkpoint", weights, "--arch", "cifar-resnet8x16", "--data", "kmnist:x"], "unknown kind 'kmnist'"),
            (["--checkpoint", weights, "--arch", "cifar-resnet8x16"], "--data is required"),
        })
        {
            var bad = w.Run(["eval", .. args]);
            Assert.True(bad.ExitCode == 2, bad.ToString());
            Assert.Contains(message, bad.Err + bad.Out);
            Assert.DoesNotContain("   at ", bad.Err);
        }
    }
}
