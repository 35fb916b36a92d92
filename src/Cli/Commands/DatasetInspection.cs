using System.Globalization;
using EnsDsl.Cli.Output;
using EnsDsl.Runtime.Data;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Spectre.Console;

namespace EnsDsl.Cli.Commands;

/// <summary><c>ensdsl inspect SPEC</c>: a dataset's splits, classes, image sizes and preprocessing, as a training step reads them.</summary>
static class DatasetInspection
{
    static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static int Execute(string spec, bool json)
    {
        DatasetSummary summary;
        try { summary = DatasetSummary.Of(Dataset.Parse(spec)); }
        catch (Exception e) when (e is FormatException or DatasetException)
        {
            Terminal.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.UserError;
        }
        if (json)
        {
            Terminal.Out.WriteLine(new JObject
            {
                ["dataset"] = summary.Spec, ["classes"] = summary.Classes, ["pixels"] = summary.Pixels,
                ["splits"] = new JArray(summary.Splits.Select(s => new JObject
                {
                    ["name"] = s.Name, ["images"] = s.Images, ["per_class"] = new JArray(s.PerClass),
                    ["sizes"] = new JArray(s.Sizes.Select(z => new JArray(z.Width, z.Height))), ["sizes_sampled"] = s.SizesSampled,
                })),
            }.ToString(Formatting.Indented));
            return ExitCodes.Success;
        }
        Terminal.Out.WriteLine($"{summary.Spec}: {summary.Classes} classes");
        var table = new Table { Border = TableBorder.Simple };
        table.AddColumns("split", "images", "per class", "image size");
        foreach (var s in summary.Splits)
            table.AddRow(s.Name, s.Images.ToString("N0", C), Markup.Escape(PerClass(s.PerClass)), Markup.Escape(Sizes(s)));
        Terminal.Out.Write(table);
        Terminal.Out.WriteLine($"pixels: {summary.Pixels}");
        return ExitCodes.Success;
    }

    static string PerClass(IReadOnlyList<int> counts) =>
        counts.Count == 0 ? "" : counts.Min() == counts.Max() ? $"{counts[0].ToString("N0", C)} each"
            : $"{counts.Min().ToString("N0", C)} to {counts.Max().ToString("N0", C)}";

    static string Sizes(SplitSummary s) => s.Sizes.Count switch
    {
        0 => "",
        1 => $"{s.Sizes[0].Width}×{s.Sizes[0].Height}",
        var n => $"{n} sizes, {s.Sizes[0].Width}×{s.Sizes[0].Height} to {s.Sizes[^1].Width}×{s.Sizes[^1].Height}",
    } + (s.SizesSampled < s.Images ? $" (of {s.SizesSampled.ToString("N0", C)} sampled)" : "");
}
