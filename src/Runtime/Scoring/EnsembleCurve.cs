using EnsDsl.Runtime.Torch;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Scoring;

/// <summary>One point of an ensemble-size curve: the ensemble of the first <paramref name="K"/> members.</summary>
/// <param name="K">Members averaged.</param>
/// <param name="Scores">Its scores.</param>
public sealed record CurvePoint(int K, Scores Scores);

/// <summary>
/// The ensemble-size curve: for k = 1..K, the members' probabilities averaged over the first k (in member order) and
/// scored. Probabilities are summed incrementally in float64, so the whole curve costs K averagings, not K²/2.
/// </summary>
public static class EnsembleCurve
{
    /// <summary>The log of the mean probability of members' log-probabilities (float32, N × classes).</summary>
    public static Tensor Average(IReadOnlyList<Tensor> memberLogProbabilities)
    {
        using var section = GcSafeSection.Enter();       // implicit Scalars below (see GcSafeSection)
        using var scope = NewDisposeScope();
        var sum = zeros_like(memberLogProbabilities[0], dtype: ScalarType.Float64);
        foreach (var lp in memberLogProbabilities) sum.add_(lp.to(ScalarType.Float64).exp());
        return sum.div_(memberLogProbabilities.Count).log_().to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>The curve over every prefix of <paramref name="memberLogProbabilities"/>.</summary>
    public static IReadOnlyList<CurvePoint> Compute(IReadOnlyList<Tensor> memberLogProbabilities, Tensor labels, bool meanPerClass = false, long seed = 0)
    {
        using var section = GcSafeSection.Enter();       // implicit Scalars below (see GcSafeSection)
        using var scope = NewDisposeScope();
        var sum = zeros_like(memberLogProbabilities[0], dtype: ScalarType.Float64);
        var points = new List<CurvePoint>();
        double? temperature = null;
        for (int k = 1; k <= memberLogProbabilities.Count; k++)
        {
            using var step = NewDisposeScope();
            sum.add_(memberLogProbabilities[k - 1].to(ScalarType.Float64).exp());
            var averaged = (sum / k).log_().to(ScalarType.Float32);
            // The temperature changes little from k to k + 1: start its fit where the last one ended.
            var scores = Metrics.Score(averaged, labels, meanPerClass, seed, temperature);
            temperature = scores.Temperature;
            points.Add(new CurvePoint(k, scores));
        }
        return points;
    }
}
