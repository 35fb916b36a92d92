using System.Collections.Concurrent;
using System.Globalization;
using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Reports;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Training;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Tracking;

/// <summary>What an experiment run is, for its parent run.</summary>
/// <param name="Experiment">The MLflow experiment's name (the script's name).</param>
/// <param name="Script">The script's path.</param>
/// <param name="Overrides">The <c>--set</c> values, as written.</param>
/// <param name="PlanHash">A hash of the plan's node ids.</param>
/// <param name="Version">ensdsl's version.</param>
/// <param name="GitCommit">The commit of the script's repository, if any.</param>
public sealed record TrackedRun(string Experiment, string Script, string Overrides, string PlanHash, string Version, string? GitCommit);

/// <summary>
/// Records an experiment run in MLflow's structure while it runs: one parent run (params script, overrides, plan hash;
/// tags ensdsl version and git commit), one child run per executed node (tag <c>mlflow.parentRunId</c>; the node's
/// hyper-parameters as params; per-epoch training metrics with step = epoch; the node's final metrics), and at the end
/// the reported results as metrics of the parent (ensemble curves with step = k) and the results files as artifacts.
/// Tracking never stops a run: a failing backend call becomes a warning and later calls go on.
/// </summary>
public sealed class ExperimentTracker : IRunObserver
{
    readonly ITrackingBackend backend;
    readonly IRunObserver inner;
    readonly Action<string> warn;
    readonly ConcurrentDictionary<string, string> childRuns = new();
    readonly ConcurrentDictionary<string, byte> warned = new();
    readonly string? experimentId;

    /// <summary>The parent run's id, or null when it could not be created.</summary>
    public string? ParentRunId { get; }

    /// <summary>Starts tracking <paramref name="run"/> in <paramref name="backend"/>; progress goes on to <paramref name="inner"/>.</summary>
    public ExperimentTracker(ITrackingBackend backend, TrackedRun run, IRunObserver inner, Action<string> warn)
    {
        (this.backend, this.inner, this.warn) = (backend, inner, warn);
        experimentId = Try("experiment", () => backend.Experiment(run.Experiment));
        if (experimentId is null) return;
        var tags = new Dictionary<string, string>
        {
            ["mlflow.source.name"] = run.Script,
            ["mlflow.source.type"] = "LOCAL",
            ["mlflow.user"] = Environment.UserName,
            ["ensdsl.version"] = run.Version,
            [RunOwner.Tag] = RunOwner.Current,
        };
        if (run.GitCommit is { } commit) tags["mlflow.source.git.commit"] = commit;
        ParentRunId = Try("parent run", () => backend.CreateRun(experimentId, $"{run.Experiment} {DateTime.Now:yyyyMMdd-HHmmss}", tags, MlflowFileStore.Now()));
        if (ParentRunId is null) return;
        Param(ParentRunId, "script", run.Script);
        Param(ParentRunId, "overrides", run.Overrides.Length == 0 ? "(none)" : run.Overrides);
        Param(ParentRunId, "plan_hash", run.PlanHash);
    }

    /// <inheritdoc />
    public void NodeStarted(PlanNode node)
    {
        inner.NodeStarted(node);
        if (ParentRunId is null || experimentId is null) return;
        var tags = new Dictionary<string, string>
        {
            ["mlflow.parentRunId"] = ParentRunId,
            ["ensdsl.node_id"] = node.Id,
            ["ensdsl.kind"] = node.KindName,
            [RunOwner.Tag] = RunOwner.Current,
        };
        if (Try($"run of {node.Label}", () => backend.CreateRun(experimentId, $"{node.Label} ({node.Id[..8]})", tags, MlflowFileStore.Now())) is not { } id) return;
        childRuns[node.Id] = id;
        foreach (var (key, value) in HyperParameters(node)) Param(id, key, value, $"node {node.Label} ({node.Id[..8]})");
    }

