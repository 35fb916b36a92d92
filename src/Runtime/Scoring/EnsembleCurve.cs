using System.Runtime.InteropServices;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Torch;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Scoring;

/// <summary>One point of an ensemble-size curve: the ensemble of the first <paramref name="K"/> members.</summary>
/// <param name="K">Members averaged.</param>
/// <param name="Scores">Its scores.</param>
public sealed record CurvePoint(int K, Scores Scores)
{
    /// <summary>The point as results report it (the reported scores, without the temperature).</summary>
    public CurveScores ToReported() => new CurveScores(K).Filled<CurveScores>(name => Scores[name]);
}

/// <summary>
/// The ensemble-size curve: for k = 1..K, the members' probabilities averaged over the first k (in member order) and
/// scored. Probabilities are summed incrementally, so the curve costs K averagings, not K²/2; the calibrated NLL's
/// folds are drawn once and each temperature fit starts from the previous k's.
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

    /// <summary>The curve over every prefix of <paramref name="memberLogProbabilities"/> (each N × classes).</summary>
    public static IReadOnlyList<CurvePoint> Compute(IReadOnlyList<Tensor> memberLogProbabilities, Tensor labels, bool meanPerClass = false, long seed = 0)
    {
        using var section = GcSafeSection.Enter();
        var set = PredictionSet.Like(memberLogProbabilities[0], labels);
        var calibration = new TemperatureScaling(set.Count, seed);
        var sum = new float[set.Count * set.Classes];
        var member = new float[sum.Length];
        var points = new List<CurvePoint>();
        for (int k = 1; k <= memberLogProbabilities.Count; k++)
        {
            var lp = memberLogProbabilities[k - 1];
            if (!lp.shape.SequenceEqual([set.Count, set.Classes]))
                throw new ArgumentException($"member {k} predicts [{string.Join(", ", lp.shape)}], member 1 [{set.Count}, {set.Classes}]");
            using (var values = lp.to(ScalarType.Float32).cpu().contiguous())
                MemoryMarshal.Cast<byte, float>(values.bytes).CopyTo(member);
            set.AddProbabilities(member, sum);
            set.SetProbabilitySum(sum, k);
            points.Add(new CurvePoint(k, Metrics.Score(set, meanPerClass, calibration)));
        }
        return points;
    }
}
