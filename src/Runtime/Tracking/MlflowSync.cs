using System.Globalization;
using System.Net;
using System.Text;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Tracking.Rest;
using Newtonsoft.Json.Linq;
using Refit;

namespace EnsDsl.Runtime.Tracking;

/// <summary>What a sync did.</summary>
/// <param name="Uploaded">Ended runs whose upload finished now.</param>
/// <param name="AlreadyThere">Runs a previous sync had uploaded whole.</param>
/// <param name="StillRunning">Runs not ended locally: brought up to date when asked (<c>includeRunning</c>), else left for a later sync.</param>
/// <param name="Metrics">Metric points sent now.</param>
public sealed record SyncReport(int Uploaded, int AlreadyThere, int StillRunning, int Metrics);

/// <summary>A sync that could not finish: the message says why and what to do; what was uploaded stays uploaded.</summary>
public sealed class SyncException(string message) : Exception(message);

/// <summary>
/// Uploads the runs of a local MLflow file store to a tracking server, idempotently and incrementally: each run's
/// progress (its server id, how many lines of each metric file the server acknowledged, done) is kept beside it in
/// <c>ensdsl-sync.json</c>, so a second sync sends nothing twice, an interrupted one resumes where it stopped, and a
/// running run can be brought up to date again and again while it trains (only complete lines are read, so a point
/// being appended is sent next time). An ended run is finished on the server: artifacts, status, end time. Parents go before their children
/// (whose <c>mlflow.parentRunId</c> becomes the parent's server id); params and tags in batches of 100, metrics in
/// batches of at most 1,000 points and well under the 1 MB body limit, artifacts through the server's artifact proxy.
/// </summary>
public sealed class MlflowSync(IMlflowApi api, Uri server)
{
    const int MetricsPerBatch = 1000, EntitiesPerBatch = 100, BodyBudget = 800_000;

    /// <summary>The tag that ties a server run to the local run it was uploaded from.</summary>
    public const string LocalRunTag = "ensdsl.local_run_id";

