using System.Globalization;
using System.Text;
using EnsDsl.Runtime.Store;

namespace EnsDsl.Runtime.Tracking;

/// <summary>MLflow's run statuses, with the integers its file store writes.</summary>
public enum RunStatus
{
    /// <summary>Running.</summary>
    Running = 1,
    /// <summary>Finished normally.</summary>
    Finished = 3,
    /// <summary>Ended by an error.</summary>
    Failed = 4,
    /// <summary>Stopped by the user.</summary>
    Killed = 5,
}

/// <summary>
/// Writes MLflow's file store (<c>mlruns/</c>) exactly as <c>mlflow/store/tracking/file_store.py</c> lays it out, so
/// that <c>mlflow ui --backend-store-uri ./mlruns</c> shows the runs (MLflow ≤ 3.12, or later with
/// <c>MLFLOW_ALLOW_FILE_STORE=true</c>; or after <c>mlflow migrate-filestore</c>). <c>meta.yaml</c> files have
/// sorted keys and single-quoted strings and are replaced atomically; metrics are appended one
/// <c>"timestamp value step"</c> line per point; params and tags are one file each without a trailing newline; keys
/// with <c>/</c> become folders. Params are immutable: the same value again is a no-op, another value an error.
/// </summary>
public sealed class MlflowFileStore : ITrackingBackend
{
    /// <summary>The folder MLflow's clients use when nothing names another: <c>./mlruns</c>.</summary>
    public const string DefaultFolder = "mlruns";

    readonly Dictionary<string, string> experimentOfRun = [];
    readonly Lock gate = new();

    /// <summary>The store's root folder (absolute).</summary>
    public string Root { get; }

    /// <inheritdoc />
    public string Location => Root;

