using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Tests.Tracking;

/// <summary>
/// An in-process MLflow tracking server built to ../shared/reference/mlflow.md's contract (no real one can be installed
/// here): error bodies <c>{"error_code","message"}</c> with MLflow's statuses (RESOURCE_ALREADY_EXISTS is 400),
/// empty and unset fields left out, int64 as JSON numbers, immutable params, log-batch limits (1000 metrics, 100 params,
/// 100 tags, 1 MB), the artifact proxy, and faults on demand: status codes with Retry-After, or no answer at all.
/// </summary>
public sealed class FakeMlflowServer : IDisposable
{
    readonly HttpListener listener = new();
    readonly CancellationTokenSource stop = new();
    readonly Task loop;
    readonly ConcurrentQueue<(int Status, int? RetryAfter)> faults = new();

    public Uri Address { get; }

    public ConcurrentDictionary<string, (string Name, string Stage)> Experiments { get; } = new();
    public ConcurrentDictionary<string, Run> Runs { get; } = new();
    public ConcurrentDictionary<string, byte[]> Artifacts { get; } = new();
    public ConcurrentQueue<(string Method, string Path, string? Authorization)> Requests { get; } = new();

    /// <summary>When set, every request is answered with this status (a server that stays down).</summary>
    public int? Down { get; set; }

    /// <summary>When set, every answer comes this late (a server that times out).</summary>
    public TimeSpan? Delay { get; set; }

    /// <summary>When set, requests must carry this Authorization header, else 401.</summary>
    public string? RequiredAuthorization { get; set; }

    public sealed class Run(string id, string experiment, string name)
    {
        public string Id { get; } = id;
        public string Experiment { get; } = experiment;
        public string Name { get; } = name;
        public string Status { get; set; } = "RUNNING";
        public long? EndTime { get; set; }
        public ConcurrentDictionary<string, string> Params { get; } = new();
        public ConcurrentDictionary<string, string> Tags { get; } = new();
        public ConcurrentQueue<(string Key, double Value, long Timestamp, long Step)> Metrics { get; } = new();
    }

