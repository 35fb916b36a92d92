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
    /// <summary>Equal-width confidence bins of the ECE.</summary>
    public const int EceBins = 15;

    /// <summary>Log-probabilities are clamped here so that a probability of exactly 0 gives finite sums (0 · log 0 = 0).</summary>
    public const double LogFloor = -1e4;

    /// <summary>Every score of <paramref name="logProbabilities"/>, the calibrated NLL's splits drawn from <paramref name="seed"/>.</summary>
    public static Scores Score(Tensor logProbabilities, Tensor labels, bool meanPerClass = false, long seed = 0, double? temperatureHint = null)
    {
        using var section = GcSafeSection.Enter();       // implicit Scalars below (see GcSafeSection)
        using var scope = NewDisposeScope();
        var lp = Prepare(logProbabilities);
        var y = labels.to(ScalarType.Int64);
        var beta = TemperatureScaling.FitInverse(lp, y, temperatureHint is { } t ? 1 / t : 1);
        return new Scores(Accuracy(lp, y, meanPerClass), Nll(lp, y), Ece(lp, y), Brier(lp, y),
            TemperatureScaling.CalibratedNll(lp, y, seed, beta), 1 / beta);
    }

    /// <summary>Float32, CPU, and clamped at <see cref="LogFloor"/>.</summary>
    internal static Tensor Prepare(Tensor logProbabilities) => logProbabilities.to(ScalarType.Float32).cpu().clamp_min(LogFloor);

    /// <summary>Top-1 accuracy; with <paramref name="meanPerClass"/>, the mean over the classes present of each class's accuracy.</summary>
    public static double Accuracy(Tensor logProbabilities, Tensor labels, bool meanPerClass = false)
    {
        using var section = GcSafeSection.Enter();       // implicit Scalars below (see GcSafeSection)
        using var scope = NewDisposeScope();
        var correct = logProbabilities.argmax(1).eq(labels).to(ScalarType.Float64);
        if (!meanPerClass) return correct.mean().item<double>();
        int classes = (int)logProbabilities.shape[1];
        var perClassCorrect = labels.bincount(correct, classes);
        var perClassCount = labels.bincount(null, classes);
        var present = perClassCount.gt(0);
        return (perClassCorrect.masked_select(present) / perClassCount.masked_select(present)).mean().item<double>();
    }

    /// <summary>Mean negative log-probability of the true class.</summary>
    public static double Nll(Tensor logProbabilities, Tensor labels)
    {
        using var section = GcSafeSection.Enter();       // implicit Scalars below (see GcSafeSection)
        using var scope = NewDisposeScope();
        return -logProbabilities.gather(1, labels.view(-1, 1)).to(ScalarType.Float64).mean().item<double>();
    }

    /// <summary>
    /// Expected calibration error: images binned by confidence (max probability) into <paramref name="bins"/> bins
    /// (lower, upper]; Σ over bins of (bin size / N) · |mean confidence − accuracy|.
    /// </summary>
    public static double Ece(Tensor logProbabilities, Tensor labels, int bins = EceBins)
    {
        using var section = GcSafeSection.Enter();       // implicit Scalars below (see GcSafeSection)
        using var scope = NewDisposeScope();
        var (maxLp, predicted) = logProbabilities.max(1);
        var confidence = maxLp.to(ScalarType.Float64).exp();
        var correct = predicted.eq(labels).to(ScalarType.Float64);
        // Bin b holds (b/bins, (b+1)/bins]: ceil(conf·bins) − 1, as pytorch-ensembles' strict lower / inclusive upper bounds.
        var bin = (confidence * bins).ceil().sub(1).clamp(0, bins - 1).to(ScalarType.Int64);
        var confidenceSum = bin.bincount(confidence, bins);
        var correctSum = bin.bincount(correct, bins);
        return ((confidenceSum - correctSum).abs().sum() / confidence.shape[0]).item<double>();
    }

    /// <summary>Brier score: mean over images of Σ_c (p_c − 1[c = y])².</summary>
    public static double Brier(Tensor logProbabilities, Tensor labels)
    {
        using var section = GcSafeSection.Enter();       // implicit Scalars below (see GcSafeSection)
        using var scope = NewDisposeScope();
        var p = logProbabilities.to(ScalarType.Float64).exp();
        var trueP = p.gather(1, labels.view(-1, 1)).squeeze(1);
        return (p.pow(2).sum(1) - 2 * trueP + 1).mean().item<double>();
    }
}
