using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>Two <c>ensdsl run</c> processes on one store at once, through the real CLI.</summary>
public class SharedStoreTests
{
    [Fact]
    public void Two_runs_started_at_once_on_overlapping_scripts_compute_each_shared_node_once_and_agree()
    {
        using var w = new Workspace("tiny.csx", "shared.csx");
        var runs = new[] { ("tiny.csx", "out-tiny"), ("shared.csx", "out-shared") };
        var finished = Ensdsl.RunTogether([.. runs.Select(r => Ensdsl.Info(w.Directory, ["run", r.Item1, "--out", r.Item2, "--no-tracking", "--no-progress"]))], TimeSpan.FromMinutes(10));
        Assert.All(finished, f => Assert.True(f.ExitCode == 0, f.ToString()));
        var results = runs.Select(r => JObject.Parse(File.ReadAllText(w.At(r.Item2, "results.json")))).ToList();
        var statuses = results.Select(r => r["nodes"]!.ToDictionary(n => (string)n["id"]!, n => (string)n["status"]!)).ToList();
        var shared = statuses[0].Keys.Intersect(statuses[1].Keys).ToList();
        Assert.True(shared.Count >= 8, $"{shared.Count} shared nodes");
        // Each shared node was computed by exactly one of the runs and read from the store by the other.
        Assert.All(shared, id => Assert.Equal(["cached", "done"], new[] { statuses[0][id], statuses[1][id] }.Order()));
        Assert.All(statuses.SelectMany(s => s.Values), s => Assert.Contains(s, new[] { "done", "cached" }));
        // Both report the same StarSSE ensemble.
        var ensembles = results.Select(r => r["ensembles"]!.Single()["curve"]!.ToString()).ToList();
        Assert.Equal(ensembles[0], ensembles[1]);

        // A run afterwards finds everything cached.
        var again = w.Run("run", "shared.csx", "--no-tracking", "--no-progress");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("cached", again.Out);
        Assert.DoesNotContain(" done", again.Out.Split('\n').Single(l => l.StartsWith("nodes:", StringComparison.Ordinal)));
    }
}
