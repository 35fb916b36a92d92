using EnsDsl.Runtime.Results;

namespace EnsDsl.Runtime.Scoring;

/// <summary>
/// How good and how calibrated predictions are on a labelled test set.
/// </summary>
/// <param name="Accuracy">Top-1 accuracy, or mean per-class accuracy where the dataset calls for it.</param>
/// <param name="Nll">Mean negative log-likelihood of the true class.</param>
/// <param name="Ece">Expected calibration error, 15 equal-width confidence bins.</param>
/// <param name="Brier">Brier score: mean over images of Σ_c (p_c − y_c)².</param>
/// <param name="CalibratedNll">NLL after temperature scaling fitted on one half of the test set and scored on the
/// other, 2 folds × 5 random splits (the protocol of pytorch-ensembles' <c>metrics_kfold</c>).</param>
/// <param name="Temperature">The temperature fitted on the whole test set (reported, not used by the metrics).</param>
public sealed record Scores(double Accuracy, double Nll, double Ece, double Brier, double CalibratedNll, double Temperature)
{
    /// <summary>The reported scores by name (<see cref="MetricNames.Reported"/>, in order).</summary>
    public IEnumerable<(string Name, double Value)> Reported() =>
        MetricNames.Reported.Select(name => (name, this[name]));

    /// <summary>A score by its name in <see cref="MetricNames"/>.</summary>
    public double this[string name] => name switch
    {
        MetricNames.Accuracy => Accuracy,
        MetricNames.Nll => Nll,
        MetricNames.Ece => Ece,
        MetricNames.Brier => Brier,
        MetricNames.CalibratedNll => CalibratedNll,
        MetricNames.Temperature => Temperature,
        _ => throw new ArgumentException($"no score named '{name}'"),
    };

    /// <summary>The scores as node metrics: <c>test_acc</c>, <c>test_nll</c>, <c>test_ece</c>, <c>test_brier</c>, <c>test_cnll</c>, <c>test_temperature</c>.</summary>
    public Dictionary<string, double> ToMetrics() => Reported().Append((MetricNames.Temperature, Temperature))
        .ToDictionary(s => MetricNames.OnTest(s.Item1), s => s.Item2);
}
