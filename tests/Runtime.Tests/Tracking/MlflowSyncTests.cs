using EnsDsl.Runtime.Tracking;
using EnsDsl.Runtime.Tracking.Rest;

namespace EnsDsl.Runtime.Tests.Tracking;

/// <summary><c>ensdsl mlflow sync</c>'s engine against the in-process contract server: complete, idempotent, resilient.</summary>
public class MlflowSyncTests : IDisposable
{
    readonly string root = Path.Combine(Directory.CreateTempSubdirectory("ensdsl-sync-").FullName, "mlruns");
    readonly FakeMlflowServer server = new();

    public void Dispose()
    {
        server.Dispose();
        Directory.Delete(Path.GetDirectoryName(root)!, true);
    }

    static readonly HttpSettings Fast = new(null, null, null, false, TimeSpan.FromSeconds(10), 3, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(5));

    MlflowSync Sync(HttpSettings? settings = null) => new(MlflowHttp.Client(server.Address, settings ?? Fast), server.Address);

    // A parent with a finished child of 2,500 metric points (three batches), params, tags and an artifact; and a
    // run still running.
    (string Parent, string Child) Local()
    {
        var store = new MlflowFileStore(root);
        var experiment = store.Experiment("quickstart");
        var parent = store.CreateRun(experiment, "quickstart run", [KeyValuePair.Create("ensdsl.version", "0.5.0")], 1764000000000);
        store.LogParam(parent, "script", "experiments/quickstart.csx");
        var child = store.CreateRun(experiment, "fine-tune", [KeyValuePair.Create("mlflow.parentRunId", parent)], 1764000001000);
        store.LogParam(child, "schedule.lr", "0.05");
        for (int i = 0; i < 1250; i++)
        {
            store.LogMetric(child, "train/loss", 1.0 / (i + 1), 1764000002000 + i, i + 1);
            store.LogMetric(child, "train_acc", i == 7 ? double.NaN : i / 1250.0, 1764000002000 + i, i + 1);
        }
        store.EndRun(child, RunStatus.Finished, 1764000009000);
        var results = Path.Combine(Path.GetDirectoryName(root)!, "results.json");
        File.WriteAllText(results, "{\"ok\": true}");
        store.LogArtifact(parent, results);
        store.EndRun(parent, RunStatus.Failed, 1764000010000);
        store.CreateRun(experiment, "interrupted elsewhere", [], 1764000011000);
        return (parent, child);
    }

    FakeMlflowServer.Run Remote(string name) => server.Runs.Values.Single(r => r.Name == name);

    [Fact]
    public async Task Every_ended_run_is_uploaded_whole_with_parents_mapped_and_a_second_sync_sends_nothing()
    {
        Local();
        var report = await Sync().Run(root);
        Assert.Equal(new SyncReport(2, 0, 1, 2500), report);

        var parent = Remote("quickstart run");
        var child = Remote("fine-tune");
        Assert.Equal("quickstart", server.Experiments[parent.Experiment].Name);
        Assert.Equal(("FAILED", 1764000010000L), (parent.Status, parent.EndTime!.Value));
        Assert.Equal("FINISHED", child.Status);
        Assert.Equal(parent.Id, child.Tags["mlflow.parentRunId"]);
        Assert.Equal("0.05", child.Params["schedule.lr"]);
        Assert.Equal("0.5.0", parent.Tags["ensdsl.version"]);
        Assert.Equal(2500, child.Metrics.Count);
        Assert.Equal(1250, child.Metrics.Count(m => m.Key == "train/loss"));
        Assert.True(double.IsNaN(child.Metrics.Single(m => m.Key == "train_acc" && m.Step == 8).Value));
        Assert.Equal(1.0 / 3, child.Metrics.Single(m => m.Key == "train/loss" && m.Step == 3).Value);
        Assert.Equal("{\"ok\": true}", System.Text.Encoding.UTF8.GetString(server.Artifacts[$"{parent.Experiment}/{parent.Id}/artifacts/results.json"]));

        var again = await Sync().Run(root);
        Assert.Equal(new SyncReport(0, 2, 1, 0), again);
        Assert.Equal(2, server.Runs.Count);
        Assert.Equal(2500, child.Metrics.Count);
    }

