using System.ComponentModel;
using System.Globalization;
using EnsDsl.Cli.Output;
using EnsDsl.Runtime.Reports;
using EnsDsl.Runtime.Results;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands;

/// <summary>Settings of <c>ensdsl compare</c>.</summary>
public sealed class CompareSettings : CommandSettings
{
    /// <summary>The runs.</summary>
    [CommandArgument(0, "<runs>")]
    [Description("Two or more run folders (or their results.json); differences are to the first.")]
    public string[] Runs { get; init; } = [];

    /// <summary>The metrics.</summary>
    [CommandOption("--metrics <LIST>")]
    [Description("Comma-separated metrics to compare (default acc,nll; also ece, brier, cnll, and for repetitions max_error_barrier, mean_distance_to_center).")]
    public string Metrics { get; init; } = "acc,nll";

    /// <summary>JSON output.</summary>
    [CommandOption("--json")]
    [Description("Print the comparison as JSON.")]
    public bool Json { get; init; }

    /// <summary>The chart to write.</summary>
    [CommandOption("--chart <FILE>")]
    [Description("Also draw the first metric of --metrics as a PNG: a group of bars per item, a bar per run, ± std where repeated.")]
    public string? Chart { get; init; }

    /// <summary>The page to write.</summary>
    [CommandOption("--html <FILE>")]
    [Description("Also write the comparison as one self-contained HTML page in the style of a run's report.html: the runs, every metric side by side with the differences and intervals, the chart, links to each run's page.")]
    public string? Html { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate() => Runs.Length < 2 ? ValidationResult.Error("compare needs two or more runs") : ValidationResult.Success();
}

/// <summary>
/// <c>ensdsl compare RUN_A RUN_B [...]</c>: the reported items of the runs side by side, with each run's difference
/// to the first; with repetitions, means ± std and paired 95 % intervals over the repetitions both ran.
/// </summary>
public sealed class CompareCommand : Command<CompareSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CompareSettings settings, CancellationToken cancellationToken)
    {
        var metrics = settings.Metrics.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        IReadOnlyList<RunDocument> runs;
        IReadOnlyList<ComparedItem> items;
        try { items = RunComparison.Of(runs = RunComparison.Read(settings.Runs), metrics); }
        catch (ComparisonException e)
        {
            Terminal.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.UserError;
        }
        if (settings.Json) Console.Out.WriteLine(Json(settings.Runs, metrics, items).ToString(Formatting.Indented));
        else Write(settings.Runs, metrics, items);
        if (settings.Chart is { } chart)
        {
            try { ComparisonChart.Save(settings.Runs, items, metrics[0], chart); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Terminal.Error.WriteLine($"error: cannot write the chart {chart}: {e.Message}");
                return ExitCodes.UserError;
            }
            (settings.Json ? Terminal.Error : Terminal.Out).WriteLine($"chart: {chart}");
        }
        if (settings.Html is { } html)
        {
            try { File.WriteAllText(html, Page(settings.Runs, runs, metrics, items, html)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Terminal.Error.WriteLine($"error: cannot write the page {html}: {e.Message}");
                return ExitCodes.UserError;
            }
            (settings.Json ? Terminal.Error : Terminal.Out).WriteLine($"page: {html}");
        }
        return ExitCodes.Success;
    }

    // Each run's own page is linked from where the comparison's page is, so the links work from file://.
    static string Page(IReadOnlyList<string> paths, IReadOnlyList<RunDocument> runs, IReadOnlyList<string> metrics, IReadOnlyList<ComparedItem> items, string html)
    {
        var from = Path.GetDirectoryName(Path.GetFullPath(html))!;
        var compared = paths.Zip(runs, (path, doc) =>
        {
            var page = Path.Combine(Path.GetFullPath(RunDocument.FolderOf(path)), HtmlReportOutput.FileName);
            return new HtmlComparison.Run(path, doc, File.Exists(page) ? Path.GetRelativePath(from, page).Replace('\\', '/') : null);
        }).ToList();
        return HtmlComparison.Build(compared, metrics, items, ComparisonChart.Png(paths, items, metrics[0]));
    }

    static JObject Json(IReadOnlyList<string> runs, IReadOnlyList<string> metrics, IReadOnlyList<ComparedItem> items) => new()
    {
        ["runs"] = new JArray(runs),
        ["items"] = new JArray(items.Select(i => new JObject
        {
            ["name"] = i.Name,
            ["kind"] = i.Kind,
            ["metrics"] = new JObject(metrics.Select(m => new JProperty(m, new JObject
            {
                ["runs"] = new JArray(i.Scores[m].Select(s => s is null ? null : new JObject { ["value"] = s.Value, ["std"] = s.Std })),
                ["differences"] = new JArray(i.Differences[m].Select(d => d is null ? null : new JObject
                {
                    ["mean"] = d.Mean,
                    ["low"] = d.Interval?.Low,
                    ["high"] = d.Interval?.High,
                    ["n"] = d.Interval?.N,
                    ["decided"] = d.Interval?.Decided,
                })),
            }))),
        })),
    };

    static void Write(IReadOnlyList<string> runs, IReadOnlyList<string> metrics, IReadOnlyList<ComparedItem> items)
    {
        var c = CultureInfo.InvariantCulture;
        for (int r = 0; r < runs.Count; r++) Terminal.Out.WriteLine($"{(char)('A' + r)}: {runs[r]}");
        var table = new Table { Border = TableBorder.Simple };
        table.AddColumn("item");
        foreach (var m in metrics)
        {
            for (int r = 0; r < runs.Count; r++) table.AddColumn(new TableColumn($"{m} {(char)('A' + r)}").RightAligned());
            for (int r = 1; r < runs.Count; r++) table.AddColumn(new TableColumn($"{(char)('A' + r)}−A").RightAligned());
        }
        foreach (var item in items)
        {
            var cells = new List<string> { Markup.Escape(item.Name) };
            foreach (var m in metrics)
            {
                cells.AddRange(item.Scores[m].Select(s => s is null ? "" : s.Std is { } std ? string.Format(c, "{0:F4}±{1:F4}", s.Value, std) : s.Value.ToString("F4", c)));
                cells.AddRange(item.Differences[m].Select(d => d is null ? "" : Markup.Escape(d + (d.Interval is { Decided: false } ? " ~" : ""))));
            }
            table.AddRow([.. cells]);
        }
        Terminal.Out.Write(table);
        if (items.Any(i => i.Differences.Values.Any(ds => ds.Any(d => d?.Interval is not null))))
            Terminal.Out.WriteLine("Differences with repetitions: mean of the paired differences [95 % interval]; ~ marks an interval that contains 0.");
    }
}
