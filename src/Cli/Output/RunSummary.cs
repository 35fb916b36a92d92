using System.Globalization;
using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using EnsDsl.Host.Experiments;
using EnsDsl.Runtime.Results;
using Spectre.Console;

namespace EnsDsl.Cli.Output;

/// <summary>
/// The end of a run: a table comparing the reported items (ensembles at full size, soups, single models, analyses),
/// the node counts, and every failure with its reason.
/// </summary>
public static class RunSummary
{
    /// <summary>Writes the summary.</summary>
    public static void Write(IAnsiConsole console, Experiment experiment, ExecutionReport report, IReadOnlyList<ReportedItem> items)
    {
        var table = new Table { Border = TableBorder.Simple };
        string[] scores = [MetricNames.Accuracy, MetricNames.Nll, MetricNames.Ece, MetricNames.CalibratedNll];
        table.AddColumns(["output", "kind", "status", .. scores.Select(MetricNames.Title), "notes"]);
        foreach (var item in items)
        {
            string F(string score) => item.Score(score) is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "";
            table.AddRow([Markup.Escape(item.Name), item.Kind.Name(), item.Status.Name(), .. scores.Select(F), Markup.Escape(Notes(item))]);
        }
        console.Write(table);
        WriteNodes(console, report);
    }

    /// <summary>Writes how the run's nodes ended, and every failure with its reason.</summary>
    public static void WriteNodes(IAnsiConsole console, ExecutionReport report)
    {
        var counts = report.Outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.Name()}");
        console.WriteLine($"nodes: {string.Join(", ", counts)}");
        foreach (var f in report.Failures)
            console.MarkupLine($"[red]failed: {Markup.Escape($"{f.Node.Label} ({f.Node.Id[..8]}): {f.Error}")}[/]");
        if (report.Interrupted) console.MarkupLine("[yellow]interrupted: run again to resume[/]");
    }

    static string Notes(ReportedItem item)
    {
        var c = CultureInfo.InvariantCulture;
        if (!item.HasResult) return item.Error ?? "";
        return item.Kind switch
        {
            OutputKind.Ensemble => string.Format(c, "{0} members; disagreement {1:F3}, gain {2:+0.000;-0.000}", item.Members.Count, item.Metric(MetricNames.Disagreement), item.Metric(MetricNames.Gain)),
            OutputKind.Soup when item.Soup is { } soup => $"{soup.SoupKind.Name()} of {item.Members.Count}" + (item.Chosen is { } chosen ? $" ({chosen.Count} kept)" : "") + $", {soup.Bn.Describe()}",
            OutputKind.Interpolation => string.Format(c, "error barrier {0:F3}, loss barrier {1:F3}", item.Metric(MetricNames.ErrorBarrier), item.Metric(MetricNames.LossBarrier)),
            OutputKind.Basin => string.Format(c, "max error barrier {0:F3}, mean distance to centre {1:F2}", item.Metric(MetricNames.MaxErrorBarrier), item.Metric(MetricNames.MeanDistanceToCenter)),
            _ => "",
        };
    }
}
