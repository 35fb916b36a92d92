using System.Diagnostics;
using System.Text.RegularExpressions;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// On an 80-column terminal (a real pseudo-terminal from util-linux's <c>script</c>) the live rows and the summary fit:
/// each live row stays on one line with its node id, and the summary's lines are at most 80 characters, its words whole.
/// </summary>
[Collection(nameof(LongRuns))]
public sealed class TerminalWidthTests
{
    const int Width = 80;

    /// <summary>What the terminal received, with colours removed and each cursor movement read as a line break.</summary>
    static string OnTerminal(Workspace w, params string[] args)
    {
        var command = $"stty cols {Width} rows 40; exec dotnet {Ensdsl.CliPath} {string.Join(" ", args)}";
        var start = new ProcessStartInfo("script", ["-qec", command, "/dev/null"]) { WorkingDirectory = w.Directory };
        start.Environment["ENSDSL_CACHE"] = Ensdsl.Cache;
        start.Environment["TERM"] = "xterm-256color";
        start.Environment.Remove("NO_COLOR");
        var run = Ensdsl.Run(start);
        Assert.True(run.ExitCode == 0, run.ToString());
        var text = Regex.Replace(run.Out, @"\x1b\[[0-9;]*m", "");
        return Regex.Replace(text, @"\x1b\[[0-9;?]*[A-Za-ln-z]|\r", "\n");
    }

    [Fact]
    public void Live_rows_and_the_summary_fit_80_columns()
    {
        using var w = new Workspace("long.csx");
        var lines = (OnTerminal(w, "run", "long.csx", "--no-tracking")).Split('\n');

        var rows = lines.Where(l => l.Contains('━')).Distinct().ToList();
        Assert.NotEmpty(rows);                                                  // the live display was shown
        foreach (var row in rows)
        {
            Assert.True(row.TrimEnd().Length <= Width, $"live row of {row.TrimEnd().Length} columns: {row}");
            // Label, id and (after the first epoch) the epoch on the row's one line.
            Assert.True(Regex.IsMatch(row, @"\([0-9a-f]{8}\)(  epoch \d+/\d+(  \S+( \S+)?)*)? ━"), row);
        }
        Assert.Contains(rows, r => Regex.IsMatch(r, @"^StarSSE branch 2/3  \([0-9a-f]{8}\)  epoch"));   // labels kept whole when they fit

        var summary = lines.SkipWhile(l => !Regex.IsMatch(l, @"^\s+output\s+kind")).TakeWhile(l => !l.StartsWith("nodes:", StringComparison.Ordinal))
            .Where(l => l.Trim().Length > 0).ToList();
        Assert.True(summary.Count >= 4, string.Join("\n", lines.TakeLast(30)));
        foreach (var line in summary) Assert.True(line.Length <= Width, $"summary line of {line.Length} columns: {line}");
        Assert.Contains(summary, l => Regex.IsMatch(l, @"^  StarSSE\s+ensemble\s+[01]\.\d{4} \d+\.\d{4} [01]\.\d{4} \d+\.\d{4}$"));
        Assert.Contains(summary, l => Regex.IsMatch(l, @"^      3 members; disagreement [01]\.\d{3}, gain [+-]\d\.\d{3}$"));
    }

    [Fact]
    public void Repetition_summaries_fit_80_columns()
    {
        using var w = new Workspace("repeat.csx");
        var lines = (OnTerminal(w, "run", "repeat.csx", "--repeat", "seed=1..3", "--no-tracking")).Split('\n');
        var start = Array.FindIndex(lines, l => l.Contains("over repetitions of seed (mean ± std, n)", StringComparison.Ordinal));
        Assert.True(start >= 0, string.Join("\n", lines.TakeLast(40)));
        var summary = lines.Skip(start).TakeWhile(l => !l.StartsWith("nodes:", StringComparison.Ordinal)).Where(l => l.Trim().Length > 0).ToList();
        foreach (var line in summary) Assert.True(line.Length <= Width, $"line of {line.Length} columns: {line}");
        // Each group's numbers whole on their lines, each comparison's interval and verdict beside its difference.
        Assert.Contains(summary, l => Regex.IsMatch(l, @"^      acc [01]\.\d{4} ± \d\.\d{4}  NLL \d+\.\d{4} ± \d\.\d{4}"));
        // The comparisons' table is narrow enough here to stay a table.
        Assert.Contains(summary, l => l.Contains("accuracy differences, paired by repetition", StringComparison.Ordinal));
        Assert.Contains(summary, l => Regex.IsMatch(l, @"^  StarSSE\s+fine-tuned\s+[+-]\d\.\d{4}\s+\[[+-]\d\.\d{4}, [+-]\d\.\d{4}\]\s+3\s+(undecided|A better|B better)\s*$"));
    }
}
