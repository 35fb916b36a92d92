using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// <c>ensdsl run</c> recording in MLflow's file store (no server): the default <c>./mlruns</c>, a <c>file:</c> URI,
/// the parent/child structure, per-epoch metrics, results as metrics and artifacts, and bad tracking URIs.
/// </summary>
[Trait(Category.Name, Category.Slow)]
[Collection(nameof(LongRuns))]       // one of its tests trains long.csx
public class TrackingTests
{
    internal const string Script = """
        // Two fine-tunes of one initialisation, ensembled and souped: three training nodes, an ensemble curve of k = 1, 2.
        var start = Scratch("cifar-resnet8x16", seed: 1).Train(2, data: EmbeddedTarget(), lr: Param("lr", 0.05));
        var members = start.Star(2, m => m.Train(1, lr: 0.01));
        return Report(members.Ensemble().Named("pair"), members.Soup().Named("pair soup"));
        """;

    static Workspace Workspace()
    {
        var w = new Workspace();
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
        Assert.DoesNotContain("warning", run.Err + run.Out);
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
        foreach (var artifact in new[] { "results.json", "results.csv", "ensemble_curves.png", "report.html" })
            Assert.True(File.Exists(Path.Combine(parent, "artifacts", artifact)), artifact);
        Assert.Contains($"<dt>MLflow</dt><dd>run {parentId} in mlruns</dd>", File.ReadAllText(Path.Combine(parent, "artifacts", "report.html")));

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
        // A node's kind is a tag; its operation's own "kind" (the soup's) is a param.
        var soup = Assert.Single(children, c => File.ReadAllText(Path.Combine(c, "tags", "ensdsl.kind")) == "soup");
        Assert.Equal("uniform", File.ReadAllText(Path.Combine(soup, "params", "kind")));
        Assert.True(File.Exists(Path.Combine(parent, "metrics", "pair soup", "acc")));

        // All cached the second time: no child runs (nothing executed), a new parent with the same results.
        var again = w.Run("run", "tracked.csx", "--no-progress", "--set", "lr=0.05");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(runs.Count + 1, Directory.GetDirectories(experiment).Length);
    }

    [Fact]
    public void Runs_a_killed_process_left_RUNNING_are_ended_by_the_next_run_and_a_user_error_records_none()
    {
        using var w = new Workspace("long.csx");
        var mlruns = w.At("mlruns");
        string[] Statuses() => Directory.Exists(mlruns)
            ? [.. Directory.GetDirectories(mlruns).Where(e => File.Exists(Path.Combine(e, "meta.yaml"))).SelectMany(Directory.GetDirectories)
                .Where(r => File.Exists(Path.Combine(r, "meta.yaml"))).Select(r => Lines(Path.Combine(r, "meta.yaml")).Single(l => l.StartsWith("status: ", StringComparison.Ordinal))[8..])]
            : [];

        // A user error before anything starts (an unknown device) records nothing.
        var wrong = w.Run("run", "long.csx", "--device", "cuda:9", "--no-progress");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Empty(Statuses());

        using (var process = Ensdsl.Start(w.Directory, ["run", "long.csx", "--no-progress"]))
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (!process.HasExited && !Directory.GetFiles(w.Directory, "train-state.json", SearchOption.AllDirectories).Any() && watch.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(20);
            Assert.False(process.HasExited, "the run finished before it could be killed");
            process.Kill();
            process.WaitForExit();
        }
        var left = Statuses();
        Assert.Contains("1", left);                                                         // the parent and the running node's run
        var next = w.Run("run", "long.csx", "--no-progress", "--nodes", "xxxxxxxx");        // another user error: no run recorded
        Assert.Equal(2, next.ExitCode);
        Assert.Equal(left, Statuses());
        var resumed = w.Run("run", "long.csx", "--no-progress");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("left RUNNING by an ensdsl process that is gone, as KILLED", resumed.Err);
        Assert.DoesNotContain("1", Statuses());
        Assert.Contains("5", Statuses());
    }

    [Fact]
    public void A_sweep_records_a_run_per_cell_with_its_parameters_nested_under_the_parent()
    {
        using var w = Workspace();
        var run = w.Run("run", "tracked.csx", "--no-progress", "--set", "lr=[0.05,0.1]");
        Assert.True(run.ExitCode == 0, run.ToString());
        var experiment = Directory.GetDirectories(Path.Combine(w.Directory, "mlruns")).Single(d => File.Exists(Path.Combine(d, "meta.yaml")) && File.ReadAllText(Path.Combine(d, "meta.yaml")).Contains("name: 'tracked'"));
        var runs = Directory.GetDirectories(experiment);
        var parent = Assert.Single(runs, r => !File.Exists(Path.Combine(r, "tags", "mlflow.parentRunId")));
        var cells = runs.Where(r => File.Exists(Path.Combine(r, "tags", "ensdsl.kind")) && File.ReadAllText(Path.Combine(r, "tags", "ensdsl.kind")) == "cell")
            .ToDictionary(r => File.ReadAllText(Path.Combine(r, "tags", "mlflow.runName")));
        Assert.Equal(["lr=0.05", "lr=0.1"], cells.Keys.Order());
        Assert.All(cells.Values, c => Assert.Equal(Path.GetFileName(parent), File.ReadAllText(Path.Combine(c, "tags", "mlflow.parentRunId"))));
        Assert.Equal("0.1", File.ReadAllText(Path.Combine(cells["lr=0.1"], "params", "lr")));
        Assert.Equal(["1", "2"], Lines(Path.Combine(cells["lr=0.1"], "metrics", "pair", "acc")).Select(l => l.Split(' ')[2]));
        Assert.Contains("status: 3", Lines(Path.Combine(cells["lr=0.1"], "meta.yaml")));
    }

