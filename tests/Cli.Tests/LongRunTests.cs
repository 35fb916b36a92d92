using System.Diagnostics;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// Runs of Fixtures/run/long.csx (many small batches): killed with SIGKILL at any moment and resumed, reporting progress within
/// long epochs, and two at once on one store. Every test class that trains long.csx is in the collection <see cref="LongRuns"/>.
/// </summary>
[Trait(Category.Name, Category.Slow)]
[Collection(nameof(LongRuns))]
public class LongRunTests
{
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
        Assert.Equal(Workspace.Checksums(straight.At(".ensdsl")), Workspace.Checksums(store));
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
    public void Two_runs_sharing_a_store_compute_each_node_once_and_the_second_waits_for_the_first()
    {
        using var w = new Workspace("long.csx");
        var results = Ensdsl.RunTogether([.. new[] { "first", "second" }.Select(name => Ensdsl.Info(w.Directory, ["run", "long.csx", "--no-tracking", "--out", $"runs/long/{name}"]))]);
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
}

/// <summary>
/// The test classes that train Fixtures/run/long.csx: never two at once, so that a test that kills a run mid-training or
/// reads its progress meets the run at the speed it was written for.
/// </summary>
[TakesAbout(130)]
[CollectionDefinition(nameof(LongRuns))]
public sealed class LongRuns;