    public FakeMlflowServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Address = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(Address.AbsoluteUri);
        listener.Start();
        Experiments["0"] = ("Default", "active");
        loop = Task.Run(Serve);
    }

    /// <summary>The next <paramref name="count"/> requests get <paramref name="status"/> (with Retry-After seconds when given).</summary>
    public void Fail(int count, int status, int? retryAfter = null)
    {
        for (int i = 0; i < count; i++) faults.Enqueue((status, retryAfter));
    }

    async Task Serve()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception) when (stop.IsCancellationRequested) { return; }
            catch (HttpListenerException) { return; }
            _ = Task.Run(() =>                                  // concurrently, as a real server answers
            {
                try { Handle(context); }
                catch (HttpListenerException) { }                // the client gave up
                catch (Exception e) { Reply(context, 500, new JObject { ["error_code"] = "INTERNAL_ERROR", ["message"] = e.Message }); }
            });
        }
    }

    void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url!.AbsolutePath;
        Requests.Enqueue((request.HttpMethod, path, request.Headers["Authorization"]));
        if (Delay is { } delay) Thread.Sleep(delay);
        if (Down is { } down) { Reply(context, down, null); return; }
        if (faults.TryDequeue(out var fault))
        {
            if (fault.RetryAfter is { } seconds) context.Response.Headers["Retry-After"] = seconds.ToString();
            Reply(context, fault.Status, null);
            return;
        }
        if (RequiredAuthorization is { } auth && request.Headers["Authorization"] != auth)
        {
            Reply(context, 401, new JObject { ["error_code"] = "UNAUTHENTICATED", ["message"] = "You are not authenticated." });
            return;
        }
        using var reader = new StreamReader(request.InputStream);
        var text = request.HttpMethod == "PUT" ? null : reader.ReadToEnd();
        if (request.HttpMethod == "PUT" && path.StartsWith("/api/2.0/mlflow-artifacts/artifacts/", StringComparison.Ordinal))
        {
            using var bytes = new MemoryStream();
            request.InputStream.CopyTo(bytes);
            Artifacts[Uri.UnescapeDataString(path["/api/2.0/mlflow-artifacts/artifacts/".Length..])] = bytes.ToArray();
            Reply(context, 200, []);
            return;
        }
        if (text is { Length: > 1_000_000 }) { Error(context, 400, "INVALID_PARAMETER_VALUE", "Batched logging API requests must be at most 1 MB in size"); return; }
        var body = string.IsNullOrEmpty(text) ? [] : JObject.Parse(text);
        switch (path)
        {
            case "/api/2.0/mlflow/experiments/get-by-name":
            {
                var name = request.QueryString["experiment_name"];
                var found = Experiments.Where(e => e.Value.Name == name).OrderBy(e => e.Value.Stage == "active" ? 0 : 1).FirstOrDefault();
                if (found.Key is null) Error(context, 404, "RESOURCE_DOES_NOT_EXIST", $"Could not find experiment with name '{name}'");
                else Reply(context, 200, new JObject { ["experiment"] = new JObject
                {
                    ["experiment_id"] = found.Key, ["name"] = name, ["lifecycle_stage"] = found.Value.Stage,
                    ["artifact_location"] = $"mlflow-artifacts:/{found.Key}", ["creation_time"] = 1764000000000L,
                } });
                return;
            }
            case "/api/2.0/mlflow/experiments/create":
            {
                var name = (string)body["name"]!;
                if (Experiments.Values.Any(e => e.Name == name)) { Error(context, 400, "RESOURCE_ALREADY_EXISTS", $"Experiment '{name}' already exists."); return; }
                var id = (Experiments.Count + 1).ToString();
                Experiments[id] = (name, "active");
                Reply(context, 200, new JObject { ["experiment_id"] = id });
                return;
            }
            case "/api/2.0/mlflow/runs/create":
            {
                var experiment = (string)body["experiment_id"]!;
                if (!Experiments.TryGetValue(experiment, out var e) || e.Stage != "active") { Error(context, 500, "INVALID_STATE", "experiment not active"); return; }
                var id = Guid.NewGuid().ToString("N");
                var run = Runs[id] = new Run(id, experiment, (string?)body["run_name"] ?? "run");
                foreach (var tag in body["tags"] ?? new JArray()) run.Tags[(string)tag["key"]!] = (string)tag["value"]!;
                run.Tags["mlflow.runName"] = run.Name;
                Reply(context, 200, new JObject { ["run"] = new JObject { ["info"] = new JObject
                {
                    ["run_id"] = id, ["run_uuid"] = id, ["run_name"] = run.Name, ["experiment_id"] = experiment, ["status"] = "RUNNING",
                    ["start_time"] = (long?)body["start_time"], ["artifact_uri"] = $"mlflow-artifacts:/{experiment}/{id}/artifacts", ["lifecycle_stage"] = "active",
                } } });
                return;
            }
            case "/api/2.0/mlflow/runs/get":
            {
                if (!Runs.TryGetValue(request.QueryString["run_id"] ?? "", out var run)) { Error(context, 404, "RESOURCE_DOES_NOT_EXIST", "Run not found"); return; }
                Reply(context, 200, new JObject { ["run"] = new JObject { ["info"] = Info(run) } });
                return;
            }
            case "/api/2.0/mlflow/runs/search":
            {
                // The one filter form ensdsl sends: tags.`KEY` = 'VALUE'.
                var match = System.Text.RegularExpressions.Regex.Match((string?)body["filter"] ?? "", @"^tags\.`([^`]+)` = '([^']*)'$");
                if (!match.Success) { Error(context, 400, "INVALID_PARAMETER_VALUE", "unsupported filter"); return; }
                var experiments = (body["experiment_ids"] as JArray ?? []).Select(e => (string)e!).ToHashSet();
                var hits = Runs.Values.Where(r => experiments.Contains(r.Experiment) && r.Tags.GetValueOrDefault(match.Groups[1].Value) == match.Groups[2].Value).ToList();
                var answer = new JObject();
                if (hits.Count > 0) answer["runs"] = new JArray(hits.Select(r => new JObject { ["info"] = Info(r) }));   // none: the field is left out
                Reply(context, 200, answer);
                return;
            }
            case "/api/2.0/mlflow/runs/update":
            {
                if (!Runs.TryGetValue((string)body["run_id"]!, out var run)) { Error(context, 404, "RESOURCE_DOES_NOT_EXIST", "no such run"); return; }
                run.Status = (string)body["status"]!;
                run.EndTime = (long?)body["end_time"];
                Reply(context, 200, new JObject { ["run_info"] = new JObject { ["run_id"] = run.Id, ["status"] = run.Status } });
                return;
            }
            case "/api/2.0/mlflow/runs/log-batch":
            {
                if (!Runs.TryGetValue((string)body["run_id"]!, out var run)) { Error(context, 404, "RESOURCE_DOES_NOT_EXIST", "no such run"); return; }
                var metrics = body["metrics"] as JArray ?? [];
                var parameters = body["params"] as JArray ?? [];
                var tags = body["tags"] as JArray ?? [];
                if (metrics.Count > 1000 || parameters.Count > 100 || tags.Count > 100 || metrics.Count + parameters.Count + tags.Count > 1000)
                { Error(context, 400, "INVALID_PARAMETER_VALUE", "A batch logging request can contain at most 1000 metrics, 100 params and 100 tags"); return; }
                foreach (var p in parameters)
                {
                    var (key, value) = ((string)p["key"]!, (string)p["value"]!);
                    if (run.Params.TryGetValue(key, out var logged) && logged != value)
                    { Error(context, 400, "INVALID_PARAMETER_VALUE", $"Changing param values is not allowed. Param with key='{key}' was already logged with value='{logged}'"); return; }
                }
                foreach (var p in parameters) run.Params[(string)p["key"]!] = (string)p["value"]!;
                foreach (var t in tags) run.Tags[(string)t["key"]!] = (string)t["value"]!;
                foreach (var m in metrics)
                    run.Metrics.Enqueue(((string)m["key"]!, m["value"]!.Type == JTokenType.String ? double.Parse((string)m["value"]!, System.Globalization.CultureInfo.InvariantCulture) : (double)m["value"]!,
                        (long)m["timestamp"]!, (long?)m["step"] ?? 0));
                Reply(context, 200, []);
                return;
            }
            default:
                Error(context, 404, "ENDPOINT_NOT_FOUND", $"{request.HttpMethod} {path}");
                return;
        }
    }

    static JObject Info(Run run) => new()
    {
        ["run_id"] = run.Id, ["run_uuid"] = run.Id, ["run_name"] = run.Name, ["experiment_id"] = run.Experiment, ["status"] = run.Status,
        ["artifact_uri"] = $"mlflow-artifacts:/{run.Experiment}/{run.Id}/artifacts", ["lifecycle_stage"] = "active",
    };

    static void Error(HttpListenerContext context, int status, string code, string message) =>
        Reply(context, status, new JObject { ["error_code"] = code, ["message"] = message });

    static void Reply(HttpListenerContext context, int status, JObject? body)
    {
        context.Response.StatusCode = status;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body.ToString(Newtonsoft.Json.Formatting.None));
            context.Response.ContentType = "application/json";
            context.Response.OutputStream.Write(bytes);
        }
        context.Response.Close();
    }

    public void Dispose()
    {
        if (stop.IsCancellationRequested) return;
        stop.Cancel();
        listener.Stop();
        listener.Close();
        try { loop.Wait(5000); } catch (AggregateException) { }
    }
}
