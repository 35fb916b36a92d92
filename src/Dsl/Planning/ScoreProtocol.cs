namespace EnsDsl.Planning;

/// <summary>
/// How evaluations and ensembles score predictions. Part of their nodes' ids: a build that scores differently plans
/// other nodes rather than reusing stored records that lack its scores. The runtime's metrics read these values.
/// </summary>
public static class ScoreProtocol
{
    /// <summary>Equal-width confidence bins of the ECE.</summary>
    public const int EceBins = 15;

    /// <summary>Folds per random split of the calibrated NLL: a temperature fitted on the others scores one.</summary>
    public const int CalibrationFolds = 2;

    /// <summary>Random splits of the calibrated NLL (pytorch-ensembles' <c>metrics_kfold</c>: 2 folds × 5).</summary>
    public const int CalibrationRuns = 5;

    /// <summary>The protocol as hashed: <c>acc,nll,ece15,brier,cnll2x5</c>.</summary>
    public static string Canonical => $"acc,nll,ece{EceBins},brier,cnll{CalibrationFolds}x{CalibrationRuns}";
}

/// <summary>How a greedy soup chooses its ingredients: part of a greedy soup node's id.</summary>
public static class GreedySoupHeldOut
{
    /// <summary>
    /// The rule as hashed: ingredients chosen on the dataset's held-out split (<see cref="SplitSetting.HoldOut"/>), a
    /// member kept only when it raises the held-out accuracy (model-soups' greedy soup).
    /// </summary>
    public const string Canonical = "held-out split, strict gain";
}