    [Fact]
    public void Test_scores_per_epoch_on_request_leave_the_weights_as_they_are()
    {
        using var plain = Workspace();
        using var curves = Workspace();
        var a = plain.Run("run", "tracked.csx", "--no-progress", "--out", "out");
        var b = curves.Run("run", "tracked.csx", "--no-progress", "--out", "out", "--test-every-epoch");
        Assert.True(a.ExitCode == 0 && b.ExitCode == 0, a + "\n" + b);
        string Results(Workspace w) => JObject.Parse(File.ReadAllText(Path.Combine(w.Directory, "out", "results.json")))["ensembles"]!.ToString();
        Assert.Equal(Results(plain), Results(curves));
        var experiment = Directory.GetDirectories(Path.Combine(curves.Directory, "mlruns")).Single(d => File.Exists(Path.Combine(d, "meta.yaml")) && !d.EndsWith("/0"));
        var first = Directory.GetDirectories(experiment).Single(r => File.Exists(Path.Combine(r, "params", "epochs")) && File.ReadAllText(Path.Combine(r, "params", "epochs")) == "2"
            && File.ReadAllText(Path.Combine(r, "tags", "ensdsl.kind")) == "train");
        Assert.Equal(["1", "2"], Lines(Path.Combine(first, "metrics", "test_acc")).Select(l => l.Split(' ')[2]));
        Assert.Equal(["1", "2"], Lines(Path.Combine(first, "metrics", "test_nll")).Select(l => l.Split(' ')[2]));
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

        var none = Ensdsl.Run(w.Directory, ["run", "tracked.csx", "--no-progress", "--no-tracking"], new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = "sqlite:///mlflow.db" });
        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.DoesNotContain("tracking:", none.Out);
    }

    static Dictionary<string, string> Server(Uri address, params (string Key, string Value)[] more)
    {
        var env = new Dictionary<string, string>
        {
            ["MLFLOW_TRACKING_URI"] = address.AbsoluteUri,
            ["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = "1",
            ["MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR"] = "0.05",
            ["MLFLOW_HTTP_REQUEST_BACKOFF_JITTER"] = "0.01",
        };
        foreach (var (k, v) in more) env[k] = v;
        return env;
    }


    [Fact]
    public void With_a_server_the_run_is_recorded_locally_then_uploaded_with_its_structure()
    {
        using var w = Workspace();
        using var server = new EnsDsl.Runtime.Tests.Tracking.FakeMlflowServer();
        var run = Ensdsl.Run(w.Directory, ["run", "tracked.csx", "--no-progress"], Server(server.Address));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"run(s) uploaded to {server.Address}", run.Flat);
        var parent = Assert.Single(server.Runs.Values, r => !r.Tags.ContainsKey("mlflow.parentRunId"));
        Assert.Equal("tracked", server.Experiments[parent.Experiment].Name);
        Assert.Equal("tracked.csx", parent.Params["script"]);
        Assert.Equal(["1", "2"], parent.Metrics.Where(m => m.Key == "pair/acc").Select(m => m.Step.ToString()).Order());
        Assert.True(server.Artifacts.ContainsKey($"{parent.Experiment}/{parent.Id}/artifacts/results.json"));
        var trained = server.Runs.Values.Where(r => r.Tags.GetValueOrDefault("ensdsl.kind") == "train").ToList();
        Assert.Equal(3, trained.Count);
        Assert.All(server.Runs.Values.Where(r => r != parent), r => Assert.Equal(parent.Id, r.Tags["mlflow.parentRunId"]));
        Assert.All(server.Runs.Values, r => Assert.Equal("FINISHED", r.Status));
        Assert.Equal([1L, 2L], trained.Single(r => r.Params["epochs"] == "2").Metrics.Where(m => m.Key == "train_loss").Select(m => m.Step).Order());
    }

    [Fact]
    public void A_server_that_is_down_or_refuses_never_fails_the_run_and_sync_later_uploads_each_run_once()
    {
        using var w = Workspace();
        using var server = new EnsDsl.Runtime.Tests.Tracking.FakeMlflowServer { Down = 503 };
        var run = Ensdsl.Run(w.Directory, ["run", "tracked.csx", "--no-progress"], Server(server.Address));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("`ensdsl mlflow sync` uploads it", run.Flat);
        Assert.Empty(server.Runs);

        server.Down = null;
        server.RequiredAuthorization = "Bearer right-token";
        var refused = Ensdsl.Run(w.Directory, ["mlflow", "sync"], Server(server.Address, ("MLFLOW_TRACKING_TOKEN", "wrong-token")));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("refused the credentials (401)", refused.Flat);
        Assert.DoesNotContain("wrong-token", refused.Out + refused.Err);

        var sync = Ensdsl.Run(w.Directory, ["mlflow", "sync"], Server(server.Address, ("MLFLOW_TRACKING_TOKEN", "right-token")));
        Assert.True(sync.ExitCode == 0, sync.ToString());
        int runs = server.Runs.Count, points = server.Runs.Values.Sum(r => r.Metrics.Count);
        Assert.True(runs >= 4 && points > 0, $"{runs} runs, {points} points");
        var again = Ensdsl.Run(w.Directory, ["mlflow", "sync", "--to", server.Address.AbsoluteUri], new Dictionary<string, string> { ["MLFLOW_TRACKING_TOKEN"] = "right-token" });
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"0 run(s) uploaded (0 metric points), {runs} already there", again.Flat);
        Assert.Equal((runs, points), (server.Runs.Count, server.Runs.Values.Sum(r => r.Metrics.Count)));
    }
}
