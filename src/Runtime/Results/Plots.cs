using EnsDsl.Planning;
using ScottPlot;

namespace EnsDsl.Runtime.Results;

/// <summary>
/// The run's PNG charts: ensemble-size curves of every ensemble (accuracy, and NLL), the loss and error along
/// interpolation paths, and soups against ensembles and single models. Items without results are left out.
/// </summary>
public static class Plots
{
    const int Width = 960, Height = 600;

    static readonly ScottPlot.Palettes.Category10 Palette = new();

    /// <summary>Writes every chart that <paramref name="items"/> have data for into <paramref name="directory"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string experiment, IReadOnlyList<ReportedItem> items, string directory)
    {
        var written = new List<string>();
        var ensembles = items.Where(i => i.HasResult).SelectMany(i => i.Result is EnsembleResult { Curve.Count: > 0 } e ? [(i.Name, e)] : Array.Empty<(string, EnsembleResult)>()).ToList();
        if (ensembles.Count > 0)
        {
            written.Add(Curves(experiment, ensembles, p => p.Accuracy, "test accuracy", Path.Combine(directory, "ensemble_curves.png"), Alignment.LowerRight));
            written.Add(Curves(experiment, ensembles, p => p.Nll, "test NLL", Path.Combine(directory, "ensemble_curves_nll.png"), Alignment.UpperRight));
        }
        var paths = items.Where(i => i.HasResult && i.Result is InterpolationResult).ToList();
        if (paths.Count > 0) written.Add(Interpolations(experiment, paths, Path.Combine(directory, "interpolation.png")));
        var compared = items.Where(i => i.HasResult && i.Kind is OutputKind.Ensemble or OutputKind.Soup or OutputKind.Evaluation && i.Score(MetricNames.Accuracy) is not null).ToList();
        if (compared.Count > 0) written.Add(Comparison(experiment, compared, Path.Combine(directory, "soups_vs_ensembles.png")));
        return written;
    }

    static string Curves(string experiment, List<(string Name, EnsembleResult Result)> ensembles, Func<CurveScores, double> metric, string label, string path, Alignment legend)
    {
        var plot = new Plot();
        int maxK = 1;
        foreach (var ((name, result), i) in ensembles.Select((e, i) => (e, i)))
        {
            var ks = result.Curve.Select(p => (double)p.K).ToArray();
            var values = result.Curve.Select(metric).ToArray();
            maxK = Math.Max(maxK, ks.Length);
            var line = plot.Add.Scatter(ks, values);
            SeriesStyle.Apply(line, i);
            line.LegendText = name;
        }
        var ticks = Enumerable.Range(1, maxK).Where(k => maxK <= 12 || k == 1 || k % 5 == 0).Select(k => (double)k).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, [.. ticks.Select(k => k.ToString("0"))]);
        plot.Title($"{experiment}: ensemble size");
        plot.XLabel("ensemble size k (members in order)");
        plot.YLabel(label);
        SeriesStyle.Legend(plot, ensembles.Count, legend);
        plot.SavePng(path, Width, Height);
        return path;
    }

    static string Interpolations(string experiment, List<ReportedItem> paths, string path)
    {
        var plot = new Plot();
        foreach (var (item, i) in paths.Select((p, i) => (p, i)))
        {
            var result = (InterpolationResult)item.Result!;
            var line = plot.Add.Scatter(result.Alpha.ToArray(), result.Error.ToArray());
            SeriesStyle.Apply(line, i);
            line.LegendText = $"{item.Name} (error barrier {item.Metric(MetricNames.ErrorBarrier) ?? double.NaN:F3})";
        }
        plot.Title($"{experiment}: test error along the straight line between two models");
        plot.XLabel("α  (θ = (1 − α)·θa + α·θb)");
        plot.YLabel("test error");
        SeriesStyle.Legend(plot, paths.Count, Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
        return path;
    }

    static string Comparison(string experiment, List<ReportedItem> items, string path)
    {
        var plot = new Plot();
        OutputKind[] kinds = [OutputKind.Ensemble, OutputKind.Soup, OutputKind.Evaluation];
        var bars = items.Select((item, i) => new Bar
        {
            Position = items.Count - 1 - i,                       // first item on top
            Value = item.Score(MetricNames.Accuracy)!.Value,
            FillColor = Palette.GetColor(Array.IndexOf(kinds, item.Kind)),
            Label = item.Score(MetricNames.Accuracy)!.Value.ToString("F3", System.Globalization.CultureInfo.InvariantCulture),
        }).ToList();
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        plot.Axes.Left.SetTicks([.. bars.Select(b => b.Position)], [.. items.Select(i => i.Name)]);
        plot.Axes.SetLimitsX(0, Math.Min(1.05, bars.Max(b => b.Value) * 1.15 + 0.02));
        foreach (var (kind, i) in kinds.Select((k, i) => (k, i)).Where(k => items.Any(it => it.Kind == k.k)))
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = kind == OutputKind.Evaluation ? "single model" : kind.Name(), FillColor = Palette.GetColor(i) });
        plot.ShowLegend(Alignment.LowerRight);
        plot.Title($"{experiment}: test accuracy of ensembles, soups and single models");
        plot.XLabel("test accuracy");
        plot.SavePng(path, Width, Math.Max(Height, 140 + 34 * bars.Count));
        return path;
    }
}
