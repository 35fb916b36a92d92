using System.Globalization;
using EnsDsl.Planning;
using EnsDsl.Runtime.Reports;
using EnsDsl.Runtime.Results;

namespace EnsDsl.Runtime.Tests.Reports;

public class ChartPanelsTests
{
    static string S(double x) => x.ToString(CultureInfo.InvariantCulture);

    // An ensemble of K members whose curve rises from `start` by `step` per member.
    static ReportedItem Ensemble(string title, SweepCell? cell, double start, double step = 0.01, int k = 4)
    {
        var curve = Enumerable.Range(1, k).Select(i => new CurveScores(i, start + step * (i - 1), 1.0, 0.1, 0.5, 1.0)).ToList();
        return new ReportedItem(cell is null ? title : $"{title} [{cell.Label}]", OutputKind.Ensemble, $"{title}{cell?.Label}", NodeStatus.Done,
            new Dictionary<string, double> { [MetricNames.TestAccuracy] = curve[^1].Accuracy, [MetricNames.TestNll] = 1.0 },
            new EnsembleResult([], curve, new Diversity(0, 0, 0)), [], null)
        { Title = title, Cell = cell };
    }

    static (double[] X, double[] Y)? Accuracy(ReportedItem i) =>
        i.Result is EnsembleResult e ? ([.. e.Curve.Select(p => (double)p.K)], [.. e.Curve.Select(p => p.Accuracy)]) : null;

    [Fact]
    public void Repetitions_of_an_output_are_one_line_of_their_means_with_the_standard_deviation()
    {
        ReportedItem[] items =
        [
            Ensemble("SSE", SweepCell.Of(("seed", "1")), 0.60), Ensemble("SSE", SweepCell.Of(("seed", "2")), 0.62),
            Ensemble("SSE", SweepCell.Of(("seed", "3")), 0.64), Ensemble("Global DE", null, 0.70),
        ];
        var series = ChartSeries.Of(items, Repetitions.Groups(items, "seed"), Accuracy);
        Assert.Equal(["SSE", "Global DE"], series.Select(s => s.Name));
        var sse = series[0];
        Assert.Equal(3, sse.N);
        Assert.Equal([1.0, 2, 3, 4], sse.X.AsEnumerable());
        Assert.Equal(0.62, sse.Mean[0], 1e-12);
        Assert.Equal(0.02, sse.Std[0], 1e-12);                           // sample std of 0.60, 0.62, 0.64
        Assert.Equal(0.65, sse.Mean[3], 1e-12);
        Assert.True(sse.HasBand);
        Assert.False(series[1].HasBand);                                  // one run: no spread to draw
    }

    [Fact]
    public void Without_a_repetition_parameter_every_output_is_its_own_line_even_two_of_one_name()
    {
        ReportedItem[] items = [Ensemble("DE", null, 0.60), Ensemble("DE", null, 0.70)];
        var series = ChartSeries.Of(items, [], Accuracy);
        Assert.Equal(2, series.Count);
        Assert.Equal([0.60, 0.70], series.Select(s => s.Mean[0]));
    }

    [Fact]
    public void Runs_of_one_line_are_averaged_only_where_all_have_a_point()
    {
        ReportedItem[] items = [Ensemble("SSE", SweepCell.Of(("seed", "1")), 0.6, k: 4), Ensemble("SSE", SweepCell.Of(("seed", "2")), 0.6, k: 3)];
        Assert.Equal([1.0, 2, 3], ChartSeries.Of(items, Repetitions.Groups(items, "seed"), Accuracy)[0].X.AsEnumerable());
    }

    [Fact]
    public void A_legend_number_is_the_mean_over_the_runs_of_a_line()
    {
        ReportedItem[] items = [Ensemble("SSE", SweepCell.Of(("seed", "1")), 0.6), Ensemble("SSE", SweepCell.Of(("seed", "2")), 0.6)];
        var series = ChartSeries.Of(items, Repetitions.Groups(items, "seed"), Accuracy, i => i.Cell!.ValueOf("seed") == "1" ? 0.1 : 0.3);
        Assert.Equal(0.2, series[0].Annotation!.Value, 1e-12);
    }

    // A sweep of two methods over six cycle LRs, with Local DE and Global DE the same in every cell.
    static ReportedItem[] Sweep(int values) =>
    [
        .. new[] { "SSE", "StarSSE" }.SelectMany(m => Enumerable.Range(0, values).Select(v => Ensemble(m, SweepCell.Of(("cycleLr", S(0.01 * (1 << v)))), 0.6 - 0.01 * v))),
        Ensemble("Local DE", null, 0.62), Ensemble("Global DE", null, 0.70),
    ];