    /// <inheritdoc />
    public void EpochEnded(PlanNode node, EpochReport report)
    {
        inner.EpochEnded(node, report);
        if (!childRuns.TryGetValue(node.Id, out var id)) return;
        long now = MlflowFileStore.Now();
        Metric(id, MetricNames.TrainLoss, report.Loss, now, report.Epoch);
        Metric(id, MetricNames.TrainAccuracy, report.Accuracy, now, report.Epoch);
        Metric(id, MetricNames.EpochSeconds, report.Seconds, now, report.Epoch);
        Metric(id, MetricNames.ImagesPerSecond, report.ImagesPerSecond, now, report.Epoch);
        if (report.Test is { } test)
        {
            Metric(id, MetricNames.TestAccuracy, test.Accuracy, now, report.Epoch);
            Metric(id, MetricNames.TestNll, test.Nll, now, report.Epoch);
        }
    }

    /// <inheritdoc />
    public void BatchDone(PlanNode node, BatchProgress progress) => inner.BatchDone(node, progress);

    /// <inheritdoc />
    public void NodeFinished(NodeOutcome outcome)
    {
        inner.NodeFinished(outcome);
        if (!childRuns.TryRemove(outcome.Node.Id, out var id)) return;
        long now = MlflowFileStore.Now();
        foreach (var (key, value) in outcome.Record?.Metrics ?? new Dictionary<string, double>())
            Metric(id, key, value, now, outcome.Node.Epochs);
        if (outcome.Error is { } error) Tag(id, "ensdsl.error", error);
        var status = outcome.Status switch
        {
            NodeStatus.Done => RunStatus.Finished,
            _ when outcome.Interrupted => RunStatus.Killed,
            _ => RunStatus.Failed,
        };
        Try($"end of the run of {outcome.Node.Label}", () => backend.EndRun(id, status, now));
    }

    /// <inheritdoc />
    public void Note(PlanNode node, string message)
    {
        inner.Note(node, message);
        if (childRuns.TryGetValue(node.Id, out var id)) Tag(id, "ensdsl.note", message);
    }

    /// <summary>
    /// Ends the parent run: every reported item's metrics (<c>NAME/METRIC</c>; ensemble curves per k as steps;
    /// diversity), the results files as artifacts, and the status.
    /// </summary>
    public void Finish(IReadOnlyList<ReportedItem> items, IEnumerable<string> artifacts, bool succeeded, bool interrupted)
    {
        foreach (var id in childRuns.Keys.ToList())
            if (childRuns.TryRemove(id, out var run)) Try("end of an unfinished node's run", () => backend.EndRun(run, RunStatus.Killed, MlflowFileStore.Now()));
        if (ParentRunId is not { } parent) return;
        long now = MlflowFileStore.Now();
        foreach (var item in items.Where(i => i.HasResult)) LogItem(parent, Sanitise(item.Name), item, now);
        // A sweep's cells: one run each, nested under the parent, with the cell's values as params and its items'
        // results under their titles, so that MLflow's compare and parallel-coordinates views work across cells.
        foreach (var cell in items.Where(i => i.HasResult && i.Cell is not null).GroupBy(i => i.Cell!))
        {
            var tags = new Dictionary<string, string> { ["mlflow.parentRunId"] = parent, ["ensdsl.kind"] = "cell" };
            if (Try("cell run", () => backend.CreateRun(experimentId!, cell.Key.Label, tags, now)) is not { } run) continue;
            foreach (var value in cell.Key.Values) Param(run, value.Key, value.Value);
            foreach (var item in cell) LogItem(run, Sanitise(item.Title), item, now);
            Try("end of a cell run", () => backend.EndRun(run, RunStatus.Finished, now));
        }
        foreach (var file in artifacts.Where(File.Exists))
            Try($"artifact {Path.GetFileName(file)}", () => backend.LogArtifact(parent, file));
        var status = succeeded ? RunStatus.Finished : interrupted ? RunStatus.Killed : RunStatus.Failed;
        Try("end of the parent run", () => backend.EndRun(parent, status, now));
    }

