using System.Globalization;
using EnsDsl.Planning;
using EnsDsl.Runtime.Results;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// What a reported item's row says beside its scores (the console's summary and the HTML report): an ensemble's
/// diversity, a soup's policy, an analysis' barriers, distances or range; a failed item's reason.
/// </summary>
public static class ItemNotes
{
    /// <summary>The notes of <paramref name="item"/>.</summary>
    /// <example><code>ItemNotes.Of(item)   // "4 members; disagreement 0.245, gain +0.024"</code></example>
    public static string Of(ReportedItem item)
    {
        var c = CultureInfo.InvariantCulture;
        if (!item.HasResult) return item.Error ?? "";
        return item.Kind switch
        {
            OutputKind.Ensemble => string.Format(c, "{0} members; disagreement {1:F3}, gain {2:+0.000;-0.000}", item.Members.Count, item.Metric(MetricNames.Disagreement), item.Metric(MetricNames.Gain)),
            OutputKind.Soup when item.Soup is { } soup => $"{soup.SoupKind.Name()} of {item.Members.Count}" + (item.Chosen is { } chosen ? $" ({chosen.Count} kept)" : "") + $", {soup.NormalisationNote}",
            OutputKind.Interpolation => string.Format(c, "error barrier {0:F3}, loss barrier {1:F3}", item.Metric(MetricNames.ErrorBarrier), item.Metric(MetricNames.LossBarrier)),
            OutputKind.Basin => string.Format(c, "max error barrier {0:F3}, mean distance to centre {1:F2}", item.Metric(MetricNames.MaxErrorBarrier), item.Metric(MetricNames.MeanDistanceToCenter)),
            OutputKind.Plane => string.Format(c, "test error {0:F3} to {1:F3} over the grid", item.Metric(MetricNames.MinTestError), item.Metric(MetricNames.MaxTestError)) +
                (item.Metric(MetricNames.MeanDistanceToPlane) is { } d ? string.Format(c, "; projected models {0:G3} from the plane on average", d) : ""),
            _ => "",
        };
    }
}
