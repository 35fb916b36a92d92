using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Tracking;
using EnsDsl.Runtime.Training;
using static EnsDsl.Prelude;

namespace EnsDsl.Runtime.Tests.Tracking;

/// <summary>The tracker never stops a run: failing writes become warnings that name the node, and progress still flows.</summary>
public class ExperimentTrackerTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("ensdsl-tracker-").FullName;

    public void Dispose() => Directory.Delete(root, true);

    sealed class Refusing(MlflowFileStore store) : ITrackingBackend
    {
        public string Location => store.Location;
        public string Experiment(string name) => store.Experiment(name);
        public string CreateRun(string experimentId, string runName, IEnumerable<KeyValuePair<string, string>> tags, long startTime) => store.CreateRun(experimentId, runName, tags, startTime);
        public string? LogParam(string runId, string key, string value) =>
            key == "epochs" ? throw new TrackingValueException($"param '{key}' of run {runId} was logged as '9'; MLflow does not allow changing it to '{value}'") : store.LogParam(runId, key, value);
        public string? SetTag(string runId, string key, string value) => store.SetTag(runId, key, value);
        public void LogMetric(string runId, string key, double value, long timestamp, long step) => throw new IOException("disk full");
        public void EndRun(string runId, RunStatus status, long endTime) => store.EndRun(runId, status, endTime);
        public void LogArtifact(string runId, string file, string? folder = null) => store.LogArtifact(runId, file, folder);
    }

    sealed class Counting : IRunObserver
    {
        public int Started, Epochs, Finished;
        public void NodeStarted(PlanNode node) => Started++;
        public void EpochEnded(PlanNode node, EpochReport report) => Epochs++;
        public void NodeFinished(NodeOutcome outcome) => Finished++;
        public void Note(PlanNode node, string message) { }
    }

    [Fact]
    public void Refused_params_and_failing_metric_writes_are_warnings_naming_the_node_and_progress_goes_on()
    {
        var plan = Planner.Build(Report(Scratch("cifar-resnet8x16", seed: 1).Train(2, data: EmbeddedTarget()).Evaluate()));
        var node = plan.Nodes.Single(n => n.Kind == NodeKind.Train);
        var warnings = new List<string>();
        var inner = new Counting();
        var tracker = new ExperimentTracker(new Refusing(new MlflowFileStore(Path.Combine(root, "mlruns"))),
            new TrackedRun("t", "t.csx", "", "0123456789abcdef", "test", null), inner, warnings.Add);

        tracker.NodeStarted(node);
        tracker.EpochEnded(node, new EpochReport(1, 2, 1.5, 0.3, 1, 100));
        tracker.EpochEnded(node, new EpochReport(2, 2, 1.2, 0.4, 1, 100));
        tracker.NodeFinished(new NodeOutcome(node, NodeStatus.Done, null));
        tracker.Finish([], [], succeeded: true, interrupted: false);

        Assert.Equal((1, 2, 1), (inner.Started, inner.Epochs, inner.Finished));
        Assert.Contains(warnings, w => w.Contains($"param epochs of node train ({node.Id[..8]})") && w.Contains("does not allow changing it"));
        Assert.Single(warnings, w => w.Contains("metric train_loss: disk full"));     // said once, not per epoch
        var child = Directory.GetDirectories(Directory.GetDirectories(Path.Combine(root, "mlruns")).Single(d => File.Exists(Path.Combine(d, "meta.yaml")) && !d.EndsWith("/0")))
            .Single(r => File.Exists(Path.Combine(r, "tags", "mlflow.parentRunId")));
        Assert.Contains("status: 3", File.ReadAllLines(Path.Combine(child, "meta.yaml")));
    }
}