    /// <summary>Uploads every ended run of <paramref name="root"/> (only <paramref name="experiment"/>'s when given).</summary>
    /// <exception cref="SyncException">The server refused or stayed unreachable; rerun later.</exception>
    public async Task<SyncReport> Run(string root, string? experiment = null, bool includeRunning = false)
    {
        int uploaded = 0, already = 0, running = 0, metrics = 0;
        foreach (var folder in Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, "meta.yaml"))).Order(StringComparer.Ordinal))
        {
            var name = MlflowFileStore.ReadMeta(Path.Combine(folder, "meta.yaml"))["name"];
            if (experiment is not null && name != experiment) continue;
            var runs = Directory.GetDirectories(folder).Where(d => File.Exists(Path.Combine(d, "meta.yaml")))
                .OrderBy(d => File.Exists(Path.Combine(d, "tags", "mlflow.parentRunId")) ? 1 : 0).ThenBy(d => d, StringComparer.Ordinal).ToList();
            if (runs.Count == 0) continue;
            // A run left running (its process was killed) still goes up, unended, when an ended child needs it as parent.
            var parents = runs.Select(r => Path.Combine(r, "tags", "mlflow.parentRunId")).Where(File.Exists).Select(f => File.ReadAllText(f)).ToHashSet();
            string? experimentId = null;
            foreach (var run in runs)
            {
                var state = State.Read(run, server);
                if (state.Done) { already++; continue; }
                var meta = MlflowFileStore.ReadMeta(Path.Combine(run, "meta.yaml"));
                bool ended = meta.GetValueOrDefault("status", "1") != "1";
                if (!ended) running++;
                if (!ended && !includeRunning && !parents.Contains(Path.GetFileName(run))) continue;
                experimentId ??= await Call("experiment " + name, () => Experiment(name));
                metrics += await Upload(run, meta, experimentId, state, ended);
                if (ended) uploaded++;
            }
        }
        return new SyncReport(uploaded, already, running, metrics);
    }

    async Task<int> Upload(string run, Dictionary<string, string> meta, string experimentId, State state, bool ended)
    {
        var tags = Entities(Path.Combine(run, "tags"));
        var runName = tags.GetValueOrDefault("mlflow.runName") ?? meta.GetValueOrDefault("run_name", "run");
        var localId = Path.GetFileName(run);
        if (state.RunId is null)
        {
            // A sync that created the run but stopped before noting it left the run tagged with the local id: reuse it.
            var filter = $"tags.`{LocalRunTag}` = '{localId}'";
            var found = (await Call($"search for {runName}", () => api.SearchRuns(new SearchRunsRequest([experimentId], filter, 1)))).Runs ?? [];
            var info = found.Count > 0 ? found[0].Info
                : (await Call($"run {runName}", () => api.CreateRun(new CreateRunRequest(experimentId, runName,
                    long.Parse(meta["start_time"], CultureInfo.InvariantCulture), [new KeyValue(LocalRunTag, localId)])))).Run.Info;
            state = state with { RunId = info.RunId, ArtifactUri = info.ArtifactUri };
            state.Write();
        }
        else
        {
            var id = state.RunId;
            bool exists = await Call($"run {runName}", async () =>
            {
                try { await api.GetRun(id); return true; }
                catch (ApiException missing) when (missing.StatusCode == HttpStatusCode.NotFound) { return false; }
            });
            if (!exists)
                throw new SyncException($"run {runName} was uploaded to {server} as {id}, which the server no longer has; " +
                    $"to upload it again, delete {Path.Combine(run, "ensdsl-sync.json")}");
        }
        var runId = state.RunId!;
        if (tags.TryGetValue("mlflow.parentRunId", out var localParent))
            tags["mlflow.parentRunId"] = State.Read(Path.Combine(Path.GetDirectoryName(run)!, localParent), server).RunId
                ?? throw new SyncException($"run {runName}: its parent {localParent} is not on the server yet; sync its experiment whole");
        tags.Remove("mlflow.runName");
        var parameters = Entities(Path.Combine(run, "params"));
        foreach (var chunk in parameters.Select(p => new KeyValue(p.Key, p.Value)).Chunk(EntitiesPerBatch))
            await Call($"params of {runName}", () => api.LogBatch(new LogBatchRequest(runId, [], chunk, [])));
        foreach (var chunk in tags.Select(t => new KeyValue(t.Key, t.Value)).Chunk(EntitiesPerBatch))
            await Call($"tags of {runName}", () => api.LogBatch(new LogBatchRequest(runId, [], [], chunk)));

        int sent = 0;
        foreach (var (points, offsets) in MetricBatches(Path.Combine(run, "metrics"), state.Offsets))
        {
            await Call($"metrics of {runName}", () => api.LogBatch(new LogBatchRequest(runId, points, [], [])));
            state = state with { Offsets = offsets };              // acknowledged: never sent again
            state.Write();
            sent += points.Count;
        }
        if (!ended) return sent;

        var artifacts = Path.Combine(run, "artifacts");
        if (Directory.Exists(artifacts) && Directory.EnumerateFiles(artifacts, "*", SearchOption.AllDirectories).Any())
        {
            const string proxy = "mlflow-artifacts:/";
            if (state.ArtifactUri is { } uri && uri.StartsWith(proxy, StringComparison.Ordinal))
                foreach (var file in Directory.EnumerateFiles(artifacts, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    var path = uri[proxy.Length..].TrimStart('/') + "/" + Path.GetRelativePath(artifacts, file).Replace(Path.DirectorySeparatorChar, '/');
                    await Call($"artifact {Path.GetFileName(file)}", () => api.UploadArtifact(path, new ByteArrayContent(File.ReadAllBytes(file))));
                }
            else
                throw new SyncException($"run {runName}: the server gives artifact location '{state.ArtifactUri}'; ensdsl uploads artifacts through the server's artifact proxy (mlflow-artifacts:), so start it with artifact serving on");
        }

        var status = meta["status"] switch { "3" => "FINISHED", "4" => "FAILED", "5" => "KILLED", var s => s == "2" ? "SCHEDULED" : "FINISHED" };
        long end = long.TryParse(meta.GetValueOrDefault("end_time"), out var e) ? e : MlflowFileStore.Now();
        await Call($"end of {runName}", () => api.UpdateRun(new UpdateRunRequest(runId, status, end)));
        (state with { Done = true }).Write();
        return sent;
    }

    async Task<string> Experiment(string name)
    {
        try { return Usable(await api.GetExperimentByName(name)); }
        catch (ApiException e) when (e.StatusCode == HttpStatusCode.NotFound) { }
        try { return (await api.CreateExperiment(new CreateExperimentRequest(name))).ExperimentId; }
        catch (ApiException e) when (MlflowHttp.Code(e) == "RESOURCE_ALREADY_EXISTS")
        {
            return Usable(await api.GetExperimentByName(name));    // created meanwhile by another client, or deleted
        }

        string Usable(ExperimentResponse found) => found.Experiment.LifecycleStage == "deleted"
            ? throw new SyncException($"experiment '{name}' is deleted on {server}; restore it there (mlflow experiments restore) or rename the script")
            : found.Experiment.ExperimentId;
    }

    // The points after each key's acknowledged lines, in file order, key by key, in batches within the server's count
    // and body limits; with each batch, the offsets that hold once it is acknowledged. Only complete lines count: the
    // line being appended now is sent by a later sync.
    static IEnumerable<(IReadOnlyList<MetricPoint> Points, IReadOnlyDictionary<string, int> Offsets)> MetricBatches(
        string folder, IReadOnlyDictionary<string, int> acknowledged)
    {
        if (!Directory.Exists(folder)) yield break;
        var offsets = new Dictionary<string, int>(acknowledged);
        var batch = new List<MetricPoint>();
        int bytes = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var key = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            var text = File.ReadAllText(file, Encoding.UTF8);
            var lines = text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries);
            for (int i = offsets.GetValueOrDefault(key); i < lines.Length; i++)
            {
                var parts = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                int size = key.Length + 80;
                if (batch.Count == MetricsPerBatch || bytes + size > BodyBudget)
                {
                    yield return (batch, new Dictionary<string, int>(offsets));
                    (batch, bytes) = ([], 0);
                }
                if (parts.Length >= 2)
                    batch.Add(new MetricPoint(key, double.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[0], CultureInfo.InvariantCulture),
                        parts.Length > 2 ? long.Parse(parts[2], CultureInfo.InvariantCulture) : 0));
                bytes += size;
                offsets[key] = i + 1;
            }
        }
        if (batch.Count > 0) yield return (batch, offsets);
    }

    static Dictionary<string, string> Entities(string folder) => !Directory.Exists(folder) ? []
        : Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'), f => File.ReadAllText(f, Encoding.UTF8));

    async Task<T> Call<T>(string what, Func<Task<T>> call)
    {
        try { return await call(); }
        catch (ApiException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new SyncException($"{server} refused the credentials ({(int)e.StatusCode}) for {what}: set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN");
        }
        catch (ApiException e)
        {
            throw new SyncException($"{server}: {what}: {MlflowHttp.Describe(e)}");
        }
        catch (Exception e) when (e is ApiRequestException or HttpRequestException or TaskCanceledException)
        {
            throw new SyncException($"{server} is unreachable ({(e.InnerException ?? e).Message}); nothing is lost: run `ensdsl mlflow sync` again later");
        }
    }

    async Task Call(string what, Func<Task> call) => await Call(what, async () => { await call(); return 0; });

    // A run's upload progress to one server, beside the run (MLflow ignores the file).
    sealed record State(string Folder, string Server, string? RunId, string? ArtifactUri, IReadOnlyDictionary<string, int> Offsets, bool Done)
    {
        const string FileName = "ensdsl-sync.json";

        public static State Read(string folder, Uri server)
        {
            var path = Path.Combine(folder, FileName);
            var entry = File.Exists(path) ? JObject.Parse(File.ReadAllText(path))[server.AbsoluteUri] as JObject : null;
            var offsets = (entry?["metric_lines"] as JObject)?.Properties().ToDictionary(p => p.Name, p => (int)p.Value) ?? [];
            return new State(folder, server.AbsoluteUri, (string?)entry?["run_id"], (string?)entry?["artifact_uri"], offsets, (bool?)entry?["done"] ?? false);
        }

        public void Write()
        {
            var path = Path.Combine(Folder, FileName);
            var all = File.Exists(path) ? JObject.Parse(File.ReadAllText(path)) : [];
            all[Server] = new JObject
            {
                ["run_id"] = RunId,
                ["artifact_uri"] = ArtifactUri,
                ["metric_lines"] = new JObject(Offsets.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => new JProperty(o.Key, o.Value))),
                ["done"] = Done,
            };
            AtomicFile.Write(path, Encoding.UTF8.GetBytes(all.ToString()));
        }
    }
}
