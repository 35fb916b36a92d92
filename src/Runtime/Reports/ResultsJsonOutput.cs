using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Store;

namespace EnsDsl.Runtime.Reports;

/// <summary>results.json: the run's <see cref="RunDocument"/>, written atomically.</summary>
public sealed class ResultsJsonOutput : IRunOutput
{
    /// <inheritdoc />
    public OutputWritten Write(FinishedRun run, IReadOnlyList<OutputWritten> earlier)
    {
        var file = run.Shown(RunDocument.FileName);
        AtomicFile.Write(run.Absolute(file), System.Text.Encoding.UTF8.GetBytes(run.Document.ToText()));
        return OutputWritten.Of(file);
    }
}
