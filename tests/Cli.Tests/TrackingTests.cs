using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// <c>ensdsl run</c> recording in MLflow's file store (no server): the default <c>./mlruns</c>, a <c>file:</c> URI,
/// the parent/child structure, per-epoch metrics, results as metrics and artifacts, and bad tracking URIs.
/// </summary>
public class TrackingTests
{
    const string Script = """
        // Two fine-tunes of one initialisation, ensembled: three training nodes, an ensemble curve of k = 1, 2.
        var start = Scratch("cifar-resnet8x16", seed: 1).Train(2, data: EmbeddedTarget(), lr: Param("lr", 0.05));
        var members = start.Star(2, m => m.Train(1, lr: 0.01));
        return Report(members.Ensemble().Named("pair"));
        """;

    static RunTests.Workspace Workspace()
    {
        var w = new RunTests.Workspace();
        File.WriteAllText(Path.Combine(w.Directory, "tracked.csx"), Script);
        return w;
    }

    static string[] Lines(string path) => File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void A_run_is_recorded_in_mlruns_as_a_parent_run_with_a_child_per_executed_node()
    {
        using var w = Workspace();
        var run = w.Run("run", "tracked.csx", "--no-progress", "--set", "lr=0.05");
        Assert.True(run.ExitCode == 0, run.ToString());
        var mlruns = Path.Combine(w.Directory, "mlruns");
        Assert.True(File.Exists(Path.Combine(mlruns, "0", "meta.yaml")) && Directory.Exists(Path.Combine(mlruns, ".trash")));
        var experiment = Assert.Single(Directory.GetDirectories(mlruns), d => File.Exists(Path.Combine(d, "meta.yaml")) && File.ReadAllText(Path.Combine(d, "meta.yaml")).Contains("name: 'tracked'"));
        var runs = Directory.GetDirectories(experiment).ToDictionary(d => File.ReadAllText(Path.Combine(d, "tags", "mlflow.runName")));
        var parent = Assert.Single(runs, r => !File.Exists(Path.Combine(r.Value, "tags", "mlflow.parentRunId"))).Value;
        var parentId = Path.GetFileName(parent);
        Assert.Contains($"tracking: mlruns, run {parentId}", run.Out);

        Assert.Equal("tracked.csx", File.ReadAllText(Path.Combine(parent, "params", "script")));
        Assert.Matches("^[0-9a-f]{16}$", File.ReadAllText(Path.Combine(parent, "params", "plan_hash")));
        Assert.Contains("status: 3", Lines(Path.Combine(parent, "meta.yaml")));
        Assert.Equal(["1", "2"], Lines(Path.Combine(parent, "metrics", "pair", "acc")).Select(l => l.Split(' ')[2]));
        foreach (var artifact in new[] { "results.json", "results.csv", "ensemble_curves.png" })
            Assert.True(File.Exists(Path.Combine(parent, "artifacts", artifact)), artifact);

        // Three training nodes and the evaluations and ensemble that ran: each a child of the parent, finished.
        var children = runs.Values.Where(r => r != parent).ToList();
        Assert.All(children, c => Assert.Equal(parentId, File.ReadAllText(Path.Combine(c, "tags", "mlflow.parentRunId"))));
        Assert.All(children, c => Assert.Contains("status: 3", Lines(Path.Combine(c, "meta.yaml"))));
        var trained = children.Where(c => File.ReadAllText(Path.Combine(c, "tags", "ensdsl.kind")) == "train").ToList();
        Assert.Equal(3, trained.Count);
        var first = Assert.Single(trained, c => File.ReadAllText(Path.Combine(c, "params", "epochs")) == "2");
        var loss = Lines(Path.Combine(first, "metrics", "train_loss"));
        Assert.Equal(["1", "2"], loss.Select(l => l.Split(' ')[2]));
        Assert.All(loss, l => Assert.True(double.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) > 0));
        Assert.Equal("0.05", File.ReadAllText(Path.Combine(first, "params", "schedule.lr")));
        Assert.True(File.Exists(Path.Combine(first, "metrics", "test_acc")));

        // All cached the second time: no child runs (nothing executed), a new parent with the same results.
        var again = w.Run("run", "tracked.csx", "--no-progress", "--set", "lr=0.05");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(runs.Count + 1, Directory.GetDirectories(experiment).Length);
    }

    [Fact]
    public void A_file_URI_chooses_the_store_and_bad_URIs_are_user_errors()
    {
        using var w = Workspace();
        var elsewhere = Path.Combine(w.Directory, "elsewhere", "store");
        var env = new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = new Uri(elsewhere).AbsoluteUri };
        var run = Ensdsl.Run(w.Directory, ["run", "tracked.csx", "--no-progress"], env);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(Directory.Exists(Path.Combine(elsewhere, "0")));
        Assert.False(Directory.Exists(Path.Combine(w.Directory, "mlruns")));

        var bad = Ensdsl.Run(w.Directory, ["run", "tracked.csx", "--no-progress"], new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = "sqlite:///mlflow.db" });
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("ENS0403", bad.Err + bad.Out);
        Assert.Contains("MLFLOW_TRACKING_URI=sqlite:///mlflow.db: ensdsl tracks to an MLflow server", bad.Err + bad.Out);

        // No REST client in this build: a server URI is said so, and the run is recorded locally instead.
        var server = Ensdsl.Run(w.Directory, ["run", "tracked.csx", "--no-progress"], new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = "http://127.0.0.1:9" });
        Assert.True(server.ExitCode == 0, server.ToString());
        Assert.Contains("tracking to an MLflow server is not in this build yet", System.Text.RegularExpressions.Regex.Replace(server.Err, @"\s+", " "));
        Assert.True(Directory.Exists(Path.Combine(w.Directory, "mlruns")));

        var none = Ensdsl.Run(w.Directory, ["run", "tracked.csx", "--no-progress", "--no-tracking"], new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = "sqlite:///mlflow.db" });
        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.DoesNotContain("tracking:", none.Out);
    }
}
