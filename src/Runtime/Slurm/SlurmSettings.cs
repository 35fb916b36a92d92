using System.Collections.Immutable;
using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Slurm;

/// <summary>A Slurm setting that cannot be used: the message names the file or variable, the key and what is expected.</summary>
public sealed class SlurmSettingsException(string message) : Exception(message);

/// <summary>
/// The sbatch resources of every job a run submits. A lab writes them once: in the <c>slurm</c> section of
/// <see cref="FileName"/> next to the script, or in <c>ENSDSL_SLURM_*</c> variables; <c>ensdsl run</c>'s options override
/// both (<see cref="Over"/>).
/// </summary>
/// <param name="Partition">sbatch <c>--partition</c>.</param>
/// <param name="Account">sbatch <c>--account</c>.</param>
/// <param name="Qos">sbatch <c>--qos</c>.</param>
/// <param name="Time">sbatch <c>--time</c>, per job (e.g. <c>04:00:00</c>).</param>
/// <param name="GpusPerJob">sbatch <c>--gpus</c>.</param>
/// <param name="CpusPerJob">sbatch <c>--cpus-per-task</c>.</param>
/// <param name="Mem">sbatch <c>--mem</c> (e.g. <c>32G</c>).</param>
/// <param name="Constraint">sbatch <c>--constraint</c>.</param>
/// <param name="SbatchArgs">Anything else, passed to sbatch as written.</param>
/// <param name="Pack">How training steps are grouped into jobs (not an sbatch option; unset: <see cref="DefaultPacking"/>).</param>
/// <param name="MaxJobs">The most of a run's jobs in Slurm at once (not an sbatch option; unset: <see cref="DefaultMaxJobs"/>).</param>
public sealed record SlurmSettings(string? Partition = null, string? Account = null, string? Qos = null, string? Time = null,
    int? GpusPerJob = null, int? CpusPerJob = null, string? Mem = null, string? Constraint = null, ImmutableArray<string> SbatchArgs = default,
    Packing? Pack = null, int? MaxJobs = null)
{
    /// <summary>The queue budget of a run that sets none: 100 jobs, Nextflow's default <c>queueSize</c>, within most labs' submit limits.</summary>
    public const int DefaultMaxJobs = 100;

    /// <summary>The queue budget these settings choose.</summary>
    public int Budget => MaxJobs ?? DefaultMaxJobs;

    /// <summary>The packing of a run that sets none: chains, so that a chain of steps waits in the queue once.</summary>
    public const Packing DefaultPacking = Packing.Chains;

    /// <summary>The packing these settings choose.</summary>
    public Packing Packing => Pack ?? DefaultPacking;

    /// <summary>The settings file looked for next to the script.</summary>
    public const string FileName = "ensdsl.json";

    /// <summary>Its section for Slurm.</summary>
    public const string Section = "slurm";

    /// <summary>The prefix of the environment variables (<c>ENSDSL_SLURM_PARTITION</c>, …).</summary>
    public const string VariablePrefix = "ENSDSL_SLURM_";

    /// <summary>Every setting: its key in the file (the variable is the key in capitals after the prefix), how to read and write it, and its sbatch option (none for ensdsl's own).</summary>
    static readonly (string Key, Func<SlurmSettings, string?> Get, Func<SlurmSettings, string, string, SlurmSettings> With, string? Sbatch)[] Fields =
    [
        ("partition", s => s.Partition, (s, v, _) => s with { Partition = v }, "--partition"),
        ("account", s => s.Account, (s, v, _) => s with { Account = v }, "--account"),
        ("qos", s => s.Qos, (s, v, _) => s with { Qos = v }, "--qos"),
        ("time", s => s.Time, (s, v, _) => s with { Time = v }, "--time"),
        ("gpus_per_job", s => Text(s.GpusPerJob), (s, v, where) => s with { GpusPerJob = Count(v, where) }, "--gpus"),
        ("cpus_per_job", s => Text(s.CpusPerJob), (s, v, where) => s with { CpusPerJob = Count(v, where) }, "--cpus-per-task"),
        ("mem", s => s.Mem, (s, v, _) => s with { Mem = v }, "--mem"),
        ("constraint", s => s.Constraint, (s, v, _) => s with { Constraint = v }, "--constraint"),
        ("pack", s => s.Pack?.Name(), (s, v, where) => s with { Pack = PackingNamed(v, where) }, null),
        ("max_jobs", s => Text(s.MaxJobs), (s, v, where) => s with { MaxJobs = Positive(v, where) }, null),
    ];

    /// <summary>A packing by its name (<c>none</c>, <c>chains</c>).</summary>
    /// <exception cref="SlurmSettingsException">Another name.</exception>
    public static Packing PackingNamed(string value, string where) => PackingNames.Parse(value)
        ?? throw new SlurmSettingsException($"{where}: expected {string.Join(" or ", Enum.GetValues<Packing>().Select(p => p.Name()))}, got '{value}'");

    const string ArgsKey = "sbatch_args";

    static string? Text(int? n) => n?.ToString(CultureInfo.InvariantCulture);

    static int Count(string value, string where, int least = 0) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= least ? n
            : throw new SlurmSettingsException($"{where}: expected a whole number{(least > 0 ? $" of at least {least}" : "")}, got '{value}'");

    /// <summary>A count of at least 1.</summary>
    /// <exception cref="SlurmSettingsException">Anything else.</exception>
    public static int Positive(string value, string where) => Count(value, where, least: 1);

    /// <summary>The arguments passed to sbatch, e.g. <c>--partition=gpu</c>, then <see cref="SbatchArgs"/>.</summary>
    public IReadOnlyList<string> SbatchOptions() =>
        [.. Fields.Where(f => f.Sbatch is not null && f.Get(this) is not null).Select(f => $"{f.Sbatch}={f.Get(this)}"), .. SbatchArgs.IsDefault ? [] : SbatchArgs];

    /// <summary>These settings, with what they leave unset taken from <paramref name="lower"/> (whose extra sbatch arguments come first).</summary>
    public SlurmSettings Over(SlurmSettings lower) => new(
        Partition ?? lower.Partition, Account ?? lower.Account, Qos ?? lower.Qos, Time ?? lower.Time,
        GpusPerJob ?? lower.GpusPerJob, CpusPerJob ?? lower.CpusPerJob, Mem ?? lower.Mem, Constraint ?? lower.Constraint,
        [.. lower.SbatchArgs.IsDefault ? [] : lower.SbatchArgs, .. SbatchArgs.IsDefault ? [] : SbatchArgs], Pack ?? lower.Pack, MaxJobs ?? lower.MaxJobs);

    /// <summary>The settings of the <c>ENSDSL_SLURM_*</c> variables (<c>ENSDSL_SLURM_SBATCH_ARGS</c> split at spaces).</summary>
    /// <exception cref="SlurmSettingsException">A variable with a value of the wrong kind.</exception>
    public static SlurmSettings FromEnvironment(Func<string, string?> variable)
    {
        var settings = new SlurmSettings();
        foreach (var f in Fields)
        {
            var name = VariablePrefix + f.Key.ToUpperInvariant();
            if (variable(name) is { Length: > 0 } v) settings = f.With(settings, v.Trim(), name);
        }
        var args = variable(VariablePrefix + ArgsKey.ToUpperInvariant());
        return args is { Length: > 0 } ? settings with { SbatchArgs = [.. args.Split(' ', StringSplitOptions.RemoveEmptyEntries)] } : settings;
    }

    /// <summary>The <c>slurm</c> section of <see cref="FileName"/> in <paramref name="directory"/>; empty settings without one.</summary>
    /// <exception cref="SlurmSettingsException">The file is not JSON, or a key is unknown or of the wrong kind.</exception>
    public static SlurmSettings FromFile(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return new();
        JObject root;
        try { root = JObject.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new SlurmSettingsException($"{path}: not valid JSON ({e.Message})"); }
        if (root[Section] is not { } section) return new();
        if (section is not JObject values) throw new SlurmSettingsException($"{path}: '{Section}' must be an object of settings");
        var settings = new SlurmSettings();
        foreach (var (key, value) in values)
        {
            var where = $"{path}: {Section}.{key}";
            if (key == ArgsKey)
            {
                settings = value is JArray list && list.All(a => a.Type == JTokenType.String)
                    ? settings with { SbatchArgs = [.. list.Select(a => (string)a!)] }
                    : throw new SlurmSettingsException($"{where}: expected a list of strings, e.g. [\"--exclusive\"]");
                continue;
            }
            var field = Fields.FirstOrDefault(f => f.Key == key);
            if (field.Key is null)
                throw new SlurmSettingsException($"{where}: unknown setting; known: {string.Join(", ", Fields.Select(f => f.Key).Append(ArgsKey))}");
            if (value is not JValue { Value: string or long } scalar)
                throw new SlurmSettingsException($"{where}: expected a string or a number");
            settings = field.With(settings, Convert.ToString(scalar.Value, CultureInfo.InvariantCulture)!, where);
        }
        return settings;
    }
}
