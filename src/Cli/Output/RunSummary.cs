using System.Globalization;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Experiments;
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
        table.AddColumns("output", "kind", "status", "acc", "NLL", "ECE", "cNLL", "notes");
        foreach (var item in items)
        {
            string F(string key) => item.Metric(key) is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "";
            table.AddRow(Markup.Escape(item.Name), item.Kind, item.Status, F("test_acc"), F("test_nll"), F("test_ece"), F("test_cnll"),
                Markup.Escape(Notes(item)));
        }
        console.Write(table);
        var counts = report.Outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
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
            "ensemble" => string.Format(c, "{0} members; disagreement {1:F3}, gain {2:+0.000;-0.000}", item.Members.Count, item.Metric("disagreement"), item.Metric("gain")),
            "soup" => $"{item.Details["soup"]} of {item.Members.Count}" + (item.Chosen is { } chosen ? $" ({chosen.Count} kept)" : "") + $", {item.Details["bn"]}",
            "interpolation" => string.Format(c, "error barrier {0:F3}, loss barrier {1:F3}", item.Metric("error_barrier"), item.Metric("loss_barrier")),
            "basin" => string.Format(c, "max error barrier {0:F3}, mean distance to centre {1:F2}", item.Metric("max_error_barrier"), item.Metric("mean_distance_to_center")),
            _ => "",
        };
    }
}
