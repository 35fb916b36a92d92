using System.Globalization;
using EnsDsl.Planning;
using EnsDsl.Runtime.Results;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// What a reported item's row says beside its scores (the console's summary, the run's page): an ensemble's
/// diversity, a soup's policy, an analysis' barriers, distances or range; a failed item's reason. Read from
/// results.json's document, so that a page written again from a run folder says what the run said.
/// </summary>
public static class ItemNotes
{
    /// <summary>The notes of each of <paramref name="doc"/>'s outputs, in its order.</summary>
    /// <example><code>ItemNotes.Of(run.Document)[0]   // "4 members; disagreement 0.245, gain +0.024"</code></example>
    public static IReadOnlyList<string> Of(RunDocument doc)
    {
        var errors = doc.Nodes.ToDictionary(n => n.Id, n => n.Error);
        var members = doc.Ensembles.ToLookup(e => e.Name, e => e.Members.Count);
        var soups = doc.Soups.ToLookup(s => s.Name);
        return [.. doc.Outputs.Select(o => Of(o, errors.GetValueOrDefault(o.Node), members[o.Name].FirstOrDefault(), soups[o.Name].FirstOrDefault()))];
    }

    static string Of(OutputEntry item, string? error, int members, SoupEntry? soup)
    {
        var c = CultureInfo.InvariantCulture;
        if (!item.Finished || item.Metrics is not { } metrics) return error ?? "";
        double? Metric(string key) => metrics.TryGetValue(key, out var v) ? v : null;
        return item.Kind switch
        {
            OutputKind.Ensemble => string.Format(c, "{0} members; disagreement {1:F3}, gain {2:+0.000;-0.000}", members, Metric(MetricNames.Disagreement), Metric(MetricNames.Gain)),
            OutputKind.Soup when soup is { Kind: { } kind } => $"{kind.Name()} of {soup.Members.Count}" + (soup.Chosen is { } chosen ? $" ({chosen.Count} kept)" : "") + $", {soup.Bn}",
            OutputKind.Interpolation => string.Format(c, "error barrier {0:F3}, loss barrier {1:F3}", Metric(MetricNames.ErrorBarrier), Metric(MetricNames.LossBarrier)),
            OutputKind.Basin => string.Format(c, "max error barrier {0:F3}, mean distance to centre {1:F2}", Metric(MetricNames.MaxErrorBarrier), Metric(MetricNames.MeanDistanceToCenter)),
            OutputKind.Plane => string.Format(c, "test error {0:F3} to {1:F3} over the grid", Metric(MetricNames.MinTestError), Metric(MetricNames.MaxTestError)) +
                (Metric(MetricNames.MeanDistanceToPlane) is { } d ? string.Format(c, "; projected models {0:G3} from the plane on average", d) : ""),
            _ => "",
        };
    }
}