    [Fact]
    public void A_sweep_with_few_lines_is_one_panel_with_the_outputs_every_cell_shares_as_references()
    {
        var panels = ChartPanels.OfCurves(ChartSeries.Of(Sweep(3), [], Accuracy));
        var panel = Assert.Single(panels);
        Assert.Null(panel.Heading);
        Assert.Equal(["SSE [cycleLr=0.01]", "SSE [cycleLr=0.02]", "SSE [cycleLr=0.04]", "StarSSE [cycleLr=0.01]", "StarSSE [cycleLr=0.02]", "StarSSE [cycleLr=0.04]"],
            panel.Lines.Select(l => l.Label));
        Assert.Equal(["Local DE", "Global DE"], panel.References.Select(r => r.Label));
    }

    [Fact]
    public void A_sweep_with_too_many_lines_for_one_panel_gets_a_panel_per_method_each_with_the_references()
    {
        var panels = ChartPanels.OfCurves(ChartSeries.Of(Sweep(6), [], Accuracy));
        Assert.Equal(["SSE", "StarSSE"], panels.Select(p => p.Heading));
        Assert.All(panels, p =>
        {
            Assert.Equal(6, p.Lines.Count);
            Assert.True(p.Lines.Count <= ChartPanels.MaxLines);
            Assert.Equal(["cycleLr=0.01", "cycleLr=0.02", "cycleLr=0.04", "cycleLr=0.08", "cycleLr=0.16", "cycleLr=0.32"], p.Lines.Select(l => l.Label));
            Assert.Equal(["Local DE", "Global DE"], p.References.Select(r => r.Label));
        });
        // No line is drawn twice.
        Assert.Equal(12, panels.SelectMany(p => p.Lines).Select(l => l.Series.Name).Distinct().Count());
    }

    [Fact]
    public void Many_outputs_of_a_run_without_a_sweep_stay_on_one_panel()
    {
        var items = Enumerable.Range(0, 12).Select(i => Ensemble($"star lr×{i}", null, 0.5)).ToList();
        var panel = Assert.Single(ChartPanels.OfCurves(ChartSeries.Of(items, [], Accuracy)));
        Assert.Equal(12, panel.Lines.Count);
        Assert.Empty(panel.References);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 1, 2)]
    [InlineData(3, 1, 3)]
    [InlineData(4, 2, 2)]
    [InlineData(5, 2, 3)]
    [InlineData(7, 3, 3)]
    [InlineData(10, 3, 4)]
    public void Panels_are_laid_out_in_a_grid_that_holds_them_all(int panels, int rows, int columns)
    {
        Assert.Equal((rows, columns), ChartPanels.Grid(panels));
    }

    [Fact]
    public void The_sweep_figure_has_a_line_per_method_and_other_value_and_the_unswept_ensembles_as_levels()
    {
        // Two axes: cycleLr (drawn) and cycleLen (one panel each when lines are many).
        var items = new[] { "SSE", "StarSSE" }.SelectMany(m => new[] { "1", "2" }.SelectMany(len => new[] { 0.01, 0.02, 0.04 }.Select(lr =>
            Ensemble(m, SweepCell.Of(("cycleLr", S(lr)), ("cycleLen", len)), lr)))).Append(Ensemble("Local DE", null, 0.62)).ToList();
        var (lines, references) = SweepPlots.Series(items, [], "cycleLr", null, MetricNames.Accuracy);
        Assert.Equal(["SSE [cycleLen=1]", "SSE [cycleLen=2]", "StarSSE [cycleLen=1]", "StarSSE [cycleLen=2]"], lines.Select(l => l.Name));
        Assert.All(lines, l => Assert.Equal([0.01, 0.02, 0.04], l.X.AsEnumerable()));
        var level = Assert.Single(references);
        Assert.Equal("Local DE", level.Name);
        Assert.Equal(0.65, level.Mean.Single(), 1e-12);                  // its accuracy at full size
    }

    [Fact]
    public void Panels_render_to_one_image_on_a_grid()
    {
        var directory = Directory.CreateTempSubdirectory("ensdsl-charts-").FullName;
        try
        {
            var panels = ChartPanels.OfCurves(ChartSeries.Of(Sweep(6), [], Accuracy));
            var path = PanelChart.Save(panels, new PanelChart.Look("t", "k", "acc", ScottPlot.Alignment.LowerRight), Path.Combine(directory, "c.png"), 400, 300);
            using var image = SkiaSharp.SKBitmap.Decode(path);
            Assert.Equal((2 * 400 * 3 / 4, 300 * 3 / 4), (image.Width, image.Height));
        }
        finally { Directory.Delete(directory, true); }
    }
}
