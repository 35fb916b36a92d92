using System.Text;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Store;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// report.html (<see cref="HtmlReport"/>): the run on one self-contained page, with the charts the outputs before it
/// drew; written before the tracking, so that MLflow keeps the page with the run (its UI shows HTML artifacts). Like
/// the charts, a page that cannot be written is a warning to <paramref name="warn"/>, never a failed run.
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
            var file = run.Shown(FileName);
            AtomicFile.Write(run.Absolute(file), Page(run.Document, [.. earlier.SelectMany(o => o.Files).Select(run.Absolute)]));
            return OutputWritten.Of(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warn($"{FileName} not written ({e.Message}); {RunDocument.FileName} and {ResultsCsvOutput.FileName} are complete");
            return OutputWritten.Of();
        }
    }

    /// <summary>
    /// Writes the page of the run in <paramref name="folder"/> again from its results.json and the charts it holds;
    /// returns the page's path, or null with <paramref name="problem"/> saying what is wrong and what to do.
    /// </summary>
    public static string? Rewrite(string folder, out string problem)
    {
        if (!Directory.Exists(folder))
        {
            problem = $"{folder}: no such run folder; give the folder 'ensdsl run' wrote (it holds {RunDocument.FileName})";
            return null;
        }
        if (RunDocument.Read(folder, out problem) is not { } doc) return null;
        var page = Path.Combine(folder, FileName);
        try { AtomicFile.Write(page, Page(doc, Directory.GetFiles(folder))); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"{page} cannot be written ({e.Message}); make the run folder writable, or copy it somewhere that is";
            return null;
        }
        return page;
    }

    // The page of doc with the charts among files (paths) and links to the data files among them: the same page
    // whether the run's outputs name the files or the folder holds them.
    static byte[] Page(RunDocument doc, IReadOnlyList<string> files)
    {
        var charts = ChartFiles.InPageOrder(files).Select(f => new HtmlReport.Chart(Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
        var present = files.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        return Encoding.UTF8.GetBytes(HtmlReport.Build(doc, charts, [.. Linked.Where(present.Contains)]));
    }
}
