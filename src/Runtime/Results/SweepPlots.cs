using System.Globalization;
using EnsDsl.Planning;
using ScottPlot;

namespace EnsDsl.Runtime.Results;

/// <summary>
/// Charts of repeated and swept runs: each output's mean over the repetitions with its standard deviation
/// (<c>repetitions.png</c>), and for every numeric swept parameter, each method's test accuracy and NLL against it,
/// with the outputs that do not depend on it (Local DE, Global DE) as horizontal references: the paper's figure of
/// ensemble quality against the cycle learning rate (<c>sweep_PARAM.png</c>, <c>sweep_PARAM_nll.png</c>). Lines are
/// told apart by colour, then dash pattern, then marker; legends stand outside the data.
/// </summary>
public static class SweepPlots
{
    const int Width = 1100, Height = 620;


    /// <summary>A point of a series: the parameter's value, the mean, and the standard deviation (0 for a single run).</summary>
    readonly record struct Point(double X, double Mean, double Std);

    /// <summary>Writes the charts for <paramref name="items"/> (and their <paramref name="groups"/> over <paramref name="repeat"/>); returns their paths.</summary>
    public static IReadOnlyList<string> Write(string experiment, IReadOnlyList<ReportedItem> items, IReadOnlyList<ItemGroup> groups,
        IReadOnlyList<string> axes, string? repeat, string directory)
    {
        var written = new List<string>();
        if (groups.Count > 0) written.Add(GroupBars(experiment, groups, repeat!, Path.Combine(directory, "repetitions.png")));
        foreach (var axis in axes.Where(a => a != repeat))
            foreach (var (metric, suffix, label) in new[] { (MetricNames.Accuracy, "", "test accuracy"), (MetricNames.Nll, "_nll", "test NLL") })
                if (Sweep(experiment, items, groups, axis, repeat, metric, label, Path.Combine(directory, $"sweep_{axis}{suffix}.png")) is { } path)
                    written.Add(path);
        return written;
    }

    static string GroupBars(string experiment, IReadOnlyList<ItemGroup> groups, string repeat, string path)
    {
        var plot = new Plot();
        var shown = groups.Where(g => g.Metrics.ContainsKey(MetricNames.Accuracy)).ToList();
        var bars = shown.Select((g, i) => new Bar
        {
            Position = shown.Count - 1 - i,
            Value = g.Metrics[MetricNames.Accuracy].Mean,
            Error = g.Metrics[MetricNames.Accuracy].Std ?? 0,
            FillColor = SeriesStyle.Colour((int)g.Kind),
            Label = g.Metrics[MetricNames.Accuracy].Mean.ToString("F3", CultureInfo.InvariantCulture),
        }).ToList();
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        plot.Axes.Left.SetTicks([.. bars.Select(b => b.Position)], [.. shown.Select(g => $"{g.Name} (n={g.N})")]);
        plot.Axes.SetLimitsX(0, Math.Min(1.05, bars.Max(b => b.Value + b.Error) * 1.15 + 0.02));
        plot.Title($"{experiment}: test accuracy, mean ± std over {repeat}");
        plot.XLabel("test accuracy");
        plot.SavePng(path, Width, Math.Max(Height, 140 + 34 * bars.Count));
        return path;
    }

    static string? Sweep(string experiment, IReadOnlyList<ReportedItem> items, IReadOnlyList<ItemGroup> groups, string axis, string? repeat,
        string metric, string label, string path)
    {
        // One entry per output (or group of repetitions): its title, the rest of its cell, and its statistic.
        var entries = repeat is null
            ? items.Where(i => i.HasResult && i.Score(metric) is not null)
                .Select(i => (i.Title, i.Kind, Cell: i.Cell, Point: (Mean: i.Score(metric)!.Value, Std: 0.0)))
            : groups.Where(g => g.Metrics.ContainsKey(metric))
                .Select(g => (Title: g.Items[0].Title, g.Kind, Cell: (SweepCell?)g.Rest, Point: (Mean: g.Metrics[metric].Mean, Std: g.Metrics[metric].Std ?? 0.0)));
        var list = entries.ToList();
        var swept = list.Where(e => e.Cell?.ValueOf(axis) is { } v && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)).ToList();
        var series = swept.GroupBy(e => (e.Title, Others: e.Cell!.Without(axis).Label))
            .Select(g => (Name: g.Key.Others.Length == 0 ? g.Key.Title : $"{g.Key.Title} [{g.Key.Others}]",
                Points: g.Select(e => new Point(double.Parse(e.Cell!.ValueOf(axis)!, CultureInfo.InvariantCulture), e.Point.Mean, e.Point.Std)).OrderBy(p => p.X).ToList()))
            .Where(s => s.Points.Count >= 2).ToList();
        if (series.Count == 0) return null;
        var xs = series.SelectMany(s => s.Points.Select(p => p.X)).Distinct().Order().ToList();
        var geometric = xs.Count >= 3 && xs[0] > 0 && xs.Zip(xs.Skip(1), (a, b) => b / a).All(r => r >= 1.5);
        double X(double x) => geometric ? Math.Log2(x) : x;

        var plot = new Plot();
        foreach (var ((name, points), i) in series.Select((s, i) => (s, i)))
        {
            double[] x = [.. points.Select(p => X(p.X))], mean = [.. points.Select(p => p.Mean)];
            if (points.Any(p => p.Std > 0))
            {
                var band = plot.Add.FillY(x, [.. points.Select(p => p.Mean - p.Std)], [.. points.Select(p => p.Mean + p.Std)]);
                band.FillStyle.Color = SeriesStyle.Colour(i).WithAlpha(0.18);        // the colour of its line
                band.LineStyle.Width = 0;
            }
            var line = plot.Add.Scatter(x, mean);
            SeriesStyle.Apply(line, i);
            line.LegendText = name;
        }
        // Ensembles the parameter does not change: horizontal references (Local DE, Global DE).
        var references = list.Where(e => e.Kind == OutputKind.Ensemble && e.Cell?.ValueOf(axis) is null).ToList();
        foreach (var (reference, i) in references.Select((r, i) => (r, i)))
        {
            var line = plot.Add.HorizontalLine(reference.Point.Mean);
            line.LineColor = Colors.Gray.WithAlpha(0.9 - 0.15 * (i % 4));
            line.LinePattern = i % 2 == 0 ? LinePattern.Dashed : LinePattern.Dotted;
            line.LineWidth = 2;
            line.LegendText = $"{reference.Title}{(reference.Cell is { Values.IsEmpty: false } c ? $" [{c.Label}]" : "")}";
        }
        plot.Axes.Bottom.SetTicks([.. xs.Select(X)], [.. xs.Select(x => x.ToString("G4", CultureInfo.InvariantCulture))]);
        plot.Title($"{experiment}: {label} against {axis}" + (repeat is null ? "" : $" (mean ± std over {repeat})"));
        plot.XLabel(geometric ? $"{axis} (log scale)" : axis);
        plot.YLabel(label);
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, Width, Height);
        return path;
    }
}
