using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary><c>--repeat</c> and sweeps through the real CLI: each output over its repetitions, paired differences, cells and charts.</summary>
public class RepetitionTests
{
    [Fact]
    public void A_repeated_run_reports_each_output_over_its_repetitions_and_paired_differences()
    {
        using var w = new Workspace("repeat.csx");
        var run = w.Run("run", "repeat.csx", "--repeat", "seed=1..3", "--no-progress", "--no-tracking", "--out", "out");
        Assert.True(run.ExitCode == 0, run.ToString());
        var results = JObject.Parse(File.ReadAllText(w.At("out", "results.json")));
        ResultsSchema.AssertValid(w.At("out", "results.json"));
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
        ResultsSchema.AssertValid(w.At("out", "results.json"));
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
}
