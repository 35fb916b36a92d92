using EnsDsl.Planning;
using EnsDsl.Runtime.Results;
using ScottPlot;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// The run's PNG charts: ensemble-size curves of every ensemble (accuracy, and NLL), the error along interpolation
/// paths, soups against ensembles and single models, and each plane's landscape (<see cref="PlaneChart"/>). Items without results are left out; repetitions of an output
/// are one line (or bar) with its spread; a sweep's curves get a panel per method when one panel would hold too many
/// lines (<see cref="ChartPanels"/>).
/// </summary>
public static class Plots
{
    const int Width = 960, Height = 600;

    static readonly ScottPlot.Palettes.Category10 Palette = new();

    /// <summary>
    /// Writes every chart that <paramref name="items"/> have data for into <paramref name="directory"/>; returns their
    /// paths. Each of <paramref name="groups"/> (an output's repetitions) is drawn as one line: its mean with a ± std band.
    /// </summary>
    public static IReadOnlyList<string> Write(string experiment, IReadOnlyList<ReportedItem> items, IReadOnlyList<ItemGroup> groups, string directory)
    {
        var repeat = groups.FirstOrDefault()?.Axis;
        var written = new List<string>();
        static double[] Sizes(EnsembleResult e) => [.. e.Curve.Select(p => (double)p.K)];
        var accuracy = ChartSeries.Of(items, groups, i => i.Result is EnsembleResult { Curve.Count: > 0 } e ? (Sizes(e), [.. e.Curve.Select(p => p.Accuracy)]) : null);
        if (accuracy.Count > 0)
        {
            var nll = ChartSeries.Of(items, groups, i => i.Result is EnsembleResult { Curve.Count: > 0 } e ? (Sizes(e), [.. e.Curve.Select(p => p.Nll)]) : null);
            written.Add(Curves(experiment, accuracy, repeat, "test accuracy", Path.Combine(directory, ChartFiles.EnsembleCurves), Alignment.LowerRight));
            written.Add(Curves(experiment, nll, repeat, "test NLL", Path.Combine(directory, ChartFiles.EnsembleCurvesNll), Alignment.UpperRight));
        }
        var paths = ChartSeries.Of(items, groups, i => i.Result is InterpolationResult r ? ([.. r.Alpha], [.. r.Error]) : null, i => i.Metric(MetricNames.ErrorBarrier));
        if (paths.Count > 0)
        {
            var look = new PanelChart.Look($"{experiment}: test error along the straight line between two models{Over(paths, repeat)}",
                "α  (θ = (1 − α)·θa + α·θb)", "test error", Alignment.UpperRight, Annotation: "error barrier");
            written.Add(PanelChart.Save(ChartPanels.OfCurves(paths), look, Path.Combine(directory, ChartFiles.Interpolation), Width, Height));
        }
        var compared = ChartSeries.Of(items.Where(i => i.Kind is OutputKind.Ensemble or OutputKind.Soup or OutputKind.Evaluation).ToList(), groups,
            i => i.Score(MetricNames.Accuracy) is { } acc ? ([0.0], [acc]) : null);
        if (compared.Count > 0) written.Add(Comparison(experiment, compared, repeat, Path.Combine(directory, ChartFiles.SoupsVsEnsembles)));
        written.AddRange(BasinStages(experiment, items, groups, repeat, directory));
        written.AddRange(PlaneChart.Write(experiment, items, directory));
        return written;
    }

