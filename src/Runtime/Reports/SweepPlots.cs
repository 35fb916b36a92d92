using System.Globalization;
using EnsDsl.Planning;
using EnsDsl.Runtime.Results;
using ScottPlot;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// The paper's figure of ensemble quality against the cycle learning rate, for every numeric swept parameter: each
/// method's test accuracy and NLL against it (<c>sweep_PARAM.png</c>, <c>sweep_PARAM_nll.png</c>), means with ± std
/// bands over repetitions, and the outputs that do not depend on it (Local DE, Global DE) as horizontal references.
/// Lines are told apart by colour, then dash pattern, then marker; legends stand outside the data; with many lines, one
/// panel per value of the other swept parameters.
/// </summary>
public static class SweepPlots
{
    const int Width = 1100, Height = 620;

    /// <summary>Writes the charts for <paramref name="items"/> (and their <paramref name="groups"/> over <paramref name="repeat"/>); returns their paths.</summary>
    public static IReadOnlyList<string> Write(string experiment, IReadOnlyList<ReportedItem> items, IReadOnlyList<ItemGroup> groups,
        IReadOnlyList<string> axes, string? repeat, string directory)
    {
        var written = new List<string>();
        foreach (var axis in axes.Where(a => a != repeat))
            foreach (var (metric, nll, label) in new[] { (MetricNames.Accuracy, false, "test accuracy"), (MetricNames.Nll, true, "test NLL") })
                if (Sweep(experiment, items, groups, axis, repeat, metric, label, Path.Combine(directory, ChartFiles.Sweep(axis, nll))) is { } path)
                    written.Add(path);
        return written;
    }

    /// <summary>
    /// The lines of the figure of <paramref name="metric"/> against <paramref name="axis"/>: one per output and value of
    /// the other parameters, through its values at two or more of the axis's numeric values; and the references: the
    /// ensembles the axis does not change, each a level (a one-point series).
    /// </summary>
    public static (IReadOnlyList<ChartSeries> Lines, IReadOnlyList<ChartSeries> References) Series(IReadOnlyList<ReportedItem> items,
        IReadOnlyList<ItemGroup> groups, string axis, string? repeat, string metric)
    {
        // One entry per output (or group of repetitions): its title, the rest of its cell, and its statistic.
        var entries = (repeat is null
            ? items.Where(i => i.HasResult && i.Score(metric) is not null)
                .Select(i => (i.Title, i.Kind, i.Cell, Mean: i.Score(metric)!.Value, Std: 0.0, N: 1))
            : groups.Where(g => g.Metrics.ContainsKey(metric))
                .Select(g => (g.Items[0].Title, g.Kind, Cell: (SweepCell?)g.Rest, g.Metrics[metric].Mean, Std: g.Metrics[metric].Std ?? 0.0, g.N))).ToList();
        static double? Numeric(string? value) => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : null;
        var lines = entries.Where(e => Numeric(e.Cell?.ValueOf(axis)) is not null)
            .GroupBy(e => (e.Title, e.Kind, Others: e.Cell!.Without(axis)))
            .Where(g => g.Count() >= 2)
            .Select(g => ChartSeries.Through(g.Key.Title, g.Key.Kind, g.Key.Others,
                g.Select(e => (Numeric(e.Cell!.ValueOf(axis))!.Value, e.Mean, e.Std)), g.Min(e => e.N)))
            .ToList();
        var references = entries.Where(e => e.Kind == OutputKind.Ensemble && e.Cell?.ValueOf(axis) is null)
            .Select(e => ChartSeries.Through(e.Title, e.Kind, e.Cell, [(0.0, e.Mean, 0.0)], e.N)).ToList();
        return (lines, references);
    }

    static string? Sweep(string experiment, IReadOnlyList<ReportedItem> items, IReadOnlyList<ItemGroup> groups, string axis, string? repeat,
        string metric, string label, string path)
    {
        var (lines, references) = Series(items, groups, axis, repeat, metric);
        if (lines.Count == 0) return null;
        var xs = lines.SelectMany(s => s.X).Distinct().Order().ToList();
        var geometric = xs.Count >= 3 && xs[0] > 0 && xs.Zip(xs.Skip(1), (a, b) => b / a).All(r => r >= 1.5);
        double X(double x) => geometric ? Math.Log2(x) : x;
        var drawn = lines.Select(s => s with { X = [.. s.X.Select(X)] }).ToList();
        var panels = ChartPanels.Split(drawn, references, s => s.Cell.Values.IsEmpty ? "" : s.Cell.Label, s => s.Title);
        var look = new PanelChart.Look($"{experiment}: {label} against {axis}" + (repeat is null ? "" : $" (mean ± std over {repeat})"),
            geometric ? $"{axis} (log scale)" : axis, label, Alignment.LowerLeft,
            ([.. xs.Select(X)], [.. xs.Select(x => x.ToString("G4", CultureInfo.InvariantCulture))]));
        return PanelChart.Save(panels, look, path, Width, Height);
    }
}
