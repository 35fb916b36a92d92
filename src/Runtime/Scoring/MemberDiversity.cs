using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Torch;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Scoring;

/// <summary>Measures how differently an ensemble's members predict.</summary>
public static class MemberDiversity
{
    /// <summary>The diversity of members' log-probabilities (each N × classes), given the full ensemble's accuracy.</summary>
    public static Diversity Of(IReadOnlyList<Tensor> memberLogProbabilities, Tensor labels, double ensembleAccuracy, bool meanPerClass = false)
    {
        using var section = GcSafeSection.Enter();       // implicit Scalars below (see GcSafeSection)
        using var scope = NewDisposeScope();
        int k = memberLogProbabilities.Count;
        long n = labels.shape[0];
        var lps = memberLogProbabilities.Select(lp => lp.to(ScalarType.Float32).cpu().clamp_min(Metrics.LogFloor)).ToList();
        var accuracies = lps.Select(lp => Metrics.Accuracy(lp, labels, meanPerClass)).ToList();
        // Top-1 scores are counts over n images: the gain is formed from the counts, with one rounding, so that it is
        // written as the fraction it is (0.006, not 0.005999999999999998). A per-class mean is a mean of fractions.
        double gain = meanPerClass ? ensembleAccuracy - accuracies.Average()
            : (double)(k * Metrics.Correct(ensembleAccuracy, n) - accuracies.Sum(a => Metrics.Correct(a, n))) / (k * n);
        if (k < 2) return new Diversity(0, 0, gain);

        var predictions = lps.Select(lp => lp.argmax(1)).ToList();
        long differing = 0;
        for (int i = 0; i < k; i++)
            for (int j = i + 1; j < k; j++)
                differing += predictions[i].ne(predictions[j]).sum().item<long>();
        double disagreement = differing / (k * (k - 1) / 2.0 * n);

        // Σ_{i≠j} Σ p_i (log p_i − log p_j) = Σ_i Σ p_i (k · log p_i − L), with L = Σ_j log p_j: linear in k, not quadratic.
        var sumLp = zeros_like(lps[0], dtype: ScalarType.Float64);
        foreach (var lp in lps) sumLp.add_(lp);
        double total = 0;
        foreach (var lp in lps)
        {
            var lp64 = lp.to(ScalarType.Float64);
            total += (lp64.exp() * (lp64 * k - sumLp)).sum().item<double>();
        }
        double kl = total / ((double)k * (k - 1) * lps[0].shape[0]);
        return new Diversity(disagreement, kl, gain);
    }
}
