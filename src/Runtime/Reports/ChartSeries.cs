using System.Collections.Immutable;
using EnsDsl.Planning;
using EnsDsl.Runtime.Results;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// A line of a chart: one output's values along x, or, for an output repeated over the repetition parameter, the
/// mean of its repetitions with ± one standard deviation (drawn as a band), so that five seeds make one line, not five.
/// </summary>
/// <param name="Title">The output's name without its cell: the method (<c>StarSSE</c>).</param>
/// <param name="Kind">The output's kind.</param>
/// <param name="Cell">The rest of its cell, without the repetition parameter; empty when it has none.</param>
/// <param name="X">The positions, ascending.</param>
/// <param name="Mean">The value at each position (the mean over repetitions).</param>
/// <param name="Std">The standard deviation at each position (zeros for a single run).</param>
/// <param name="N">The number of runs the line stands for.</param>
/// <param name="Annotation">A number the legend gives beside the name (the mean over the runs), such as the error barrier of a path; or null.</param>
public sealed record ChartSeries(string Title, OutputKind Kind, SweepCell Cell, ImmutableArray<double> X, ImmutableArray<double> Mean, ImmutableArray<double> Std, int N,
    double? Annotation = null)
{
    static readonly SweepCell NoCell = new([]);

    /// <summary>The name as outputs are named: <c>StarSSE [cycleLr=0.05]</c>, or the title alone.</summary>
    public string Name => Cell.Values.IsEmpty ? Title : $"{Title} [{Cell.Label}]";

    /// <summary>True when the line has a spread to draw.</summary>
    public bool HasBand => Std.Any(s => s > 0);

    /// <summary>A line through <paramref name="points"/> (x, mean, std), in x order.</summary>
    public static ChartSeries Through(string title, OutputKind kind, SweepCell? cell, IEnumerable<(double X, double Mean, double Std)> points, int n, double? annotation = null)
    {
        var ordered = points.OrderBy(p => p.X).ToList();
        return new(title, kind, cell ?? NoCell, [.. ordered.Select(p => p.X)], [.. ordered.Select(p => p.Mean)], [.. ordered.Select(p => p.Std)], n, annotation);
    }

    /// <summary>
    /// One line per output of <paramref name="items"/> that <paramref name="curve"/> gives values for, except that each
    /// of <paramref name="groups"/> (the repetitions of one output, <see cref="Repetitions.Groups"/>) makes one line:
    /// their mean and standard deviation at the positions all of them have; in report order.
    /// <paramref name="annotation"/>, when given, is averaged over the runs of a line for its legend.
    /// </summary>
    /// <example><code>ChartSeries.Of(items, repeated.Groups, i => i.Result is EnsembleResult e ? (Ks(e), Accuracies(e)) : null)</code></example>
    public static IReadOnlyList<ChartSeries> Of(IReadOnlyList<ReportedItem> items, IReadOnlyList<ItemGroup> groups,
        Func<ReportedItem, (double[] X, double[] Y)?> curve, Func<ReportedItem, double?>? annotation = null)
    {
        var groupOf = new Dictionary<ReportedItem, ItemGroup>(ReferenceEqualityComparer.Instance);
        foreach (var g in groups)
            foreach (var i in g.Items) groupOf[i] = g;
        // A line is a group of repetitions or an item alone (two outputs of one title in one cell stay two).
        var lines = items.Where(i => i.HasResult).GroupBy(i => groupOf.TryGetValue(i, out var g) ? (object)g : i, ReferenceEqualityComparer.Instance);
        var series = new List<ChartSeries>();
        foreach (var line in lines)
        {
            var runs = line.Select(i => (Item: i, Curve: curve(i))).Where(r => r.Curve is { X.Length: > 0 }).ToList();
            if (runs.Count == 0) continue;
            var first = runs[0];
            var cell = line.Key is ItemGroup group ? group.Rest : first.Item.Cell;
            var xs = first.Curve!.Value.X.Where(x => runs.All(r => r.Curve!.Value.X.Contains(x))).ToList();
            series.Add(Through(first.Item.Title, first.Item.Kind, cell, xs.Select(x =>
            {
                var summary = Statistics.Summarize([.. runs.Select(r => r.Curve!.Value.Y[Array.IndexOf(r.Curve!.Value.X, x)])]);
                return (x, summary.Mean, summary.Std ?? 0.0);
            }), runs.Count, annotation is null || runs.Any(r => annotation(r.Item) is null) ? null : runs.Average(r => annotation(r.Item)!.Value)));
        }
        return series;
    }
}
