using EnsDsl.Runtime.Reports;

namespace EnsDsl.Runtime.Tests.Reports;

/// <summary>Which files of a run folder its page shows, and in what order.</summary>
public class ChartFilesTests
{
    [Theory]
    [InlineData("plane.png ensemble_curves.png interpolation.png soups_vs_ensembles.png", "ensemble_curves.png soups_vs_ensembles.png interpolation.png plane.png")]
    [InlineData("sweep_lr_nll.png basin_stages_center.png sweep_lr.png ensemble_curves_nll.png basin_stages.png",
        "ensemble_curves_nll.png sweep_lr.png sweep_lr_nll.png basin_stages.png basin_stages_center.png")]
    [InlineData("plane_b.png notes.png plane_a.png compare.png ensemble_curves.png", "ensemble_curves.png plane_a.png plane_b.png")]
    public void A_page_shows_the_charts_a_run_draws_scores_first_and_nothing_else(string files, string shown) =>
        Assert.Equal(shown.Split(' '), ChartFiles.InPageOrder(files.Split(' ').Select(f => Path.Combine("runs", "x", f))).Select(Path.GetFileName));
}
