using EnsDsl.Planning;
using EnsDsl.Runtime.Torch;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Scoring;

/// <summary>
/// Metrics of predicted log-probabilities (N × classes) against integer labels (N). Definitions follow
/// SamsungLabs/pytorch-ensembles' <c>metrics.py</c>, so numbers are comparable with the ensembles literature; the one
/// difference is that the NLL uses the exact log-probability rather than log(1e-12 + p).
/// </summary>
public static class Metrics
{
    /// <summary>Equal-width confidence bins of the ECE (the score protocol's, part of evaluation node ids).</summary>
    public const int EceBins = ScoreProtocol.EceBins;

    /// <summary>Log-probabilities are clamped here so that a probability of exactly 0 gives finite sums (0 · log 0 = 0).</summary>
    public const double LogFloor = -1e4;

    internal const float LogFloorF = (float)LogFloor;

    /// <summary>Every score of <paramref name="logProbabilities"/>; the calibrated NLL's folds are drawn from <paramref name="seed"/>.</summary>
    public static Scores Score(Tensor logProbabilities, Tensor labels, bool meanPerClass = false, long seed = 0)
    {
        var set = Load(logProbabilities, labels);
        return Score(set, meanPerClass, new TemperatureScaling(set.Count, seed));
    }

    internal static Scores Score(PredictionSet set, bool meanPerClass, TemperatureScaling calibration)
    {
        var (temperature, calibrated) = calibration.Calibrate(set);
        return new Scores(set.Accuracy(meanPerClass), set.Nll(), set.Ece(), set.Brier(), calibrated, temperature);
    }

    internal static PredictionSet Load(Tensor logProbabilities, Tensor labels)
    {
        using var section = GcSafeSection.Enter();
        var set = PredictionSet.Like(logProbabilities, labels);
        set.SetLogProbabilities(PredictionSet.Floats(logProbabilities));
        return set;
    }

    /// <summary>
    /// The count of correct images behind a top-1 accuracy over <paramref name="n"/> images: exact, as the accuracy is
    /// count/n correctly rounded. Scores derived from accuracies (errors, gains) are formed from counts with it.
    /// </summary>
    /// <example><code>Metrics.Correct(0.336, 1000)   // 336</code></example>
    public static long Correct(double accuracy, long n) => (long)Math.Round(accuracy * n);

    /// <summary>Top-1 accuracy; with <paramref name="meanPerClass"/>, the mean over the classes present of each class's accuracy.</summary>
    public static double Accuracy(Tensor logProbabilities, Tensor labels, bool meanPerClass = false) => Load(logProbabilities, labels).Accuracy(meanPerClass);

    /// <summary>Mean negative log-probability of the true class.</summary>
    public static double Nll(Tensor logProbabilities, Tensor labels) => Load(logProbabilities, labels).Nll();

    /// <summary>
    /// Expected calibration error: images binned by confidence (max probability) into <paramref name="bins"/> bins
    /// (lower, upper]; Σ over bins of (bin size / N) · |mean confidence − accuracy|.
    /// </summary>
    public static double Ece(Tensor logProbabilities, Tensor labels, int bins = EceBins) => Load(logProbabilities, labels).Ece(bins);

    /// <summary>Brier score: mean over images of Σ_c (p_c − 1[c = y])².</summary>
    public static double Brier(Tensor logProbabilities, Tensor labels) => Load(logProbabilities, labels).Brier();
}