    [Fact]
    public async Task Transient_errors_are_retried_with_Retry_After_and_nothing_is_duplicated()
    {
        Local();
        server.Fail(2, 503);
        server.Fail(1, 429, retryAfter: 1);
        server.Fail(1, 500);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var report = await Sync(Fast with { MaxRetries = 7 }).Run(root);
        Assert.Equal(2, report.Uploaded);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"Retry-After not honoured: {watch.Elapsed}");
        Assert.Equal(2500, Remote("fine-tune").Metrics.Count);
    }

    [Fact]
    public async Task A_server_that_goes_down_mid_sync_loses_nothing_and_the_next_sync_completes_exactly_once()
    {
        Local();
        // Down after the experiment, two runs, their params and tags, and the first metric batch.
        int answered = 0;
        var sync = Sync(Fast with { MaxRetries = 1 });
        var task = sync.Run(root);
        while (!task.IsCompleted)
        {
            answered = server.Requests.Count(r => r.Path.EndsWith("log-batch", StringComparison.Ordinal));
            if (answered >= 4) server.Down = 503;
            await Task.Delay(1);
        }
        var e = await Assert.ThrowsAsync<SyncException>(() => task);
        Assert.Contains("503", e.Message);

        server.Down = null;
        var report = await Sync().Run(root);
        Assert.Equal(2, server.Runs.Count);
        var child = Remote("fine-tune");
        Assert.Equal(2500, child.Metrics.Count);
        Assert.Equal(2500, child.Metrics.Select(m => (m.Key, m.Step)).Distinct().Count());
        Assert.Equal("FINISHED", child.Status);
        Assert.Equal(new SyncReport(0, 2, 1, 0), await Sync().Run(root));
    }

    [Fact]
    public async Task An_unreachable_server_says_to_sync_later()
    {
        Local();
        server.Dispose();
        var e = await Assert.ThrowsAsync<SyncException>(() => Sync(Fast with { MaxRetries = 1 }).Run(root));
        Assert.Contains("is unreachable", e.Message);
        Assert.Contains("run `ensdsl mlflow sync` again later", e.Message);
    }

    [Fact]
    public async Task Credentials_go_as_Basic_before_Bearer_and_a_refusal_is_one_clear_message_without_the_secret()
    {
        Local();
        server.RequiredAuthorization = "Basic " + Convert.ToBase64String("alice:s3cret"u8.ToArray());
        var refused = await Assert.ThrowsAsync<SyncException>(() => Sync(Fast with { Token = "tok-123" }).Run(root));
        Assert.Contains("refused the credentials (401)", refused.Message);
        Assert.DoesNotContain("tok-123", refused.Message);
        Assert.Equal("Bearer tok-123", server.Requests.Last().Authorization);

        var report = await Sync(Fast with { Username = "alice", Password = "s3cret", Token = "tok-123" }).Run(root);
        Assert.Equal(2, report.Uploaded);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_is_unreachable_after_its_retries()
    {
        Local();
        server.Delay = TimeSpan.FromSeconds(2);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<SyncException>(() => Sync(Fast with { Timeout = TimeSpan.FromMilliseconds(300), MaxRetries = 1 }).Run(root));
        Assert.Contains("is unreachable", e.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the timeout was not applied: {watch.Elapsed}");
        Assert.Equal(2, server.Requests.Count);                 // the first attempt and one retry
    }

    [Fact]
    public async Task A_deleted_experiment_of_the_same_name_on_the_server_is_not_logged_into()
    {
        Local();
        server.Experiments["7"] = ("quickstart", "deleted");
        var e = await Assert.ThrowsAsync<SyncException>(() => Sync().Run(root));
        Assert.Contains("experiment 'quickstart' is deleted on", e.Message);
        Assert.Empty(server.Runs);
    }

    [Fact]
    public async Task A_running_run_is_brought_up_to_date_again_and_again_then_ended_once()
    {
        var store = new MlflowFileStore(root);
        var run = store.CreateRun(store.Experiment("live"), "training", [], 1764000000000);
        for (int i = 0; i < 10; i++) store.LogMetric(run, "train_loss", 1.0 / (i + 1), 1764000000100 + i, i + 1);
        var first = await Sync().Run(root, includeRunning: true);
        Assert.Equal(new SyncReport(0, 0, 1, 10), first);
        var remote = Remote("training");
        Assert.Equal("RUNNING", remote.Status);
        Assert.Equal(10, remote.Metrics.Count);

        // A line being appended (no newline yet) waits for the next sync.
        for (int i = 10; i < 15; i++) store.LogMetric(run, "train_loss", 1.0 / (i + 1), 1764000000100 + i, i + 1);
        File.AppendAllText(Path.Combine(store.RunFolder(run), "metrics", "train_loss"), "1764000000200 0.0");
        Assert.Equal(5, (await Sync().Run(root, includeRunning: true)).Metrics);
        Assert.Equal(0, (await Sync().Run(root)).Metrics);                       // ended runs only: nothing to do
        File.AppendAllText(Path.Combine(store.RunFolder(run), "metrics", "train_loss"), "5 16\n");
        store.EndRun(run, RunStatus.Finished, 1764000009000);

        var last = await Sync().Run(root);
        Assert.Equal(new SyncReport(1, 0, 0, 1), last);
        Assert.Equal(16, remote.Metrics.Count);
        Assert.Equal(Enumerable.Range(1, 16).Select(i => (long)i), remote.Metrics.Select(m => m.Step).Order());
        Assert.Equal(0.05, remote.Metrics.Single(m => m.Step == 16).Value);
        Assert.Equal("FINISHED", remote.Status);
        Assert.Single(server.Runs);
    }

    [Fact]
    public void Live_sync_uploads_while_the_run_trains_and_stops_cleanly()
    {
        var store = new MlflowFileStore(root);
        var run = store.CreateRun(store.Experiment("live"), "training", [], 1764000000000);
        var warnings = new List<string>();
        using (new LiveSync(() => Sync().Run(root, "live", includeRunning: true).GetAwaiter().GetResult(), TimeSpan.FromMilliseconds(50), warnings.Add))
        {
            for (int i = 0; i < 5; i++)
            {
                store.LogMetric(run, "train_loss", i, 1764000000100 + i, i + 1);
                var deadline = DateTime.UtcNow.AddSeconds(20);
                while (!(server.Runs.Values.SingleOrDefault()?.Metrics.Count > i) && DateTime.UtcNow < deadline) Thread.Sleep(20);
                Assert.True(server.Runs.Values.Single().Metrics.Count == i + 1, $"epoch {i + 1} was not uploaded while running");
            }
        }
        Assert.Empty(warnings);
        Assert.Equal("RUNNING", server.Runs.Values.Single().Status);
    }

    [Fact]
    public async Task A_sync_that_stopped_before_noting_a_created_run_finds_it_by_its_local_id_instead_of_duplicating_it()
    {
        var (parent, child) = Local();
        await Sync().Run(root);
        var first = server.Runs.Count;
        var metrics = Remote("fine-tune").Metrics.Count;
        // The local note lost (as when a process dies between runs/create's answer and writing it): the run is found.
        File.Delete(Path.Combine(Directory.GetDirectories(root).Single(d => Directory.Exists(Path.Combine(d, child))), child, "ensdsl-sync.json"));
        await Sync().Run(root);
        Assert.Equal(first, server.Runs.Count);
        Assert.Equal(child, Remote("fine-tune").Tags[MlflowSync.LocalRunTag]);
        Assert.NotEqual(parent, Remote("fine-tune").Tags["mlflow.parentRunId"]);          // mapped to the server's id
        // The note held the metric progress too, so here the points go again; that is why it is written right after
        // runs/create and after every acknowledged batch, where a process can die without losing it.
        Assert.Equal(2 * metrics, Remote("fine-tune").Metrics.Count);
    }

    [Fact]
    public async Task A_run_deleted_on_the_server_after_a_partial_upload_is_named_with_the_remedy()
    {
        Local();
        int calls;
        var task = Sync(Fast with { MaxRetries = 0 }).Run(root);
        while (!task.IsCompleted)
        {
            calls = server.Requests.Count(r => r.Path.EndsWith("log-batch", StringComparison.Ordinal));
            if (calls >= 5) server.Down = 503;
            await Task.Delay(1);
        }
        await Assert.ThrowsAsync<SyncException>(() => task);
        server.Down = null;
        var partial = server.Runs.Values.Single(r => r.Status == "RUNNING");
        server.Runs.TryRemove(partial.Id, out _);
        var e = await Assert.ThrowsAsync<SyncException>(() => Sync().Run(root));
        Assert.Contains($"was uploaded to {server.Address} as {partial.Id}, which the server no longer has", e.Message);
        Assert.Contains("ensdsl-sync.json", e.Message);
    }

    [Fact]
    public async Task An_experiment_created_by_another_client_meanwhile_is_used_not_duplicated()
    {
        Local();
        server.Experiments["9"] = ("quickstart", "active");
        server.Fail(1, 404);                     // get-by-name answered before the other client's create landed
        await Sync().Run(root);
        Assert.All(server.Runs.Values, r => Assert.Equal("9", r.Experiment));
        Assert.Single(server.Experiments.Values, e => e.Name == "quickstart");
    }

    [Fact]
    public async Task Params_and_tags_beyond_the_servers_batch_limits_go_in_several_batches()
    {
        var store = new MlflowFileStore(root);
        var run = store.CreateRun(store.Experiment("wide"), "many", [], 1);
        for (int i = 0; i < 250; i++)
        {
            store.LogParam(run, $"p{i:D3}", $"{i}");
            store.SetTag(run, $"t{i:D3}", $"{i}");
        }
        store.EndRun(run, RunStatus.Finished, 2);
        await Sync().Run(root);
        var remote = Remote("many");
        Assert.Equal(250, remote.Params.Count);
        Assert.Equal(251, remote.Tags.Count(t => t.Key.StartsWith('t') || t.Key == MlflowSync.LocalRunTag));
        Assert.Equal("137", remote.Params["p137"]);
    }

    [Fact]
    public async Task The_ended_children_of_a_run_whose_process_was_killed_go_up_under_it()
    {
        var store = new MlflowFileStore(root);
        var experiment = store.Experiment("killed");
        var parent = store.CreateRun(experiment, "killed run", [], 1);          // never ended: its process died
        var child = store.CreateRun(experiment, "finished node", [KeyValuePair.Create("mlflow.parentRunId", parent)], 2);
        store.LogMetric(child, "train_loss", 0.5, 3, 1);
        store.EndRun(child, RunStatus.Finished, 4);

        Assert.Equal(new SyncReport(1, 0, 1, 1), await Sync().Run(root));
        Assert.Equal("RUNNING", Remote("killed run").Status);
        Assert.Equal(Remote("killed run").Id, Remote("finished node").Tags["mlflow.parentRunId"]);
        Assert.Equal("FINISHED", Remote("finished node").Status);
    }
}
