using System.Globalization;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Experiments;
using Spectre.Console;

namespace EnsDsl.Cli.Output;

/// <summary>The end of a run: the report items with their metrics, the node counts, and every failure with its reason.</summary>
public static class RunSummary
{
    /// <summary>Writes the summary.</summary>
    public static void Write(IAnsiConsole console, Experiment experiment, ExecutionReport report)
    {
        var byId = report.Outcomes.ToDictionary(o => o.Node.Id);
        var table = new Table { Border = TableBorder.Simple };
        table.AddColumns("output", "kind", "status", "test acc", "test NLL", "notes");
        foreach (var o in experiment.Plan.Outputs)
        {
            var outcome = byId[o.NodeId];
            var m = outcome.Record?.Metrics ?? new Dictionary<string, double>();
            string F(string key) => m.TryGetValue(key, out var v) ? v.ToString("F4", CultureInfo.InvariantCulture) : "";
            var notes = m.TryGetValue("error_barrier", out var eb) ? $"error barrier {eb:F3}, loss barrier {m["loss_barrier"]:F3}" : "";
            table.AddRow(Markup.Escape(o.Name), o.Kind, outcome.StatusName, F("test_acc"), F("test_nll"), Markup.Escape(notes));
        }
        console.Write(table);
        var counts = report.Outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        console.WriteLine($"nodes: {string.Join(", ", counts)}");
        foreach (var f in report.Failures)
            console.MarkupLine($"[red]failed: {Markup.Escape($"{f.Node.Label} ({f.Node.Id[..8]}): {f.Error}")}[/]");
        if (report.Interrupted) console.MarkupLine("[yellow]interrupted: run again to resume[/]");
    }
}
