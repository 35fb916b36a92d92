using System.Globalization;
using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Reports;
using EnsDsl.Runtime.Results;
using Spectre.Console;

namespace EnsDsl.Cli.Output;

/// <summary>The console summary as one of a run's outputs, the last: it names the files and records the others wrote.</summary>
/// <param name="console">Where it is written.</param>
public sealed class ConsoleSummary(IAnsiConsole console) : IRunOutput
{
    /// <inheritdoc />
    public OutputWritten Write(FinishedRun run, IReadOnlyList<OutputWritten> earlier)
    {
        RunSummary.Write(console, run, earlier);
        return OutputWritten.Of();
    }
}

/// <summary>
/// The end of a run: a table comparing the reported items (ensembles at full size, soups, single models, analyses),
/// the node counts, and every failure with its reason.
/// </summary>
public static class RunSummary
{
    /// <summary>Writes the end of a run: the table, the repetitions, the node counts, and where the results and records went (<paramref name="earlier"/>).</summary>
    public static void Write(IAnsiConsole console, FinishedRun run, IReadOnlyList<OutputWritten> earlier)
    {
        var (report, items) = (run.Report, run.Items);
        var notes = ItemNotes.Of(run.Document);            // results.json's outputs: the items, in the same order
        var rows = items.Select((item, i) => new Row(item.Name, item.Kind.Name(), item.Status,
            [.. Scores.Select(score => item.Score(score) is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "")], notes[i])).ToList();
        string[] header = ["output", "kind", "status", .. Scores.Select(MetricNames.Title), "notes"];
        var cells = rows.Select(r => (IReadOnlyList<string>)[r.Name, r.Kind, r.Status.Name(), .. r.Scores, r.Notes]).Prepend(header).ToList();
        if (Columns.TableWidth(cells) <= console.Profile.Width)
            console.Write(Table(null, cells));
        else
        {
            console.WriteLine();                  // as the table's empty top border: the live display ends its last row here
            foreach (var line in Narrow(rows, console.Profile.Width)) console.WriteLine(line);
        }
        WriteRepetitions(console, run.Repeated);
        WriteNodes(console, report);
        var files = earlier.SelectMany(o => o.Files).ToList();
        console.WriteLine($"results: {files[0]}, {string.Join(", ", files.Skip(1).Select(Path.GetFileName))}");
        foreach (var line in earlier.SelectMany(o => o.Lines)) console.WriteLine(line);
    }

    static readonly string[] Scores = [MetricNames.Accuracy, MetricNames.Nll, MetricNames.Ece, MetricNames.CalibratedNll];

    /// <summary>One reported item as the summary shows it.</summary>
    public sealed record Row(string Name, string Kind, NodeStatus Status, IReadOnlyList<string> Scores, string Notes);

    /// <summary>A table of plain cells (header first), escaped for markup.</summary>
    static Table Table(string? title, IReadOnlyList<IReadOnlyList<string>> cells)
    {
        var table = new Table { Border = TableBorder.Simple };
        if (title is not null) table.Title = new TableTitle(Markup.Escape(title));
        table.AddColumns([.. cells[0].Select(Markup.Escape)]);
        foreach (var row in cells.Skip(1)) table.AddRow([.. row.Select(Markup.Escape)]);
        return table;
    }

    /// <summary>
    /// The summary for a terminal too narrow for the table (an 80-column one): scores on the item's line, its notes and
    /// any status other than done or cached on an indented line below, names and notes wrapped at spaces.
    /// </summary>
    public static IReadOnlyList<string> Narrow(IReadOnlyList<Row> rows, int width)
    {
        const int Score = 7;                     // "0.0350" and a space
        var kind = rows.Select(r => r.Kind.Length).Append("kind".Length).Max() + 1;
        var name = Math.Max(width - 2 - kind - Score * Scores.Length - 1, 12);
        string Line(string n, string k, IEnumerable<string> scores) =>
            ("  " + n.PadRight(name) + " " + k.PadRight(kind) + string.Concat(scores.Select(v => v.PadLeft(Score)))).TrimEnd();
        var lines = new List<string> { Line("output", "kind", Scores.Select(MetricNames.Title)), "  " + new string('─', Math.Min(width - 2, name + 1 + kind + Score * Scores.Length)) };
        foreach (var r in rows)
        {
            var names = Columns.Wrap(r.Name, name);
            lines.Add(Line(names[0], r.Kind, r.Scores));
            lines.AddRange(names.Skip(1).Select(n => "  " + n));
            var notes = r.Status.Finished() ? r.Notes : r.Status.Name() + (r.Notes.Length > 0 ? $": {r.Notes}" : "");
            if (notes.Length > 0) lines.AddRange(Columns.Wrap(notes, width - 6).Select(n => "      " + n));
        }
        return lines;
    }

