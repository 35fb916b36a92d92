using EnsDsl.Runtime.Results;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// The charts of a run (<see cref="Plots"/>, <see cref="SweepPlots"/>) as PNG files. A chart is a view of results.json:
/// one that cannot be drawn is a warning to <paramref name="warn"/>, never a failed run.
/// </summary>
/// <param name="warn">Receives why the charts were not written.</param>
public sealed class ChartsOutput(Action<string> warn) : IRunOutput
{
    /// <inheritdoc />
    public OutputWritten Write(FinishedRun run, IReadOnlyList<OutputWritten> earlier)
    {
        var (experiment, items, groups) = (run.Experiment.Name, run.Items, run.Repeated.Groups);
        var folder = run.Absolute(run.Folder);
        try
        {
            return OutputWritten.Of([.. Plots.Write(experiment, items, groups, folder)
                .Concat(SweepPlots.Write(experiment, items, groups, run.Document.Axes, run.Experiment.Repeat, folder))
                .Select(p => run.Shown(Path.GetFileName(p)))]);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            warn($"charts not written ({e.GetType().Name}: {e.Message}); {RunDocument.FileName} and {ResultsCsvOutput.FileName} are complete");
            return OutputWritten.Of();
        }
    }
}
