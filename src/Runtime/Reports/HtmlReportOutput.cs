using System.Text;
using EnsDsl.Runtime.Store;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// report.html (<see cref="HtmlReport"/>): the run on one self-contained page, with the charts the outputs before it
/// drew and the lines they left for the user (where the run is tracked). Like the charts, a page that cannot be
/// written is a warning to <paramref name="warn"/>, never a failed run.
/// </summary>
/// <param name="warn">Receives why the page was not written.</param>
public sealed class HtmlReportOutput(Action<string> warn) : IRunOutput
{
    /// <summary>The file's name in the run folder.</summary>
    public const string FileName = "report.html";

    /// <inheritdoc />
    public OutputWritten Write(FinishedRun run, IReadOnlyList<OutputWritten> earlier)
    {
        try
        {
            var charts = earlier.SelectMany(o => o.Files).Where(f => f.EndsWith(".png", StringComparison.Ordinal))
                .Select(f => new HtmlReport.Chart(Path.GetFileName(f), File.ReadAllBytes(run.Absolute(f)))).ToList();
            var file = run.Shown(FileName);
            AtomicFile.Write(run.Absolute(file), Encoding.UTF8.GetBytes(HtmlReport.Build(run, charts, [.. earlier.SelectMany(o => o.Lines)])));
            return OutputWritten.Of(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warn($"{FileName} not written ({e.Message}); {Results.RunDocument.FileName} and {ResultsCsvOutput.FileName} are complete");
            return OutputWritten.Of();
        }
    }
}
