using System.Globalization;
using EnsDsl.Runtime.Results;
using ScottPlot;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// <c>ensdsl compare --chart</c>: one metric of the compared items as grouped horizontal bars, a bar per run in each
/// item's group (a run's colour is the same in every group), with ± std whiskers where a run has repetitions. An item
/// a run does not have leaves a gap in its group.
/// </summary>
public static class ComparisonChart
{
    const int Width = 960;

    static readonly ScottPlot.Palettes.Category10 Palette = new();

    /// <summary>Draws <paramref name="metric"/> of <paramref name="items"/> for <paramref name="runs"/> into <paramref name="path"/> (PNG); returns the path.</summary>
    public static string Save(IReadOnlyList<string> runs, IReadOnlyList<ComparedItem> items, string metric, string path)
    {
        var (plot, height) = Draw(runs, items, metric);
        plot.SavePng(path, Width, height);
        return path;
    }

    /// <summary>The same chart as PNG bytes (for a page).</summary>
    public static byte[] Png(IReadOnlyList<string> runs, IReadOnlyList<ComparedItem> items, string metric)
    {
        var (plot, height) = Draw(runs, items, metric);
        return plot.GetImageBytes(Width, height, ImageFormat.Png);
    }

    static (Plot Plot, int Height) Draw(IReadOnlyList<string> runs, IReadOnlyList<ComparedItem> items, string metric)
    {
        var shown = items.Where(i => i.Scores.TryGetValue(metric, out var s) && s.Any(v => v is not null)).ToList();
        var plot = new Plot();
        int slot = runs.Count + 1;                      // a group per item, one empty slot between groups
        var bars = new List<Bar>();
        for (int i = 0; i < shown.Count; i++)
        {
            var scores = shown[i].Scores[metric];
            for (int r = 0; r < runs.Count; r++)
            {
                if (scores[r] is not { } score) continue;
                bars.Add(new Bar
                {
                    Position = (shown.Count - 1 - i) * slot + (runs.Count - 1 - r),     // first item on top, first run on top in its group
                    Value = score.Value,
                    Error = score.Std ?? 0,
                    FillColor = Palette.GetColor(r),
                    Label = score.Value.ToString("F3", CultureInfo.InvariantCulture),
                });
            }
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        plot.Axes.Left.SetTicks([.. shown.Select((_, i) => (shown.Count - 1 - i) * slot + (runs.Count - 1) / 2.0)], [.. shown.Select(i => i.Name)]);
        var high = bars.Count == 0 ? 1 : bars.Max(b => b.Value + b.Error);
        plot.Axes.SetLimitsX(0, high * 1.15 + 0.02);
        for (int r = 0; r < runs.Count; r++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = Label(runs, r), FillColor = Palette.GetColor(r) });
        plot.ShowLegend(Edge.Bottom);                   // below the axis: never over a bar
        plot.Title($"{MetricNames.Title(metric)} by run" + (items.Any(i => i.Scores.GetValueOrDefault(metric)?.Any(s => s?.Std is not null) == true) ? " (mean ± std over repetitions)" : ""));
        plot.XLabel(MetricNames.Title(metric));
        return (plot, Math.Max(300, 160 + 22 * bars.Count + 14 * shown.Count));
    }

    /// <summary>A run's legend label: its folder's last two parts (script/time), or its path when those repeat.</summary>
    static string Label(IReadOnlyList<string> runs, int r)
    {
        static string Short(string run)
        {
            var parts = Path.GetFullPath(run).TrimEnd('/').Split('/');
            if (parts[^1] == RunDocument.FileName) parts = parts[..^1];
            return string.Join('/', parts.TakeLast(2));
        }
        var labels = runs.Select(Short).ToList();
        var label = labels.Count(l => l == labels[r]) > 1 ? runs[r] : labels[r];
        return r == 0 ? $"{label} (A)" : label;
    }
}