    /// <summary>Opens (and if need be creates) the store at <paramref name="root"/>, with the Default experiment <c>0</c> and <c>.trash/</c> as MLflow makes them.</summary>
    public MlflowFileStore(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(Root, ".trash"));
        if (!File.Exists(Path.Combine(Root, "0", "meta.yaml"))) WriteExperiment("0", "Default", Now());
    }

    /// <summary>Milliseconds since the Unix epoch, MLflow's time unit.</summary>
    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>The id of the active experiment called <paramref name="name"/>, created when there is none.</summary>
    /// <exception cref="TrackingValueException">An experiment of that name exists but is deleted (in <c>.trash/</c>).</exception>
    public string Experiment(string name)
    {
        lock (gate)
        {
            if (Find(Root, name) is { } id) return id;
            if (Find(Path.Combine(Root, ".trash"), name) is { } deleted)
                throw new TrackingValueException($"experiment '{name}' is deleted (mlruns/.trash/{deleted}); restore it (mlflow experiments restore --experiment-id {deleted}) or name the experiment otherwise");
            string created;
            do created = (Random.Shared.NextInt64(100_000_000_000_000_000, 1_000_000_000_000_000_000)).ToString(CultureInfo.InvariantCulture);
            while (Directory.Exists(Path.Combine(Root, created)));
            WriteExperiment(created, name, Now());
            return created;
        }
    }

    /// <summary>Creates a RUNNING run in <paramref name="experimentId"/> with its name and tags (<c>mlflow.runName</c> added).</summary>
    public string CreateRun(string experimentId, string runName, IEnumerable<KeyValuePair<string, string>> tags, long startTime)
    {
        var id = Guid.NewGuid().ToString("N");
        lock (gate) experimentOfRun[id] = experimentId;
        var folder = RunFolder(id);
        foreach (var sub in new[] { "metrics", "params", "tags", "artifacts" }) Directory.CreateDirectory(Path.Combine(folder, sub));
        WriteRunMeta(id, runName, startTime, endTime: null, RunStatus.Running);
        foreach (var (key, value) in tags.Append(KeyValuePair.Create("mlflow.runName", runName))) SetTag(id, key, value);
        return id;
    }

    /// <summary>Logs a param; the same value again is a no-op, returns a warning when the value was truncated.</summary>
    /// <exception cref="TrackingValueException">A bad key, or another value than the one logged before.</exception>
    public string? LogParam(string runId, string key, string value)
    {
        var (kept, warning) = MlflowLimits.Value(value, MlflowLimits.ParamValueLength, "param", key);
        var path = EntityPath(runId, "params", MlflowLimits.Key(key, "param"));
        if (File.Exists(path))
        {
            var logged = File.ReadAllText(path, Encoding.UTF8);
            if (logged != kept)
                throw new TrackingValueException($"param '{key}' of run {runId} was logged as '{logged}'; MLflow does not allow changing it to '{kept}'");
            return warning;
        }
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(kept));
        return warning;
    }

    /// <summary>Sets (or overwrites) a tag; returns a warning when the value was truncated.</summary>
    public string? SetTag(string runId, string key, string value)
    {
        var (kept, warning) = MlflowLimits.Value(value, MlflowLimits.TagValueLength, "tag", key);
        AtomicFile.Write(EntityPath(runId, "tags", MlflowLimits.Key(key, "tag")), Encoding.UTF8.GetBytes(kept));
        return warning;
    }

    /// <summary>Appends a metric point.</summary>
    public void LogMetric(string runId, string key, double value, long timestamp, long step)
    {
        var path = EntityPath(runId, "metrics", MlflowLimits.Key(key, "metric"));
        var line = string.Create(CultureInfo.InvariantCulture, $"{timestamp} {Number(value)} {step}\n");
        lock (gate) File.AppendAllText(path, line, Utf8);
    }

    /// <summary>Ends a run with <paramref name="status"/> at <paramref name="endTime"/>.</summary>
    public void EndRun(string runId, RunStatus status, long endTime)
    {
        var meta = ReadMeta(Path.Combine(RunFolder(runId), "meta.yaml"));
        WriteRunMeta(runId, meta["run_name"], long.Parse(meta["start_time"], CultureInfo.InvariantCulture), endTime, status);
    }

    /// <summary>
    /// Ends as KILLED every RUNNING run whose ensdsl process is gone (<see cref="RunOwner"/>), at the time it was last
    /// written; returns their names. What a killed run never ended is ended by the next run or sync that looks.
    /// </summary>
    /// <param name="experiment">Only this experiment's runs (what a run looks at when it starts), or every experiment's.</param>
    public IReadOnlyList<string> EndOrphans(string? experiment = null)
    {
        var ended = new List<string>();
        if (!Directory.Exists(Root)) return ended;
        var experiments = experiment is null ? Directory.GetDirectories(Root).Where(e => File.Exists(Path.Combine(e, "meta.yaml")))
            : Find(Root, experiment) is { } experimentId ? [Path.Combine(Root, experimentId)] : [];
        foreach (var folder in experiments)
            foreach (var run in Directory.GetDirectories(folder).Where(r => File.Exists(Path.Combine(r, "meta.yaml"))))
            {
                var meta = ReadMeta(Path.Combine(run, "meta.yaml"));
                var owner = Path.Combine(run, "tags", RunOwner.Tag);
                if (meta.GetValueOrDefault("status") != ((int)RunStatus.Running).ToString(CultureInfo.InvariantCulture)
                    || !File.Exists(owner) || !RunOwner.IsGone(File.ReadAllText(owner))) continue;
                var id = Path.GetFileName(run);
                lock (gate) experimentOfRun[id] = Path.GetFileName(folder);
                var last = Directory.GetFiles(run, "*", SearchOption.AllDirectories).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.UtcNow).Max();
                SetTag(id, "ensdsl.ended", "KILLED by a later ensdsl: the process that recorded this run was gone");
                EndRun(id, RunStatus.Killed, new DateTimeOffset(last).ToUnixTimeMilliseconds());
                ended.Add(meta.GetValueOrDefault("run_name", id));
            }
        return ended;
    }

    /// <summary>Copies <paramref name="file"/> into the run's artifacts (under <paramref name="folder"/> when given).</summary>
    public void LogArtifact(string runId, string file, string? folder = null)
    {
        var target = Path.Combine(RunFolder(runId), "artifacts", folder ?? "", Path.GetFileName(file));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        AtomicFile.Write(target, File.ReadAllBytes(file));
    }

    /// <summary>The folder of run <paramref name="runId"/>.</summary>
    public string RunFolder(string runId)
    {
        lock (gate)
        {
            if (experimentOfRun.TryGetValue(runId, out var experiment)) return Path.Combine(Root, experiment, runId);
            var found = Directory.GetDirectories(Root).FirstOrDefault(e => Directory.Exists(Path.Combine(e, runId)))
                ?? throw new TrackingValueException($"run {runId} is not in {Root}");
            experimentOfRun[runId] = Path.GetFileName(found);
            return Path.Combine(found, runId);
        }
    }

    // Python reads these files: no byte-order mark.
    static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    // Python's float() reads .NET's round-trip form, NaN and ±Infinity.
    static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    string EntityPath(string runId, string kind, string key)
    {
        var path = Path.Combine(RunFolder(runId), kind, key.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    void WriteExperiment(string id, string name, long time)
    {
        var folder = Path.Combine(Root, id);
        Directory.CreateDirectory(folder);
        WriteYaml(Path.Combine(folder, "meta.yaml"), new()
        {
            ["artifact_location"] = Quote(new Uri(folder).AbsoluteUri),
            ["creation_time"] = time.ToString(CultureInfo.InvariantCulture),
            ["experiment_id"] = Quote(id),
            ["last_update_time"] = time.ToString(CultureInfo.InvariantCulture),
            ["lifecycle_stage"] = "active",
            ["name"] = Quote(name),
        });
    }

    void WriteRunMeta(string id, string runName, long startTime, long? endTime, RunStatus status)
    {
        var folder = RunFolder(id);
        string experiment;
        lock (gate) experiment = experimentOfRun[id];
        WriteYaml(Path.Combine(folder, "meta.yaml"), new()
        {
            ["artifact_uri"] = Quote(new Uri(Path.Combine(folder, "artifacts")).AbsoluteUri),
            ["deleted_time"] = "null",
            ["end_time"] = endTime?.ToString(CultureInfo.InvariantCulture) ?? "null",
            ["entry_point_name"] = "''",
            ["experiment_id"] = Quote(experiment),
            ["lifecycle_stage"] = "active",
            ["run_id"] = Quote(id),
            ["run_name"] = Quote(runName),
            ["run_uuid"] = Quote(id),
            ["source_name"] = "''",
            ["source_type"] = "4",
            ["source_version"] = "''",
            ["start_time"] = startTime.ToString(CultureInfo.InvariantCulture),
            ["status"] = ((int)status).ToString(CultureInfo.InvariantCulture),
            ["tags"] = "[]",
            ["user_id"] = Quote(Environment.UserName),
        });
    }

    // PyYAML's block style with sorted keys; every string single-quoted, so ids of digits stay strings.
    static void WriteYaml(string path, SortedDictionary<string, string> values) =>
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(string.Concat(values.Select(kv => $"{kv.Key}: {kv.Value}\n"))));

    static string Quote(string text) => "'" + text.Replace("'", "''") + "'";

    static string Unquote(string text) => text.Length >= 2 && text[0] == '\'' && text[^1] == '\'' ? text[1..^1].Replace("''", "'") : text;

    /// <summary>A <c>meta.yaml</c> this store wrote, key → value with strings unquoted (<c>null</c> stays the text null).</summary>
    internal static Dictionary<string, string> ReadMeta(string path) => File.ReadAllLines(path)
        .Where(l => l.Contains(": ", StringComparison.Ordinal))
        .ToDictionary(l => l[..l.IndexOf(": ", StringComparison.Ordinal)], l => Unquote(l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..]));

    static string? Find(string folder, string name) => Directory.Exists(folder)
        ? Directory.GetDirectories(folder)
            .Where(e => File.Exists(Path.Combine(e, "meta.yaml")))
            .FirstOrDefault(e => ReadMeta(Path.Combine(e, "meta.yaml")).TryGetValue("name", out var n) && n == name) is { } hit ? Path.GetFileName(hit) : null
        : null;
}
