using System.Diagnostics;
using EnsDsl.Runtime.Tracking;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Tests.Tracking;

/// <summary>The MLflow file store written as ../shared/reference/mlflow.md §4 documents it, and read back by PyYAML as MLflow reads it.</summary>
public class MlflowFileStoreTests : IDisposable
{
    readonly string root = Path.Combine(Directory.CreateTempSubdirectory("ensdsl-mlruns-").FullName, "mlruns");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(root)!, true);

    static string Text(string path) => File.ReadAllText(path);

    [Fact]
    public void A_new_store_has_the_default_experiment_and_trash_and_experiments_get_18_digit_ids()
    {
        var store = new MlflowFileStore(root);
        Assert.True(Directory.Exists(Path.Combine(root, ".trash")));
        Assert.Contains("name: 'Default'\n", Text(Path.Combine(root, "0", "meta.yaml")));
        var id = store.Experiment("resnet sweep");
        Assert.Matches("^[1-9][0-9]{17}$", id);
        Assert.Equal(id, store.Experiment("resnet sweep"));
        Assert.Equal(id, new MlflowFileStore(root).Experiment("resnet sweep"));
        var meta = Text(Path.Combine(root, id, "meta.yaml")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["artifact_location", "creation_time", "experiment_id", "last_update_time", "lifecycle_stage", "name"], meta.Select(l => l[..l.IndexOf(':')]));
        Assert.Contains($"artifact_location: 'file://{Path.Combine(root, id)}'", meta);
        Assert.Contains($"experiment_id: '{id}'", meta);
        Assert.Contains("lifecycle_stage: active", meta);
    }

    [Fact]
    public void Runs_have_MLflows_meta_yaml_tag_param_and_metric_files()
    {
        var store = new MlflowFileStore(root);
        var experiment = store.Experiment("e");
        var parent = store.CreateRun(experiment, "quickstart", [KeyValuePair.Create("mlflow.source.type", "LOCAL")], 1764000001234);
        var run = store.CreateRun(experiment, "fine-tune", [KeyValuePair.Create("mlflow.parentRunId", parent)], 1764000002000);
        Assert.Matches("^[0-9a-f]{32}$", run);
        var folder = Path.Combine(root, experiment, run);
        var meta = Text(Path.Combine(folder, "meta.yaml")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["artifact_uri", "deleted_time", "end_time", "entry_point_name", "experiment_id", "lifecycle_stage", "run_id", "run_name",
            "run_uuid", "source_name", "source_type", "source_version", "start_time", "status", "tags", "user_id"], meta.Select(l => l[..l.IndexOf(':')]));
        Assert.Contains("status: 1", meta);
        Assert.Contains("end_time: null", meta);
        Assert.Contains("start_time: 1764000002000", meta);
        Assert.Equal("fine-tune", Text(Path.Combine(folder, "tags", "mlflow.runName")));
        Assert.Equal(parent, Text(Path.Combine(folder, "tags", "mlflow.parentRunId")));

        store.LogParam(run, "lr", "0.05");
        Assert.Null(store.LogParam(run, "lr", "0.05"));                 // the same value again: nothing happens
        Assert.Equal("0.05", Text(Path.Combine(folder, "params", "lr")));
        var e = Assert.Throws<TrackingValueException>(() => store.LogParam(run, "lr", "0.1"));
        Assert.Contains("param 'lr'", e.Message);
        Assert.Contains("was logged as '0.05'", e.Message);

        store.LogMetric(run, "train/loss", 0.4312, 1764000005000, 1);
        store.LogMetric(run, "train/loss", 1e-5, 1764000010000, 2);
        store.LogMetric(run, "train/loss", double.NaN, 1764000015000, 3);
        Assert.Equal("1764000005000 0.4312 1\n1764000010000 1E-05 2\n1764000015000 NaN 3\n", Text(Path.Combine(folder, "metrics", "train", "loss")));

        store.EndRun(run, RunStatus.Finished, 1764000999000);
        meta = Text(Path.Combine(folder, "meta.yaml")).Split('\n');
        Assert.Contains("status: 3", meta);
        Assert.Contains("end_time: 1764000999000", meta);
        Assert.Contains("run_name: 'fine-tune'", meta);
    }

    [Theory]
    [InlineData("a//b", "not a normalised path")]
    [InlineData("../x", "not a normalised path")]
    [InlineData("/lead", "not a normalised path")]
    [InlineData("trail/", "not a normalised path")]
    [InlineData("acc*", "characters MLflow refuses")]
    [InlineData("", "key is empty")]
    public void Keys_MLflow_refuses_are_refused(string key, string message)
    {
        var store = new MlflowFileStore(root);
        var run = store.CreateRun(store.Experiment("e"), "r", [], 1);
        Assert.Contains(message, Assert.Throws<TrackingValueException>(() => store.LogMetric(run, key, 1, 1, 0)).Message);
        Assert.Contains("has 251 characters", Assert.Throws<TrackingValueException>(() => store.SetTag(run, new string('k', 251), "v")).Message);
    }

    [Fact]
    public void Over_long_values_are_truncated_with_a_warning()
    {
        var store = new MlflowFileStore(root);
        var run = store.CreateRun(store.Experiment("e"), "r", [], 1);
        Assert.Contains("truncated to MLflow's limit of 6000", store.LogParam(run, "script", new string('x', 7000)));
        Assert.Equal(6000, Text(Path.Combine(store.RunFolder(run), "params", "script")).Length);
        Assert.Null(store.SetTag(run, "note", new string('y', 8000)));
    }

    [Fact]
    public void A_deleted_experiment_of_the_same_name_is_not_logged_into()
    {
        var store = new MlflowFileStore(root);
        var id = store.Experiment("old");
        Directory.Move(Path.Combine(root, id), Path.Combine(root, ".trash", id));        // what mlflow experiments delete does
        var e = Assert.Throws<TrackingValueException>(() => store.Experiment("old"));
        Assert.Contains($"experiment 'old' is deleted (mlruns/.trash/{id})", e.Message);
    }

    [Fact]
    [Trait(Category.Name, Category.Python)]
    public void PyYAML_reads_the_meta_files_with_MLflows_types()
    {
        var store = new MlflowFileStore(root);
        var experiment = store.Experiment("0123");                   // a name of digits stays a string
        var run = store.CreateRun(experiment, "it's", [], 1764000001234);
        store.EndRun(run, RunStatus.Failed, 1764000002000);
        const string script = """
            import json, sys, yaml
            out = {}
            for name, path in (("experiment", sys.argv[1]), ("run", sys.argv[2])):
                with open(path) as f:
                    out[name] = {k: [type(v).__name__, v] for k, v in yaml.safe_load(f).items()}
            print(json.dumps(out))
            """;
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", script, Path.Combine(root, experiment, "meta.yaml"), Path.Combine(store.RunFolder(run), "meta.yaml")])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEnd();
        var error = python.StandardError.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, "python3-yaml (apt-get install python3-yaml; .ci/run installs it): " + error);
        var read = JObject.Parse(output);
        Assert.Equal(["str", experiment], read["experiment"]!["experiment_id"]!.Select(v => (string)v!));
        Assert.Equal(["str", "0123"], read["experiment"]!["name"]!.Select(v => (string)v!));
        Assert.Equal("int", (string)read["experiment"]!["creation_time"]![0]!);
        Assert.Equal(["str", experiment], read["run"]!["experiment_id"]!.Select(v => (string)v!));
        Assert.Equal(["str", "it's"], read["run"]!["run_name"]!.Select(v => (string)v!));
        Assert.Equal("int", (string)read["run"]!["status"]![0]!);
        Assert.Equal(4, (int)read["run"]!["status"]![1]!);
        Assert.Equal("NoneType", (string)read["run"]!["deleted_time"]![0]!);
        Assert.Equal(1764000002000, (long)read["run"]!["end_time"]![1]!);
        Assert.Equal("list", (string)read["run"]!["tags"]![0]!);
        Assert.Equal(4, (int)read["run"]!["source_type"]![1]!);
    }

    [Fact]
    public void Runs_left_RUNNING_by_a_process_that_is_gone_are_ended_as_KILLED_and_no_other()
    {
        var store = new MlflowFileStore(root);
        var experiment = store.Experiment("e");
        string Run(string name, string? owner) => store.CreateRun(experiment, name, owner is null ? [] : [KeyValuePair.Create(RunOwner.Tag, owner)], 1764000000000);
        var gone = Run("gone", $"{Environment.MachineName}:{int.MaxValue}:1");                         // no such process
        var reused = Run("reused pid", $"{Environment.MachineName}:{Environment.ProcessId}:0");        // this pid, another start
        var alive = Run("alive", RunOwner.Current);
        var elsewhere = Run("elsewhere", $"another-host:{int.MaxValue}:1");                             // cannot be seen from here
        var untagged = Run("untagged", null);
        var ended = Run("ended", $"{Environment.MachineName}:{int.MaxValue}:1");
        store.EndRun(ended, RunStatus.Finished, 1764000001000);

        Assert.Equal(["gone", "reused pid"], store.EndOrphans().Order());
        string Status(string run) => MlflowFileStore.ReadMeta(Path.Combine(root, experiment, run, "meta.yaml"))["status"];
        Assert.Equal(["5", "5", "1", "1", "1", "3"], new[] { gone, reused, alive, elsewhere, untagged, ended }.Select(Status));
        Assert.NotEqual("null", MlflowFileStore.ReadMeta(Path.Combine(root, experiment, gone, "meta.yaml"))["end_time"]);
        Assert.Empty(store.EndOrphans());                                                               // once
    }
}
