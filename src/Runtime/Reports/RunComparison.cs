using EnsDsl.Runtime.Results;
namespace EnsDsl.Runtime.Reports;

/// <summary>A run's results folder (or results.json) that cannot be compared: the message says which and why.</summary>
public sealed class ComparisonException(string message) : Exception(message);

/// <summary>One reported item's score in one run: its value (the mean over repetitions when there are several) and, with repetitions, the values by repetition.</summary>
/// <param name="Value">The score, or its mean over repetitions.</param>
/// <param name="Std">The standard deviation over repetitions, when there are several.</param>
/// <param name="ByRepetition">The value of each repetition (its value of the repeated parameter, e.g. the seed), when repeated.</param>
public sealed record RunScore(double Value, double? Std, IReadOnlyDictionary<string, double>? ByRepetition);

/// <summary>A run's score of an item against the first run's: the difference, and its paired interval when both ran the same repetitions.</summary>
/// <param name="Mean">This run's score minus the first run's (mean of the paired differences when paired).</param>
/// <param name="Interval">The paired 95 % interval, when both runs have two or more repetitions in common.</param>
public sealed record ScoreDifference(double Mean, Difference? Interval)
{
    /// <summary>As tables show it: <c>+0.0123</c>, with the interval when paired: <c>+0.0123 [+0.004, +0.021]</c>.</summary>
    public override string ToString() => Interval is { } i
        ? string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0:+0.0000;-0.0000;0.0000} [{1:+0.000;-0.000;0.000}, {2:+0.000;-0.000;0.000}]", Mean, i.Low, i.High)
        : Mean.ToString("+0.0000;-0.0000;0.0000", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One item (an output, or a group of repetitions) across the compared runs.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Kind">Its kind (ensemble, soup, evaluation, …).</param>
/// <param name="Scores">Metric → each run's score (null where the run has no such item or number).</param>
/// <param name="Differences">Metric → each later run's difference to the first run (null where either is missing).</param>
public sealed record ComparedItem(string Name, string Kind, IReadOnlyDictionary<string, IReadOnlyList<RunScore?>> Scores,
    IReadOnlyDictionary<string, IReadOnlyList<ScoreDifference?>> Differences);

/// <summary>
/// <c>ensdsl compare</c>: the reported items of several runs side by side. A run with repetitions contributes its
/// groups (mean ± std over repetitions); the differences to the first run are paired by repetition, with Student's
/// t-interval, when both ran the same repetitions.
/// </summary>
public static class RunComparison
{
    /// <summary>Compares the runs at <paramref name="runs"/> (run folders or results.json files) on <paramref name="metrics"/>.</summary>
    /// <exception cref="ComparisonException">A run without readable results.</exception>
    public static IReadOnlyList<ComparedItem> Of(IReadOnlyList<string> runs, IReadOnlyList<string> metrics) => Of(Read(runs), metrics);

    /// <summary>The results of the runs at <paramref name="runs"/> (run folders or results.json files), in order.</summary>
    /// <exception cref="ComparisonException">A run without readable results: the message says which and why.</exception>
    public static IReadOnlyList<RunDocument> Read(IReadOnlyList<string> runs) =>
        [.. runs.Select(run => RunDocument.Read(run, out var problem) ?? throw new ComparisonException(problem))];

    /// <summary>Compares the runs <paramref name="runs"/> on <paramref name="metrics"/>.</summary>
    public static IReadOnlyList<ComparedItem> Of(IReadOnlyList<RunDocument> runs, IReadOnlyList<string> metrics)
    {
        var items = runs.Select(Items).ToList();
        var names = items.SelectMany(i => i.Keys).Distinct().ToList();
        return [.. names.Select(name =>
        {
            var kind = items.Select(i => i.GetValueOrDefault(name)?.Kind).First(k => k is not null)!;
            var scores = metrics.ToDictionary(m => m, m => (IReadOnlyList<RunScore?>)[.. items.Select(i => i.GetValueOrDefault(name)?.Scores.GetValueOrDefault(m))]);
            var differences = metrics.ToDictionary(m => m, m => (IReadOnlyList<ScoreDifference?>)[.. scores[m].Skip(1).Select(s => Versus(scores[m][0], s))]);
            return new ComparedItem(name, kind, scores, differences);
        })];
    }

    static ScoreDifference? Versus(RunScore? first, RunScore? other)
    {
        if (first is null || other is null) return null;
        if (first.ByRepetition is { } a && other.ByRepetition is { } b)
        {
            var shared = a.Keys.Where(b.ContainsKey).ToList();
            if (shared.Count >= 2 && Statistics.PairedDifference([.. shared.Select(k => b[k])], [.. shared.Select(k => a[k])]) is { } paired)
                return new ScoreDifference(paired.Mean, paired);
        }
        return new ScoreDifference(other.Value - first.Value, null);
    }

    sealed record Item(string Kind, Dictionary<string, RunScore> Scores);

    // An output's test scores are named for their split (test_acc); groups and the command name them plainly (acc).
    static Dictionary<string, Item> Items(RunDocument results)
    {
        var items = new Dictionary<string, Item>(StringComparer.Ordinal);
        // Repetitions: each group's mean ± std, and its values by repetition for paired differences.
        foreach (var group in results.Groups)
            items[group.Name] = new Item(group.Kind.Name(), group.Metrics.ToDictionary(m => m.Key, m => new RunScore(m.Value.Mean, m.Value.Std,
                m.Value.Values.Count == group.Repetitions.Count ? group.Repetitions.Zip(m.Value.Values).ToDictionary(p => p.First, p => p.Second) : null),
                StringComparer.Ordinal));
        if (items.Count > 0) return items;
        foreach (var output in results.Outputs)
            if (output.Metrics is { } metrics)
                items[output.Name] = new Item(output.Kind.Name(),
                    metrics.ToDictionary(m => MetricNames.Unscoped(m.Key), m => new RunScore(m.Value, null, null), StringComparer.Ordinal));
        return items;
    }
}
