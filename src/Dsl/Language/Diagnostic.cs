namespace EnsDsl;

/// <summary>How serious a diagnostic is.</summary>
public enum Severity
{
    /// <summary>The plan is still valid; the user may want to know.</summary>
    Warning,
    /// <summary>The plan must not run.</summary>
    Error,
}

/// <summary>A located message about a script or its plan, printed as <c>file(line,col): error ENS0201: message</c>.</summary>
/// <param name="Code">A stable identifier such as <c>ENS0201</c> (see <see cref="DiagnosticCodes"/>).</param>
/// <param name="Message">What is wrong and what to do.</param>
/// <param name="Origin">Where in the script it comes from.</param>
/// <param name="Severity">Error or warning.</param>
public sealed record Diagnostic(string Code, string Message, Origin Origin, Severity Severity = Severity.Error);

/// <summary>The diagnostic codes ensdsl reports, grouped by where the problem is found.</summary>
public static class DiagnosticCodes
{
    /// <summary>The script file does not exist.</summary>
    public const string ScriptNotFound = "ENS0001";
    /// <summary>Script code threw an exception while it built the plan.</summary>
    public const string ScriptThrew = "ENS0002";
    /// <summary>A <c>#load</c> chain leads back to a file already being loaded.</summary>
    public const string LoadCycle = "ENS0003";
    /// <summary>A <c>#load</c> names a file that does not exist.</summary>
    public const string LoadNotFound = "ENS0004";
    /// <summary>The script's final value is not something ensdsl can plan.</summary>
    public const string NotAPlan = "ENS0005";
    /// <summary>A DSL call was given arguments it cannot build a value from.</summary>
    public const string InvalidCall = "ENS0100";
    /// <summary>A hyper-parameter is out of range.</summary>
    public const string InvalidHyperParameter = "ENS0201";
    /// <summary>Models that cannot be combined (different architectures or tasks).</summary>
    public const string IncompatibleModels = "ENS0202";
    /// <summary>Branches of a Star that collapse into one computation.</summary>
    public const string CollapsedBranches = "ENS0203";
    /// <summary>An unknown pre-trained source, architecture or dataset.</summary>
    public const string UnknownName = "ENS0204";
    /// <summary>A <c>--set</c> override that does not parse.</summary>
    public const string MalformedOverride = "ENS0301";
    /// <summary>A <c>--set</c> value of the wrong type for its parameter.</summary>
    public const string OverrideType = "ENS0302";
    /// <summary>A <c>--set</c> key that the script does not declare.</summary>
    public const string UnknownOverride = "ENS0303";
    /// <summary>A parameter declared twice with different types or defaults.</summary>
    public const string ConflictingParam = "ENS0304";
    /// <summary>An experiment that repeats over two parameters (<c>Repeat</c> in the script and <c>--repeat</c>).</summary>
    public const string ConflictingRepeat = "ENS0305";
    /// <summary><c>run</c>: the store cannot be used (unwritable, or of another format).</summary>
    public const string StoreUnusable = "ENS0401";
    /// <summary><c>run</c>: the requested device does not exist here.</summary>
    public const string DeviceUnavailable = "ENS0402";
    /// <summary><c>run</c>: the MLflow tracking settings cannot be used.</summary>
    public const string TrackingUnusable = "ENS0403";
    /// <summary><c>run</c>: the tensor engine (libtorch) cannot be loaded on this machine.</summary>
    public const string EngineUnavailable = "ENS0404";
    /// <summary>Slurm settings (options, <c>ENSDSL_SLURM_*</c>, ensdsl.json) that cannot be used.</summary>
    public const string SlurmSettings = "ENS0405";
    /// <summary><c>run --nodes</c>: an id that names no node of the plan, or several.</summary>
    public const string UnknownNode = "ENS0406";
    /// <summary><c>run --executor slurm</c>: the store's filesystem does not give locks that every host sees.</summary>
    public const string StoreLocksUnshared = "ENS0407";
    /// <summary><c>ensdsl store</c>: an argument that is neither a script nor a run folder with results.json.</summary>
    public const string NotARun = "ENS0408";
    /// <summary><c>ensdsl store</c>: no store at the given folder.</summary>
    public const string NoStore = "ENS0409";
    /// <summary><c>run</c>: the store's filesystem has clearly less free space than the plan needs.</summary>
    public const string NoSpace = "ENS0410";
    /// <summary><c>check</c>, <c>run</c>: a dataset or checkpoint the plan reads is missing or not what it should be.</summary>
    public const string MissingInput = "ENS0411";
}
