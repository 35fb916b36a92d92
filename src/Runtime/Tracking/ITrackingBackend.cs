namespace EnsDsl.Runtime.Tracking;

/// <summary>
/// Where runs are recorded, with MLflow's operations: the file store (local runs and <c>file:</c> URIs) or a
/// tracking server. Implementations throw on failure; <see cref="ExperimentTracker"/> turns failures into warnings.
/// </summary>
public interface ITrackingBackend
{
    /// <summary>Where the runs go, for messages (a folder or a URL).</summary>
    string Location { get; }

    /// <summary>The id of the active experiment <paramref name="name"/>, created when missing.</summary>
    string Experiment(string name);

    /// <summary>Creates a RUNNING run; returns its id.</summary>
    string CreateRun(string experimentId, string runName, IEnumerable<KeyValuePair<string, string>> tags, long startTime);

    /// <summary>Logs an immutable param; returns a warning when the value was truncated.</summary>
    string? LogParam(string runId, string key, string value);

    /// <summary>Sets a tag; returns a warning when the value was truncated.</summary>
    string? SetTag(string runId, string key, string value);

    /// <summary>Appends a metric point.</summary>
    void LogMetric(string runId, string key, double value, long timestamp, long step);

    /// <summary>Ends a run.</summary>
    void EndRun(string runId, RunStatus status, long endTime);

    /// <summary>Uploads a file into the run's artifacts (under <paramref name="folder"/> when given).</summary>
    void LogArtifact(string runId, string file, string? folder = null);
}
