using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Results;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// What a finished run hands to each of its outputs: one typed account of the run, the same for all of them.
/// </summary>
/// <param name="Experiment">The experiment that ran.</param>
/// <param name="Report">Every node's outcome.</param>
/// <param name="Items">The reported items, in report order.</param>
/// <param name="Repeated">What their repetitions say (groups and paired comparisons; empty without repetitions).</param>
/// <param name="Document">The run's results as results.json holds them.</param>
/// <param name="WorkingDirectory">Where the run started: shown paths are relative to it.</param>
/// <param name="Folder">The run folder, as shown to the user (relative to <paramref name="WorkingDirectory"/>, or absolute).</param>
public sealed record FinishedRun(Experiment Experiment, ExecutionReport Report, IReadOnlyList<ReportedItem> Items, RepeatedResults Repeated,
    RunDocument Document, string WorkingDirectory, string Folder)
{
    /// <summary>A file of the run folder as shown to the user.</summary>
    public string Shown(string fileName) => Path.Combine(Folder, fileName);

    /// <summary>A shown path made absolute.</summary>
    public string Absolute(string shown) => Path.Combine(WorkingDirectory, shown);
}

/// <summary>What an output left: the files it wrote (as shown to the user) and lines for the user.</summary>
/// <param name="Files">Files written, in the order written.</param>
/// <param name="Lines">What the user should know about it (where a run is tracked).</param>
public sealed record OutputWritten(IReadOnlyList<string> Files, IReadOnlyList<string> Lines)
{
    /// <summary>Files only.</summary>
    public static OutputWritten Of(params IReadOnlyList<string> files) => new(files, []);
}

/// <summary>
/// One output of a run: results.json, results.csv, the charts, MLflow, the console summary. Each receives the same
/// <see cref="FinishedRun"/> and owns how it spells what it shows (as Lightning's loggers receive one metrics
/// dictionary); a run calls its outputs in order. A new output is one class.
/// </summary>
public interface IRunOutput
{
    /// <summary>Writes this output of <paramref name="run"/>.</summary>
    /// <param name="run">The finished run.</param>
    /// <param name="earlier">What the outputs before this one wrote: tracking uploads their files, the console names them.</param>
    OutputWritten Write(FinishedRun run, IReadOnlyList<OutputWritten> earlier);
}
