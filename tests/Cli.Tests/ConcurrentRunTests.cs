using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>Nodes computed beside each other (<c>--devices</c>) or one job at a time (<c>--nodes</c>) give the store a whole run gives.</summary>
[TakesAbout(25)]
public class ConcurrentRunTests
{
    [Fact]
    public void Several_devices_run_independent_nodes_at_once_with_the_same_results()
    {
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
        Assert.Equal(FinishedStores.Tiny.Checksums, Workspace.Checksums(two.At(".ensdsl")));
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

        Assert.Equal(FinishedStores.Tiny.Checksums, Workspace.Checksums(jobs.At(".ensdsl")));

        var unknown = jobs.Run("run", "tiny.csx", "--nodes", "0000000000");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("error ENS0406: --nodes 0000000000: no node of the plan has this id", unknown.Err);
    }
}
