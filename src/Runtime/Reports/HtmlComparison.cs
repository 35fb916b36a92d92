using System.Text;
using EnsDsl.Runtime.Results;
using static EnsDsl.Runtime.Reports.HtmlPage;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// <c>ensdsl compare … --html FILE</c>: runs side by side on one self-contained page in the style of a run's page —
/// what each run was, each metric's scores by run with every run's difference to the first (paired intervals and
/// verdicts where both ran the same repetitions), and the first metric's chart — with a link to each run's own page.
/// </summary>
public static class HtmlComparison
{
    /// <summary>A compared run: as the user named it, its results, and its page's address relative to the comparison's file (null without one).</summary>
    /// <param name="Path">The run folder or results.json as given.</param>
    /// <param name="Document">Its results.</param>
    /// <param name="Page">Its report.html, relative to the page being written; null when it has none.</param>
    public sealed record Run(string Path, RunDocument Document, string? Page);

    /// <summary>The page comparing <paramref name="runs"/> on <paramref name="metrics"/> (<paramref name="items"/> from <see cref="RunComparison"/>), with <paramref name="chart"/> (PNG) if given.</summary>
    public static string Build(IReadOnlyList<Run> runs, IReadOnlyList<string> metrics, IReadOnlyList<ComparedItem> items, byte[]? chart)
    {
        var h = Start($"ensdsl: {runs.Count} runs compared", $"{runs.Count} runs compared");
        h.Append("<h2 id=\"runs\">The runs</h2>\n<table>\n<caption>Each run, by the letter the tables below use</caption>\n<thead><tr>" +
            "<th scope=\"col\">run</th><th scope=\"col\">experiment</th><th scope=\"col\">folder</th><th scope=\"col\">overrides</th><th scope=\"col\">repeated over</th>" +
            "<th scope=\"col\">started</th><th scope=\"col\">wall-clock</th><th scope=\"col\">steps</th><th scope=\"col\">machine</th></tr></thead>\n<tbody>\n");
        for (int r = 0; r < runs.Count; r++)
        {
            var (run, doc) = (runs[r], runs[r].Document);
            var folder = run.Page is { } page ? $"<a href=\"{E(page)}\">{E(run.Path)}</a>" : E(run.Path);
            h.Append($"<tr><th scope=\"row\">{Letter(r)}</th><td>{E(doc.Experiment)}</td><td>{folder}</td>" +
                $"<td>{E(string.Join(", ", doc.Overrides.Select(o => $"{o.Key}={o.Value}")))}</td><td>{E(doc.Repeat ?? "")}</td><td>{Time(doc.Started)}</td>" +
                $"<td class=\"n\">{Duration(doc.Finished - doc.Started)}</td>" +
                $"<td>{E(HtmlReport.StepCounts(doc))}</td>" +
                $"<td>{E(doc.Host is { } host ? $"{host.Machine}{(host.Cpu.Length > 0 ? $" ({host.Cpu})" : "")}, ensdsl {host.Ensdsl}" : "not recorded")}</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");

        var paired = false;
        foreach (var metric in metrics)
        {
            h.Append($"<h2 id=\"metric-{E(metric)}\">{E(MetricNames.Title(metric))}</h2>\n<table>\n<caption>{E(MetricNames.Title(metric))} of each item that has it, by run, and each run's difference to run A</caption>\n<thead><tr><th scope=\"col\">item</th><th scope=\"col\">kind</th>");
            for (int r = 0; r < runs.Count; r++) h.Append($"<th scope=\"col\">{Letter(r)}</th>");
            for (int r = 1; r < runs.Count; r++) h.Append($"<th scope=\"col\">{Letter(r)} − A</th>");
            h.Append("</tr></thead>\n<tbody>\n");
            foreach (var item in items.Where(i => i.Scores[metric].Any(score => score is not null)))
            {
                h.Append($"<tr><th scope=\"row\">{E(item.Name)}</th><td>{E(item.Kind)}</td>");
                foreach (var score in item.Scores[metric])
                    h.Append($"<td class=\"n\">{(score is null ? "" : F4(score.Value) + (score.Std is { } std ? " ± " + F4(std) : ""))}</td>");
                foreach (var d in item.Differences[metric])
                {
                    if (d?.Interval is not null) paired = true;
                    h.Append($"<td class=\"n\">{(d is null ? "" : d + (d.Interval is { } interval ? interval.Decided ? " decided" : " undecided" : ""))}</td>");
                }
                h.Append("</tr>\n");
            }
            h.Append("</tbody>\n</table>\n");
        }
        if (paired)
            h.Append("<p>Differences with repetitions: the mean of the differences paired by repetition, its 95 % interval, and " +
                "whether the interval excludes zero (decided) or not (undecided).</p>\n");
        if (chart is not null)
        {
            h.Append("<h2 id=\"chart\">Chart</h2>\n");
            Figure(h, $"{metrics[0]} by run", chart);
        }
        return End(h);
    }

    static char Letter(int r) => (char)('A' + r);
}