    /// <summary>
    /// The basin reports' stage-by-stage distances: for each report, the mean over its members of each stage's relative
    /// change ‖w − w₀‖/‖w₀‖ from the pre-trained weights (<c>basin_stages.png</c>) and from the centre
    /// (<c>basin_stages_center.png</c>, the centre itself left out), for the reports of one network's stages.
    /// </summary>
    static IEnumerable<string> BasinStages(string experiment, IReadOnlyList<ReportedItem> items, IReadOnlyList<ItemGroup> groups, string? repeat, string directory)
    {
        var stages = items.Select(i => i.Result).OfType<BasinResult>().Select(b => b.Members.FirstOrDefault()?.Stages).FirstOrDefault(s => s is { Count: > 0 })
            ?.Select(s => s.Stage).ToList();
        if (stages is null) yield break;
        double[] at = [.. Enumerable.Range(0, stages.Count).Select(i => (double)i)];
        (double[], double[])? Mean(ReportedItem item, Func<BasinMember, bool> counted, Func<StageDistance, double?> value)
        {
            if (item.Result is not BasinResult basin) return null;
            var members = basin.Members.Where(counted).ToList();
            if (members.Count == 0 || members.Any(m => m.Stages is null || !m.Stages.Select(s => s.Stage).SequenceEqual(stages))) return null;
            var values = members.Select(m => m.Stages!.Select(value).ToList()).ToList();
            if (values.Any(v => v.Any(x => x is null))) return null;
            return (at, [.. Enumerable.Range(0, stages.Count).Select(i => values.Average(v => v[i]!.Value))]);
        }
        var ticks = (at, stages.ToArray());
        foreach (var (file, from, counted, value) in new (string, string, Func<ReportedItem, BasinMember, bool>, Func<StageDistance, double?>)[]
                 {
                     (ChartFiles.BasinStages, "the pre-trained weights", (_, _) => true, s => s.RelativeToPretrained),
                     (ChartFiles.BasinStagesCenter, "the centre", (item, m) => m.Id != ((BasinResult)item.Result!).Center, s => s.RelativeToCenter),
                 })
        {
            var series = ChartSeries.Of(items, groups, i => Mean(i, m => counted(i, m), value));
            if (series.Count == 0) continue;
            var look = new PanelChart.Look($"{experiment}: how far each stage moved from {from}{Over(series, repeat)}",
                "stage (head and BN statistics left out)", "relative change ‖w − w₀‖/‖w₀‖, mean over members", Alignment.UpperRight, ticks);
            yield return PanelChart.Save(ChartPanels.OfCurves(series), look, Path.Combine(directory, file), Width, Height);
        }
    }

    // What a chart's lines are when some stand for repetitions.
    static string Over(IReadOnlyList<ChartSeries> series, string? repeat) => series.Any(s => s.N > 1) ? $" (mean ± std over {repeat})" : "";

    static string Curves(string experiment, IReadOnlyList<ChartSeries> series, string? repeat, string label, string path, Alignment legend)
    {
        var maxK = (int)series.Max(s => s.X.Max());
        var ticks = Enumerable.Range(1, maxK).Where(k => maxK <= 12 || k == 1 || k % 5 == 0).Select(k => (double)k).ToArray();
        var look = new PanelChart.Look($"{experiment}: ensemble size{Over(series, repeat)}", "ensemble size k (members in order)", label, legend,
            (ticks, [.. ticks.Select(k => k.ToString("0", System.Globalization.CultureInfo.InvariantCulture))]));
        return PanelChart.Save(ChartPanels.OfCurves(series), look, path, Width, Height);
    }

    static string Comparison(string experiment, IReadOnlyList<ChartSeries> outputs, string? repeat, string path)
    {
        var plot = new Plot();
        OutputKind[] kinds = [OutputKind.Ensemble, OutputKind.Soup, OutputKind.Evaluation];
        static string F3(double x) => x.ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
        // With error bars the value goes beside the name, where the whisker cannot cover it.
        var spread = outputs.Any(o => o.Std[0] > 0);
        var bars = outputs.Select((output, i) => new Bar
        {
            Position = outputs.Count - 1 - i,                     // first output on top
            Value = output.Mean[0],
            Error = output.Std[0],
            FillColor = Palette.GetColor(Array.IndexOf(kinds, output.Kind)),
            Label = spread ? "" : F3(output.Mean[0]),
        }).ToList();
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        plot.Axes.Left.SetTicks([.. bars.Select(b => b.Position)],
            [.. outputs.Select(o => o.N > 1 ? $"{o.Name}: {F3(o.Mean[0])} ± {F3(o.Std[0])} (n={o.N})" : spread ? $"{o.Name}: {F3(o.Mean[0])}" : o.Name)]);
        plot.Axes.SetLimitsX(0, Math.Min(1.05, bars.Max(b => b.Value + b.Error) * 1.15 + 0.02));
        foreach (var (kind, i) in kinds.Select((k, i) => (k, i)).Where(k => outputs.Any(o => o.Kind == k.k)))
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = kind == OutputKind.Evaluation ? "single model" : kind.Name(), FillColor = Palette.GetColor(i) });
        plot.ShowLegend(Alignment.LowerRight);
        plot.Title($"{experiment}: test accuracy of ensembles, soups and single models" + (Over(outputs, repeat) is { Length: > 0 } over ? $"\n{over.Trim()}" : ""));
        plot.XLabel("test accuracy");
        plot.SavePng(path, Width, Math.Max(Height, 140 + 34 * bars.Count));
        return path;
    }
}
