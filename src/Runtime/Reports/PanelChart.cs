using ScottPlot;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// Draws a chart's panels into one PNG: coloured lines with their bands (up to <see cref="MaxBands"/> lines), grey references (a reference of one point is
/// a level: a horizontal line), and, with several panels, a grid of them on common axis limits so that they compare
/// at a glance.
/// </summary>
public static class PanelChart
{
    /// <summary>The most lines whose ± std bands a panel draws: more bands than that hide each other and the lines (results.json has the numbers).</summary>
    public const int MaxBands = 4;

    /// <summary>What the chart shows.</summary>
    /// <param name="Title">Its title (a panel's heading follows it).</param>
    /// <param name="XLabel">The x axis's label.</param>
    /// <param name="YLabel">The y axis's label.</param>
    /// <param name="Legend">Where a few lines' legend goes inside the data (many lines get it outside, on the right).</param>
    /// <param name="Ticks">The x axis's ticks and their labels, or null for automatic ticks.</param>
    /// <param name="Annotation">What a line's <see cref="ChartSeries.Annotation"/> is, for the legend (<c>error barrier</c>).</param>
    public sealed record Look(string Title, string XLabel, string YLabel, Alignment Legend, (double[] At, string[] Labels)? Ticks = null, string? Annotation = null);

    /// <summary>Draws <paramref name="panels"/> as <paramref name="look"/> says into <paramref name="path"/>, each panel <paramref name="width"/> × <paramref name="height"/>; returns the path.</summary>
    public static string Save(IReadOnlyList<ChartPanel> panels, Look look, string path, int width, int height)
    {
        var plots = panels.Select(p => Draw(p, look)).ToList();
        if (plots.Count == 1)
        {
            plots[0].SavePng(path, width, height);
            return path;
        }
        ShareLimits(plots, panels);
        var (rows, columns) = ChartPanels.Grid(plots.Count);
        var multiplot = new Multiplot();
        foreach (var initial in multiplot.GetPlots()) multiplot.RemovePlot(initial);      // it starts with an empty plot
        foreach (var plot in plots) multiplot.AddPlot(plot);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        multiplot.SavePng(path, columns * width * 3 / 4, rows * height * 3 / 4);
        return path;
    }

    static Plot Draw(ChartPanel panel, Look look)
    {
        var plot = new Plot();
        foreach (var (line, i) in panel.Lines.Select((l, i) => (l, i)))
        {
            double[] x = [.. line.Series.X], mean = [.. line.Series.Mean];
            if (line.Series.HasBand && panel.Lines.Count <= MaxBands)
            {
                var band = plot.Add.FillY(x, [.. mean.Select((m, j) => m - line.Series.Std[j])], [.. mean.Select((m, j) => m + line.Series.Std[j])]);
                band.FillStyle.Color = SeriesStyle.Colour(i).WithAlpha(0.18);        // the colour of its line
                band.LineStyle.Width = 0;
            }
            var scatter = plot.Add.Scatter(x, mean);
            SeriesStyle.Apply(scatter, i);
            scatter.LegendText = Legend(line, look);
        }
        foreach (var (reference, i) in panel.References.Select((r, i) => (r, i)))
        {
            var colour = Colors.Gray.WithAlpha(0.9 - 0.15 * (i % 4));
            var pattern = i % 2 == 0 ? LinePattern.Dashed : LinePattern.Dotted;
            if (reference.Series.X.Length == 1)
            {
                var level = plot.Add.HorizontalLine(reference.Series.Mean[0]);
                (level.LineColor, level.LinePattern, level.LineWidth, level.LegendText) = (colour, pattern, 2, Legend(reference, look));
            }
            else
            {
                var scatter = plot.Add.Scatter(reference.Series.X.ToArray(), reference.Series.Mean.ToArray());
                (scatter.Color, scatter.LinePattern, scatter.LineWidth, scatter.MarkerSize, scatter.LegendText) = (colour, pattern, 2, 4, Legend(reference, look));
            }
        }
        if (look.Ticks is var (at, labels)) plot.Axes.Bottom.SetTicks(at, labels);
        plot.Title(panel.Heading is null ? look.Title : $"{look.Title}: {panel.Heading}");
        plot.XLabel(look.XLabel);
        plot.YLabel(look.YLabel);
        SeriesStyle.Legend(plot, panel.Lines.Count + panel.References.Count, look.Legend);
        return plot;
    }

    static string Legend(ChartLine line, Look look) => line.Series.Annotation is { } value && look.Annotation is not null
        ? $"{line.Label} ({look.Annotation} {value.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)})"
        : line.Label;

    // Panels side by side compare only on the same scale.
    static void ShareLimits(List<Plot> plots, IReadOnlyList<ChartPanel> panels)
    {
        var all = panels.SelectMany(p => p.Lines.Concat(p.References)).Select(l => l.Series).ToList();
        var ys = all.SelectMany(s => s.Mean.Select((m, j) => (Low: m - s.Std[j], High: m + s.Std[j]))).ToList();
        var xs = all.Where(s => s.X.Length > 1).SelectMany(s => s.X).ToList();
        var (low, high) = (ys.Min(y => y.Low), ys.Max(y => y.High));
        var pad = Math.Max(high - low, 1e-6) * 0.05;
        foreach (var plot in plots)
        {
            plot.Axes.SetLimitsY(low - pad, high + pad);
            if (xs.Count > 0)
            {
                var xpad = Math.Max(xs.Max() - xs.Min(), 1e-6) * 0.04;
                plot.Axes.SetLimitsX(xs.Min() - xpad, xs.Max() + xpad);
            }
        }
    }
}