    /// <summary>
    /// Writes each output's mean ± std over the repetitions, and the paired comparisons of their accuracy: as tables, or
    /// on a terminal too narrow for them as a block per output or comparison (name, then its numbers packed below).
    /// </summary>
    static void WriteRepetitions(IAnsiConsole console, RepeatedResults repeated)
    {
        var groups = repeated.Groups;
        if (groups.Count == 0) return;
        var c = CultureInfo.InvariantCulture;
        var width = console.Profile.Width;
        string Cell(Summary? s) => s is null ? "" : s.Std is { } std ? string.Format(c, "{0:F4} ± {1:F4}", s.Mean, std) : s.Mean.ToString("F4", c);
        var title = $"over repetitions of {groups[0].Axis} (mean ± std, n)";
        var cells = groups.Select(g => (IReadOnlyList<string>)[g.Name, g.Kind.Name(), g.N.ToString(c), .. Scores.Select(s => Cell(g.Metrics.GetValueOrDefault(s)))])
            .Prepend(["output", "kind", "n", .. Scores.Select(MetricNames.Title)]).ToList();
        if (Columns.TableWidth(cells) <= width) console.Write(Table(title, cells));
        else
            Narrow(console, title, groups.Select(g => ($"{g.Name}  ({g.Kind.Name()}, n={g.N})",
                Scores.Where(g.Metrics.ContainsKey).Select(s => $"{MetricNames.Title(s)} {Cell(g.Metrics[s])}"))), width);

        var comparisons = repeated.Comparisons.Where(x => x.Metric == MetricNames.Accuracy).ToList();
        if (comparisons.Count == 0) return;
        const int Shown = 30;
        string Signed(double x) => x.ToString("+0.0000;-0.0000", c);
        string Interval(Difference d) => $"[{Signed(d.Low)}, {Signed(d.High)}]";
        string Verdict(Difference d, string a = "A", string b = "B") => d.Decided ? (d.Mean > 0 ? $"{a} better" : $"{b} better") : "undecided";
        var pairsTitle = "accuracy differences, paired by repetition (95 % t-interval)";
        var pairs = comparisons.Take(Shown).Select(x => (IReadOnlyList<string>)[x.A, x.B, Signed(x.Difference.Mean), Interval(x.Difference), x.Difference.N.ToString(c), Verdict(x.Difference)])
            .Prepend(["A", "B", "A − B", "95 % interval", "n", ""]).ToList();
        if (Columns.TableWidth(pairs) <= width) console.Write(Table(pairsTitle, pairs));
        else
            Narrow(console, pairsTitle, comparisons.Take(Shown).Select(x => ($"{x.A}  −  {x.B}",
                (IEnumerable<string>)[$"{Signed(x.Difference.Mean)} {Interval(x.Difference)}", $"n={x.Difference.N.ToString(c)}", Verdict(x.Difference, "first", "second")])), width);
        if (comparisons.Count > Shown)
            console.WriteLine($"… and {comparisons.Count - Shown} more accuracy differences, with those of NLL, barriers and distances, in results.json (comparisons)");
    }

    /// <summary>A title, then per entry its heading (wrapped at spaces) and its numbers packed on indented lines.</summary>
    static void Narrow(IAnsiConsole console, string title, IEnumerable<(string Heading, IEnumerable<string> Numbers)> entries, int width)
    {
        console.WriteLine();
        foreach (var line in Columns.Wrap(title, width - 2)) console.WriteLine("  " + line);
        foreach (var (heading, numbers) in entries)
        {
            foreach (var line in Columns.Wrap(heading, width - 2)) console.WriteLine("  " + line);
            foreach (var line in Columns.Pack(numbers, width - 6)) console.WriteLine("      " + line);
        }
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

}