    // A reported item's numbers under NAME/…: ensemble curves with step = k, and diversity; an evaluation's test_acc is
    // NAME/acc, as an ensemble's (the name already says what was scored).
    void LogItem(string run, string name, ReportedItem item, long now)
    {
        if (item.Result is EnsembleResult ensemble)
        {
            foreach (var point in ensemble.Curve)
                foreach (var (key, value) in point.Reported())
                    Metric(run, $"{name}/{key}", value, now, point.K);
            var diversity = ensemble.Diversity;
            foreach (var (key, value) in new[] { (MetricNames.Disagreement, diversity.Disagreement), (MetricNames.Kl, diversity.Kl), (MetricNames.Gain, diversity.Gain) })
                Metric(run, $"{name}/{key}", value, now, ensemble.Curve.Count);
        }
        else
            foreach (var (key, value) in item.Metrics)
                Metric(run, $"{name}/{MetricNames.Unscoped(key)}", value, now, item.Members.Count);
    }

    // The node's hyper-parameters as flat params: "optimizer.wd" = "0.0005". Its kind is the tag ensdsl.kind, not a
    // param: operations have keys of their own named "kind" (a soup's "uniform"), and params cannot change.
    static IEnumerable<(string Key, string Value)> HyperParameters(PlanNode node)
    {
        if (node.Seed is { } seed) yield return ("seed", seed.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in Flatten(NodeOp.Canonical(node), "")) yield return (key, value);
    }

    static IEnumerable<(string, string)> Flatten(object? value, string prefix)
    {
        switch (value)
        {
            case System.Collections.IDictionary dict:
                foreach (System.Collections.DictionaryEntry e in dict)
                    foreach (var pair in Flatten(e.Value, prefix.Length == 0 ? $"{e.Key}" : $"{prefix}.{e.Key}")) yield return pair;
                break;
            case JObject obj:
                foreach (var (key, token) in obj)
                    foreach (var pair in Flatten(token, prefix.Length == 0 ? key : $"{prefix}.{key}")) yield return pair;
                break;
            case JValue { Value: var inner }:
                foreach (var pair in Flatten(inner, prefix)) yield return pair;
                break;
            case null when prefix.Length > 0:
                yield return (prefix, "null");
                break;
            case string text when prefix.Length > 0:
                yield return (prefix, text);
                break;
            case bool flag when prefix.Length > 0:
                yield return (prefix, flag ? "true" : "false");
                break;
            case IFormattable number when prefix.Length > 0:
                yield return (prefix, number.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                if (prefix.Length > 0) yield return (prefix, Newtonsoft.Json.JsonConvert.SerializeObject(value));
                break;
        }
    }

    // Report names are free text; MLflow keys are not.
    static string Sanitise(string name)
    {
        var chars = name.Select(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or ' ' or ':' ? c : '_').ToArray();
        var text = new string(chars).Trim();
        return text.Length == 0 ? "item" : text.Length > 120 ? text[..120] : text;
    }

    void Param(string run, string key, string value, string owner = "the experiment run")
    {
        if (Try($"param {key} of {owner}", () => backend.LogParam(run, key, value) ?? "") is { Length: > 0 } warning) Warn($"{owner}: {warning}");
    }

    void Tag(string run, string key, string value)
    {
        if (Try($"tag {key}", () => backend.SetTag(run, key, value) ?? "") is { Length: > 0 } warning) Warn(warning);
    }

    void Metric(string run, string key, double value, long timestamp, long step) =>
        Try($"metric {key}", () => backend.LogMetric(run, key, value, timestamp, step));

    void Try(string what, Action action) => Try(what, () => { action(); return ""; });

    string? Try(string what, Func<string> action)
    {
        try { return action(); }
        catch (Exception e) when (e is TrackingValueException or IOException or UnauthorizedAccessException or HttpRequestException or TaskCanceledException)
        {
            Warn($"tracking ({backend.Location}): {what}: {e.Message}");
            return null;
        }
    }

    void Warn(string message)
    {
        if (warned.TryAdd(message, 0)) warn(message);
    }
}
