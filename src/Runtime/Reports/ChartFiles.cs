namespace EnsDsl.Runtime.Reports;

/// <summary>
/// The chart files of a run folder: their names, and the order a reader wants them in (the run's page shows them so,
/// whether it is written by the run or again by <c>ensdsl report</c> from the folder).
/// </summary>
public static class ChartFiles
{
    /// <summary>The ensembles' test accuracy against their size.</summary>
    public const string EnsembleCurves = "ensemble_curves.png";

    /// <summary>The ensembles' test NLL against their size.</summary>
    public const string EnsembleCurvesNll = "ensemble_curves_nll.png";

    /// <summary>Soups, ensembles and single models side by side.</summary>
    public const string SoupsVsEnsembles = "soups_vs_ensembles.png";

    /// <summary>Test error along the interpolation paths.</summary>
    public const string Interpolation = "interpolation.png";

    /// <summary>How far each stage of the network moved from the pre-trained weights.</summary>
    public const string BasinStages = "basin_stages.png";

    /// <summary>How far each stage moved from the basin's centre.</summary>
    public const string BasinStagesCenter = "basin_stages_center.png";

    /// <summary>The stem of the plane charts: <c>plane.png</c>, or <c>plane_NAME.png</c> with several.</summary>
    public const string PlaneStem = "plane";

    const string SweepStem = "sweep_";

    /// <summary>The figure of a score against the swept parameter <paramref name="axis"/>: accuracy, or NLL with <paramref name="nll"/>.</summary>
    /// <example><code>ChartFiles.Sweep("cycleLr", nll: false)   // "sweep_cycleLr.png"</code></example>
    public static string Sweep(string axis, bool nll) => $"{SweepStem}{axis}{(nll ? "_nll" : "")}.png";

    // Scores first (ensembles, soups, the sweep figure), then where the models lie (paths, stages, planes).
    static readonly Func<string, bool>[] Order =
    [
        f => f == EnsembleCurves, f => f == EnsembleCurvesNll, f => f == SoupsVsEnsembles,
        f => f.StartsWith(SweepStem, StringComparison.Ordinal), f => f == Interpolation, f => f == BasinStages, f => f == BasinStagesCenter,
        f => f == PlaneStem + ".png" || f.StartsWith(PlaneStem + "_", StringComparison.Ordinal),
    ];

    /// <summary>True when <paramref name="file"/> (a file name) is a chart a run draws.</summary>
    public static bool IsChart(string file) => file.EndsWith(".png", StringComparison.Ordinal) && Rank(file) < Order.Length;

    /// <summary>The charts among <paramref name="files"/> (file names or paths) in the order the page shows them.</summary>
    public static IReadOnlyList<string> InPageOrder(IEnumerable<string> files) =>
        [.. files.Where(f => IsChart(Path.GetFileName(f))).OrderBy(f => Rank(Path.GetFileName(f))).ThenBy(f => Path.GetFileName(f), StringComparer.Ordinal)];

    static int Rank(string file) => Array.FindIndex(Order, matches => matches(file)) is var i and >= 0 ? i : Order.Length;
}
