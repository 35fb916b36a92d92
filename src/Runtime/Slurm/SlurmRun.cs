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
/// <param name="Jobs">The submitted jobs, in order.</param>
public sealed record SlurmRun(string Experiment, string Script, ImmutableArray<string> Sets, string Store, string WorkingDirectory,
    DateTimeOffset Submitted, ImmutableArray<string> Cached, ImmutableDictionary<string, string> Labels, ImmutableArray<SubmittedJob> Jobs)
{
    /// <summary>The <c>--repeat</c> argument the script was planned with, or null.</summary>
    public string? Repeat { get; init; }

    /// <summary>The record's format.</summary>
    public const int Format = 1;

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
            ["jobs"] = new JArray(Jobs.Select(j => new JObject
            {
                ["index"] = j.Job.Index,
                ["slurm_id"] = j.SlurmId,
                ["name"] = j.Job.Name,
                ["nodes"] = new JArray(j.Job.Nodes),
                ["after"] = new JArray(j.Job.After),
                ["epochs"] = j.Job.Epochs,
                ["after_any"] = j.Job.AfterAny,
            })),
        };
        AtomicFile.Write(RecordPath(runDirectory), System.Text.Encoding.UTF8.GetBytes(json.ToString(Formatting.Indented)));
    }

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
            if ((int?)j["format"] != Format) throw new SlurmRunException($"{path}: written by another ensdsl (format {j["format"]}); this one reads format {Format}");
            static ImmutableArray<string> Strings(JToken? t) => [.. ((JArray)t!).Select(s => (string)s!)];
            return new SlurmRun((string)j["experiment"]!, (string)j["script"]!, Strings(j["sets"]), (string)j["store"]!, (string)j["working_directory"]!,
                DateTimeOffset.Parse((string)j["submitted"]!, System.Globalization.CultureInfo.InvariantCulture), Strings(j["cached"]),
                ((JObject)j["labels"]!).Properties().ToImmutableDictionary(p => p.Name, p => (string)p.Value!),
                [.. ((JArray)j["jobs"]!).Select(o => new SubmittedJob(
                    new SlurmJob((int)o["index"]!, (string)o["name"]!, Strings(o["nodes"]), [.. ((JArray)o["after"]!).Select(a => (int)a)], (int)o["epochs"]!, (bool)o["after_any"]!),
                    (string)o["slurm_id"]!))]) { Repeat = (string?)j["repeat"] };
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidCastException or FormatException)
        {
            throw new SlurmRunException($"{path}: unreadable ({e.Message})");
        }
    }

    // Times stay text until parsed as DateTimeOffset (Json.NET would make them local DateTimes).
    static readonly JsonSerializerSettings Dates = new() { DateParseHandling = DateParseHandling.None };

    /// <summary>The job that computes each node (nodes cached at submission have none).</summary>
    public IReadOnlyDictionary<string, SubmittedJob> JobOfNode() => Jobs.SelectMany(j => j.Job.Nodes.Select(id => (id, j))).ToDictionary(x => x.id, x => x.j);
}
