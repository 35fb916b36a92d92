using System.Text;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Store;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// report.html (<see cref="HtmlReport"/>): the run on one self-contained page, with the charts the outputs before it
/// drew; before the tracking, so that MLflow keeps the page with the run (its UI shows HTML artifacts). Like the charts, a page that cannot be written is a warning to <paramref name="warn"/>, never a failed run.
/// <see cref="Rewrite"/> writes it again from a run folder (<c>ensdsl report</c>).
/// </summary>
/// <param name="warn">Receives why the page was not written.</param>
public sealed class HtmlReportOutput(Action<string> warn) : IRunOutput
{
    /// <summary>The file's name in the run folder.</summary>
    public const string FileName = "report.html";

    // The data files the page links to, when the run folder has them.
    static readonly string[] Linked = [RunDocument.FileName, ResultsCsvOutput.FileName, PlanesCsvOutput.FileName];

    /// <inheritdoc />
    public OutputWritten Write(FinishedRun run, IReadOnlyList<OutputWritten> earlier)
    {
        try
        {
            var written = earlier.SelectMany(o => o.Files).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            var charts = ChartFiles.InPageOrder(earlier.SelectMany(o => o.Files)).Select(f => new HtmlReport.Chart(Path.GetFileName(f), File.ReadAllBytes(run.Absolute(f)))).ToList();
            var file = run.Shown(FileName);
            AtomicFile.Write(run.Absolute(file), Encoding.UTF8.GetBytes(HtmlReport.Build(run.Document, charts, [.. Linked.Where(written.Contains)])));
            return OutputWritten.Of(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warn($"{FileName} not written ({e.Message}); {RunDocument.FileName} and {ResultsCsvOutput.FileName} are complete");
            return OutputWritten.Of();
        }
    }

    /// <summary>
    /// Writes the page of the run in <paramref name="folder"/> (or of its results.json) again from its results.json and the charts it holds;
    /// returns the page's path, or null with <paramref name="problem"/> saying what is wrong and what to do.
    /// </summary>
    public static string? Rewrite(string folder, out string problem)
    {
        if (Path.GetFileName(folder) == RunDocument.FileName && File.Exists(folder)) folder = Path.GetDirectoryName(Path.GetFullPath(folder))!;
        if (!Directory.Exists(folder))
        {
            problem = $"{folder}: no such run folder; give the folder 'ensdsl run' wrote (it holds {RunDocument.FileName})";
            return null;
        }
        if (RunDocument.Read(folder, out problem) is not { } doc) return null;
        var files = Directory.GetFiles(folder);
        var charts = ChartFiles.InPageOrder(files).Select(f => new HtmlReport.Chart(Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
        var present = files.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        var page = Path.Combine(folder, FileName);
        try { AtomicFile.Write(page, Encoding.UTF8.GetBytes(HtmlReport.Build(doc, charts, [.. Linked.Where(present.Contains)]))); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"{page} cannot be written ({e.Message}); make the run folder writable, or copy it somewhere that is";
            return null;
        }
        return page;
    }
}
