using Newtonsoft.Json;

namespace EnsDsl.Runtime.Results;

/// <summary>
/// The reported scores of one thing, each as a <typeparamref name="T"/>: a value (a point of an ensemble's curve), a
/// value that is missing when the item did not finish (a soup, an evaluation), a summary over repetitions. The one
/// place a reported score is a field: its JSON key, CSV metric and chart series come from <see cref="MetricNames"/>
/// through <see cref="Reported"/>, and <see cref="Filled"/> sets them all from a lookup by name, so a new score is a
/// field here and its names in <see cref="MetricNames"/>. Entries that carry scores derive from it, so the scores sit
/// beside their other fields in the file (<c>{"k": 3, "acc": 0.91, "nll": 0.27, …}</c>).
/// </summary>
/// <typeparam name="T">What each score is.</typeparam>
public abstract record ScoresOf<T>
{
    /// <summary>Accuracy (mean per-class accuracy where the dataset calls for it).</summary>
    [JsonProperty(MetricNames.Accuracy, Order = 1)] public T Accuracy { get; init; } = default!;

    /// <summary>Negative log-likelihood.</summary>
    [JsonProperty(MetricNames.Nll, Order = 1)] public T Nll { get; init; } = default!;

    /// <summary>Expected calibration error, 15 bins.</summary>
    [JsonProperty(MetricNames.Ece, Order = 1)] public T Ece { get; init; } = default!;

    /// <summary>Brier score.</summary>
    [JsonProperty(MetricNames.Brier, Order = 1)] public T Brier { get; init; } = default!;

    /// <summary>Calibrated NLL (temperature scaling, cross-validated).</summary>
    [JsonProperty(MetricNames.CalibratedNll, Order = 1)] public T CalibratedNll { get; init; } = default!;

    /// <summary>The scores by name, in <see cref="MetricNames.Reported"/> order.</summary>
    public IEnumerable<(string Name, T Value)> Reported() =>
        [(MetricNames.Accuracy, Accuracy), (MetricNames.Nll, Nll), (MetricNames.Ece, Ece), (MetricNames.Brier, Brier), (MetricNames.CalibratedNll, CalibratedNll)];

    /// <summary>This entry with every score taken from <paramref name="score"/>, which gives a score by its name.</summary>
    /// <typeparam name="TEntry">The entry's type.</typeparam>
    public TEntry Filled<TEntry>(Func<string, T> score) where TEntry : ScoresOf<T> => (TEntry)(this with
    {
        Accuracy = score(MetricNames.Accuracy), Nll = score(MetricNames.Nll), Ece = score(MetricNames.Ece), Brier = score(MetricNames.Brier),
        CalibratedNll = score(MetricNames.CalibratedNll),
    });

    /// <summary>A score by its name in <see cref="MetricNames.Reported"/>.</summary>
    public T this[string name] => Reported().First(s => s.Name == name).Value;
}
