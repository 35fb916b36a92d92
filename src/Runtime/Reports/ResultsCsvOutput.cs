using EnsDsl.Runtime.Store;

namespace EnsDsl.Runtime.Reports;

/// <summary>results.csv: the run's numbers in tidy long format (<see cref="ResultsCsv"/>), written atomically.</summary>
public sealed class ResultsCsvOutput : IRunOutput
{
    /// <summary>The file's name in the run folder.</summary>
    public const string FileName = "results.csv";

    /// <inheritdoc />
    public OutputWritten Write(FinishedRun run, IReadOnlyList<OutputWritten> earlier)
    {
        var file = run.Shown(FileName);
        var text = ResultsCsv.Build(run.Experiment.Name, run.Items, run.Repeated.Groups, run.Document.Axes);
        AtomicFile.Write(run.Absolute(file), System.Text.Encoding.UTF8.GetBytes(text));
        return OutputWritten.Of(file);
    }
}
