using Newtonsoft.Json;

namespace EnsDsl.Runtime.Results;

/// <summary>How differently an ensemble's members predict.</summary>
/// <param name="Disagreement">Mean over member pairs of the fraction of test images whose top-1 predictions differ.</param>
/// <param name="Kl">Mean over ordered member pairs (i ≠ j) of the mean KL(p_i ‖ p_j) over test images.</param>
/// <param name="Gain">Ensemble accuracy − mean member accuracy.</param>
public sealed record Diversity(
    [property: JsonProperty(MetricNames.Disagreement)] double Disagreement,
    [property: JsonProperty(MetricNames.Kl)] double Kl,
    [property: JsonProperty(MetricNames.Gain)] double Gain);
