using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Reports;

namespace EnsDsl.Runtime.Tracking;

/// <summary>
/// The tracking of one <c>ensdsl run</c>: where it goes (from <c>MLFLOW_TRACKING_URI</c>), the observer that records
/// the run, the live uploads to a server while it trains, and the end (results, artifacts, the final upload): one of
/// the run's outputs, after the files it uploads.
/// </summary>
public sealed class TrackingSession : IRunOutput, IDisposable
{
    readonly TrackingTarget target;
    readonly ITrackingBackend backend;
    readonly Experiment experiment;
    readonly string workingDirectory;
    readonly Action<string> warn;
    readonly LiveSync? live;
    ExperimentTracker? tracker;

    TrackingSession(TrackingTarget target, Experiment experiment, string workingDirectory, Action<string> warn)
    {
        (this.target, this.experiment, this.workingDirectory, this.warn) = (target, experiment, workingDirectory, warn);
        backend = TrackingSetup.Open(target, workingDirectory);
        if (backend is MlflowFileStore store && store.EndOrphans(experiment.Name) is { Count: > 0 } ended)
            warn($"ended {ended.Count} MLflow run(s) left RUNNING by an ensdsl process that is gone, as KILLED: {string.Join(", ", ended.Take(5))}{(ended.Count > 5 ? ", …" : "")}");
        if (target is ServerTarget server)
            live = new LiveSync(() => TrackingSetup.Sync(backend.Location, server.Server, experiment.Name, includeRunning: true), TimeSpan.FromSeconds(15), warn);
    }

    /// <summary>The session for <paramref name="uri"/> (the value of MLFLOW_TRACKING_URI), checked before anything runs.</summary>
    /// <exception cref="TrackingConfigurationException">A URI or an MLflow setting that cannot be used.</exception>
    public static TrackingSession Open(string? uri, Experiment experiment, string workingDirectory, Action<string> warn)
    {
        var target = TrackingTarget.Parse(uri, workingDirectory);
        if (target is ServerTarget) Rest.HttpSettings.FromEnvironment(Environment.GetEnvironmentVariable);
        try { return new TrackingSession(target, experiment, workingDirectory, warn); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrackingConfigurationException($"the MLflow file store cannot be written ({e.Message}); set {TrackingTarget.Variable} to a writable folder, or use --no-tracking");
        }
    }

    /// <summary>The observer that records the run, passing progress on to <paramref name="inner"/>.</summary>
    public IRunObserver Observe(IRunObserver inner) =>
        tracker = new ExperimentTracker(backend, TrackingSetup.Describe(experiment, workingDirectory), inner, warn);

    /// <summary>Where the run is recorded, once it has started (null before, or when MLflow refused the run).</summary>
    public Results.RunTracking? Where => tracker?.ParentRunId is { } parent
        ? new Results.RunTracking(DisplayPath.Of(backend.Location, workingDirectory), parent, (target as ServerTarget)?.Server.ToString())
        : null;

    /// <summary>Ends the run's records with its results and the files the outputs before it wrote as artifacts; tells the user where they are.</summary>
    public OutputWritten Write(FinishedRun run, IReadOnlyList<OutputWritten> earlier) =>
        new([], Finish(run.Items, earlier.SelectMany(o => o.Files).Select(run.Absolute), run.Report.Succeeded, run.Report.Interrupted));

    /// <summary>Ends the run's records and, for a server, uploads them; returns the lines to tell the user.</summary>
    public IReadOnlyList<string> Finish(IReadOnlyList<ReportedItem> items, IEnumerable<string> artifacts, bool succeeded, bool interrupted)
    {
        tracker?.Finish(items, artifacts, succeeded, interrupted);
        live?.Dispose();                                     // the last live upload ends before the final one starts
        var lines = new List<string>();
        var where = DisplayPath.Of(backend.Location, workingDirectory);
        if (tracker?.ParentRunId is { } parent)
            lines.Add($"tracking: {where}, run {parent}" + (target is ServerTarget ? "" : $" (mlflow ui --backend-store-uri {where})"));
        if (target is ServerTarget server)
        {
            try { lines.Add($"tracking: {TrackingSetup.Sync(backend.Location, server.Server, experiment.Name).Uploaded} run(s) uploaded to {server.Server}"); }
            catch (Exception e) when (e is SyncException or TrackingConfigurationException)
            {
                warn($"{e.Message} (the run is recorded in {where}; `ensdsl mlflow sync` uploads it)");
            }
        }
        return lines;
    }

    /// <summary>Ends the run's records as FAILED when the run stops before <see cref="Finish"/> (an error ensdsl did not expect).</summary>
    public void Abort()
    {
        tracker?.Finish([], [], succeeded: false, interrupted: false);
        tracker = null;
    }

    /// <inheritdoc />
    public void Dispose() => live?.Dispose();
}
