using EnsDsl.Planning;
using EnsDsl.Runtime.Results;

namespace EnsDsl.Runtime.Reports;

/// <summary>One point of an ensemble's curve over repetitions: each score's summary at ensemble size <paramref name="K"/>.</summary>
/// <param name="K">The ensemble size.</param>
/// <param name="Scores">Score name (<see cref="MetricNames.Reported"/>) → its summary.</param>
public sealed record GroupCurvePoint(int K, IReadOnlyDictionary<string, Summary> Scores);

/// <summary>
/// The repetitions of one output: the reported items that differ only by the repetition parameter (<c>--repeat</c>),
/// with each metric's summary over them.
/// </summary>
/// <param name="Name">The output's name with the rest of its cell (<c>StarSSE [cycleLr=0.05]</c>).</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Axis">The repetition parameter.</param>
/// <param name="Rest">The cell without the repetition parameter (what the repetitions share).</param>
/// <param name="Items">The items with results, in repetition order.</param>
/// <param name="Repetitions">Their repetition values, in the same order.</param>
/// <param name="Metrics">Metric → summary; scores on the test split are named as in curves (<c>acc</c>, <c>nll</c>, …).</param>
/// <param name="Curve">For ensembles, the summary at every ensemble size.</param>
public sealed record ItemGroup(string Name, OutputKind Kind, string Axis, SweepCell Rest, IReadOnlyList<ReportedItem> Items,
    IReadOnlyList<string> Repetitions, IReadOnlyDictionary<string, Summary> Metrics, IReadOnlyList<GroupCurvePoint> Curve)
{
    /// <summary>The number of repetitions with results.</summary>
    public int N => Items.Count;
}

/// <summary>Two outputs compared over the repetitions they share: the mean difference <c>A − B</c> of a metric, paired by repetition.</summary>
/// <param name="A">The first group's name.</param>
/// <param name="B">The second's.</param>
/// <param name="Metric">The metric.</param>
/// <param name="Difference">The mean difference with its 95 % t-interval.</param>
public sealed record Comparison(string A, string B, string Metric, Difference Difference);

/// <summary>What a run's repetitions say: their groups, and the paired comparisons between them (both empty without repetitions).</summary>
/// <param name="Groups">The groups, in report order.</param>
/// <param name="Comparisons">The comparisons between them.</param>
public sealed record RepeatedResults(IReadOnlyList<ItemGroup> Groups, IReadOnlyList<Comparison> Comparisons)
{
    /// <summary>A run without repetitions.</summary>
    public static RepeatedResults None { get; } = new([], []);
}

/// <summary>Repeated runs read together: groups of repetitions and paired comparisons between them.</summary>
public static class Repetitions
{
    /// <summary>The groups of <paramref name="items"/> over <paramref name="axis"/> and their comparisons; none without an axis.</summary>
    public static RepeatedResults Of(IReadOnlyList<ReportedItem> items, string? axis)
    {
        if (axis is null) return RepeatedResults.None;
        var groups = Groups(items, axis);
        return new RepeatedResults(groups, Compare(groups));
    }

    /// <summary>
    /// The metrics that comparisons are made on: accuracy and NLL on the test split; for basin reports, the largest
    /// error barrier and the mean distance to the centre (whether a method leaves the basin, or drifts).
    /// </summary>
    public static IReadOnlyList<string> Compared { get; } =
        [MetricNames.Accuracy, MetricNames.Nll, MetricNames.MaxErrorBarrier, MetricNames.MeanDistanceToCenter];

    /// <summary>The groups of <paramref name="items"/> over the repetition parameter <paramref name="axis"/>, in report order.</summary>
    public static IReadOnlyList<ItemGroup> Groups(IReadOnlyList<ReportedItem> items, string axis)
    {
        var repeated = items.Where(i => i.HasResult && i.Cell?.ValueOf(axis) is not null);
        return [.. repeated.GroupBy(i => (i.Title, i.Kind, Shared: i.Cell!.Without(axis))).Select(g =>
        {
            var members = g.ToList();
            var name = g.Key.Shared.Values.IsEmpty ? g.Key.Title : $"{g.Key.Title} [{g.Key.Shared.Label}]";
            var metrics = members[0].Metrics.Keys.Where(k => members.All(m => m.Metrics.ContainsKey(k))).Order(StringComparer.Ordinal)
                .ToDictionary(MetricNames.Unscoped, k => Statistics.Summarize([.. members.Select(m => m.Metrics[k])]));
            return new ItemGroup(name, g.Key.Kind, axis, g.Key.Shared, members, [.. members.Select(m => m.Cell!.ValueOf(axis)!)], metrics, Curve(members));
        })];
    }

    static IReadOnlyList<GroupCurvePoint> Curve(IReadOnlyList<ReportedItem> members)
    {
        var curves = members.Select(m => (m.Result as EnsembleResult)?.Curve).ToList();
        if (curves.Any(c => c is null)) return [];
        var sizes = curves[0]!.Select(p => p.K).Where(k => curves.All(c => c!.Any(p => p.K == k)));
        return [.. sizes.Select(k =>
        {
            var points = curves.Select(c => c!.First(p => p.K == k)).ToList();
            return new GroupCurvePoint(k, MetricNames.Reported.ToDictionary(name => name, name => Statistics.Summarize([.. points.Select(p => p[name])])));
        })];
    }

    // Two cells that agree on every parameter they both set: Local DE (no cycle LR) against StarSSE at each cycle LR.
    static bool Compatible(SweepCell a, SweepCell b) => a.Values.All(v => b.ValueOf(v.Key) is not { } other || other == v.Value);

    // Two cells of the same parameters that differ in one value: StarSSE at one cycle LR against StarSSE at another.
    static bool DifferInOne(SweepCell a, SweepCell b) =>
        a.Values.Length == b.Values.Length && a.Values.All(v => b.ValueOf(v.Key) is not null) && a.Values.Count(v => b.ValueOf(v.Key) != v.Value) == 1;

    /// <summary>
    /// Every pair of groups whose cells agree on the parameters both set (besides the repetition), and every pair of
    /// one output at two values of one swept parameter, on each of <see cref="Compared"/>: the mean of
    /// <c>A − B</c> over the repetitions both have, with its 95 % paired t-interval (at least two shared repetitions).
    /// </summary>
    public static IReadOnlyList<Comparison> Compare(IReadOnlyList<ItemGroup> groups)
    {
        var comparisons = new List<Comparison>();
        for (int i = 0; i < groups.Count; i++)
            for (int j = i + 1; j < groups.Count; j++)
            {
                var (a, b) = (groups[i], groups[j]);
                if (!Compatible(a.Rest, b.Rest) && !(a.Items[0].Title == b.Items[0].Title && a.Kind == b.Kind && DifferInOne(a.Rest, b.Rest))) continue;
                // The positions, in each group, of the repetitions both have.
                var shared = a.Repetitions.Select((r, at) => (r, at)).Join(b.Repetitions.Select((r, bt) => (r, bt)), x => x.r, y => y.r, (x, y) => (x.at, y.bt)).ToList();
                foreach (var metric in Compared.Where(m => a.Metrics.ContainsKey(m) && b.Metrics.ContainsKey(m)))
                {
                    var (va, vb) = (a.Metrics[metric].Values, b.Metrics[metric].Values);
                    if (Statistics.PairedDifference([.. shared.Select(p => va[p.at])], [.. shared.Select(p => vb[p.bt])]) is { } difference)
                        comparisons.Add(new Comparison(a.Name, b.Name, metric, difference));
                }
            }
        return comparisons;
    }
}
