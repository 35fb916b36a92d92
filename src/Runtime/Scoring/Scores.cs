using EnsDsl.Runtime.Results;

namespace EnsDsl.Runtime.Scoring;

/// <summary>
/// How good and how calibrated predictions are on a labelled test set: the reported scores (<see cref="ScoresOf{T}"/>;
/// the calibrated NLL is temperature scaling fitted on one half of the test set and scored on the other, 2 folds × 5
/// random splits, the protocol of pytorch-ensembles' <c>metrics_kfold</c>) and the temperature.
/// </summary>
public sealed record Scores : ScoresOf<double>
{
    /// <summary>The scores of a set of predictions.</summary>
    public Scores(double accuracy, double nll, double ece, double brier, double calibratedNll, double temperature) =>
        (Accuracy, Nll, Ece, Brier, CalibratedNll, Temperature) = (accuracy, nll, ece, brier, calibratedNll, temperature);

    /// <summary>The temperature fitted on the whole test set (reported, not used by the metrics).</summary>
    public double Temperature { get; init; }

    /// <summary>The scores as node metrics: <c>test_acc</c>, <c>test_nll</c>, <c>test_ece</c>, <c>test_brier</c>, <c>test_cnll</c>, <c>test_temperature</c>.</summary>
    public Dictionary<string, double> ToMetrics() => Reported().Append((MetricNames.Temperature, Temperature))
        .ToDictionary(s => MetricNames.OnTest(s.Item1), s => s.Item2);
}
