using System.Collections.Immutable;
using EnsDsl.Runtime.Store;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Slurm;

/// <summary>A run folder that is not a Slurm run of ensdsl, or whose record cannot be read.</summary>
public sealed class SlurmRunException(string message) : Exception(message);

/// <summary>One submitted job of a run: its place in the plan's jobs and the id Slurm gave it.</summary>
/// <param name="Job">The job as planned.</param>
/// <param name="SlurmId">Slurm's job id.</param>
public sealed record SubmittedJob(SlurmJob Job, string SlurmId);

/// <summary>
/// The record of a run submitted to Slurm, <c>RUN_DIR/slurm/run.json</c>: what was submitted (script, parameters,
/// store, working directory) and the jobs with their Slurm ids. <c>ensdsl status</c>, <c>collect</c> and <c>cancel</c>
/// read it; it is rewritten after every submission, so a submission cut short can still be cancelled.
/// </summary>
/// <param name="Experiment">The experiment's name.</param>
/// <param name="Script">The script's full path.</param>
/// <param name="Sets">Its <c>--set</c> values.</param>
/// <param name="Store">The store's full path.</param>
/// <param name="WorkingDirectory">Where <c>ensdsl run</c> was started (relative paths of the script start there).</param>
/// <param name="Submitted">When.</param>
/// <param name="Cached">Nodes already finished in the store at submission.</param>
/// <param name="Labels">The label of every node of the plan, by id (for <c>ensdsl status</c>, which reads no script).</param>
/// <param name="Jobs">The submitted jobs, in the order submitted.</param>
public sealed record SlurmRun(string Experiment, string Script, ImmutableArray<string> Sets, string Store, string WorkingDirectory,
    DateTimeOffset Submitted, ImmutableArray<string> Cached, ImmutableDictionary<string, string> Labels, ImmutableArray<SubmittedJob> Jobs)
{
    /// <summary>The <c>--repeat</c> argument the script was planned with, or null.</summary>
    public string? Repeat { get; init; }

    /// <summary>The jobs planned and not yet submitted, in plan order (<see cref="SlurmQueue"/> submits them).</summary>
    public ImmutableArray<SlurmJob> Pending { get; init; } = [];

    /// <summary>The most of its jobs the run keeps in Slurm at once (<c>--max-jobs</c>); 0 for no limit.</summary>
    public int MaxJobs { get; init; }

    /// <summary>The record's format (2: jobs may wait to be submitted; 1, read too, had none waiting).</summary>
    public const int Format = 2;

    /// <summary>The folder of a run that holds the record, the job scripts, their logs and their events.</summary>
    public const string Folder = "slurm";

    const string RecordFile = "run.json";

    /// <summary>The record's path in run folder <paramref name="runDirectory"/>.</summary>
    public static string RecordPath(string runDirectory) => Path.Combine(runDirectory, Folder, RecordFile);

    /// <summary>The batch script of job <paramref name="index"/>.</summary>
    public static string ScriptPath(string runDirectory, int index) => Path.Combine(runDirectory, Folder, $"job-{index}.sh");

    /// <summary>Its output (stdout and stderr, every attempt appended).</summary>
    public static string LogPath(string runDirectory, int index) => Path.Combine(runDirectory, Folder, $"job-{index}.out");

    /// <summary>The events its ensdsl process writes (<see cref="JobEventLog"/>).</summary>
    public static string EventsPath(string runDirectory, int index) => Path.Combine(runDirectory, Folder, $"job-{index}.events");

    /// <summary>True when <paramref name="runDirectory"/> holds a Slurm run's record.</summary>
    public static bool IsSlurmRun(string runDirectory) => File.Exists(RecordPath(runDirectory));

    /// <summary>Writes the record (atomically).</summary>
    public void Write(string runDirectory)
    {
        Directory.CreateDirectory(Path.Combine(runDirectory, Folder));
        var json = new JObject
        {
            ["format"] = Format,
            ["experiment"] = Experiment,
            ["script"] = Script,
            ["sets"] = new JArray(Sets),
            ["repeat"] = Repeat,
            ["store"] = Store,
            ["working_directory"] = WorkingDirectory,
            ["submitted"] = Submitted.ToString("o"),
            ["cached"] = new JArray(Cached),
            ["labels"] = JObject.FromObject(Labels),
            ["max_jobs"] = MaxJobs,
            ["jobs"] = new JArray(Jobs.Select(j => Job(j.Job, j.SlurmId))),
            ["pending"] = new JArray(Pending.Select(j => Job(j, null))),
        };
        AtomicFile.Write(RecordPath(runDirectory), System.Text.Encoding.UTF8.GetBytes(json.ToString(Formatting.Indented)));
    }

    static JObject Job(SlurmJob job, string? slurmId)
    {
        var json = new JObject { ["index"] = job.Index };
        if (slurmId is not null) json["slurm_id"] = slurmId;
        json["name"] = job.Name;
        json["nodes"] = new JArray(job.Nodes);
        json["after"] = new JArray(job.After);
        json["epochs"] = job.Epochs;
        json["after_any"] = job.AfterAny;
        return json;
    }

    static SlurmJob Job(JToken o) =>
        new((int)o["index"]!, (string)o["name"]!, [.. ((JArray)o["nodes"]!).Select(s => (string)s!)], [.. ((JArray)o["after"]!).Select(a => (int)a)], (int)o["epochs"]!, (bool)o["after_any"]!);

    /// <summary>Reads the record of run folder <paramref name="runDirectory"/>.</summary>
    /// <exception cref="SlurmRunException">There is none, or it cannot be read.</exception>
    public static SlurmRun Read(string runDirectory)
    {
        var path = RecordPath(runDirectory);
        if (!File.Exists(path))
            throw new SlurmRunException($"{runDirectory} is not a run submitted to Slurm (no {Path.Combine(Folder, RecordFile)}); give the folder 'ensdsl run --executor slurm' printed");
        try
        {
            var j = JsonConvert.DeserializeObject<JObject>(File.ReadAllText(path), Dates)!;
            if ((int?)j["format"] is not (1 or Format)) throw new SlurmRunException($"{path}: written by another ensdsl (format {j["format"]}); this one reads formats 1 and {Format}");
            static ImmutableArray<string> Strings(JToken? t) => [.. ((JArray)t!).Select(s => (string)s!)];
            return new SlurmRun((string)j["experiment"]!, (string)j["script"]!, Strings(j["sets"]), (string)j["store"]!, (string)j["working_directory"]!,
                DateTimeOffset.Parse((string)j["submitted"]!, System.Globalization.CultureInfo.InvariantCulture), Strings(j["cached"]),
                ((JObject)j["labels"]!).Properties().ToImmutableDictionary(p => p.Name, p => (string)p.Value!),
                [.. ((JArray)j["jobs"]!).Select(o => new SubmittedJob(Job(o), (string)o["slurm_id"]!))])
            {
                Repeat = (string?)j["repeat"],
                Pending = j["pending"] is JArray pending ? [.. pending.Select(Job)] : [],
                MaxJobs = (int?)j["max_jobs"] ?? 0,
            };
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidCastException or FormatException)
        {
            throw new SlurmRunException($"{path}: unreadable ({e.Message})");
        }
    }

    // Times stay text until parsed as DateTimeOffset (Json.NET would make them local DateTimes).
    static readonly JsonSerializerSettings Dates = new() { DateParseHandling = DateParseHandling.None };

    /// <summary>Drops the jobs not yet submitted, so that no follower submits them (<c>ensdsl cancel</c>, a failed submission).</summary>
    public SlurmRun Abandon(string runDirectory)
    {
        var run = this with { Pending = [] };
        run.Write(runDirectory);
        return run;
    }

    /// <summary>The job that computes each node (nodes cached at submission, and those of jobs not yet submitted, have none).</summary>
    public IReadOnlyDictionary<string, SubmittedJob> JobOfNode() => Jobs.SelectMany(j => j.Job.Nodes.Select(id => (id, j))).ToDictionary(x => x.id, x => x.j);
}
