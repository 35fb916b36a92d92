using EnsDsl.Runtime.Data;
using EnsDsl.Runtime.Torch;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Scoring;

/// <summary>
/// Temperature scaling (Guo et al. 2017) of log-probabilities: p ∝ exp(log p / T), T fitted by minimising the NLL.
/// The NLL is convex in the inverse temperature β = 1/T, so Newton's method with backtracking finds the minimum
/// to a relative 1e-6 in a few passes (pytorch-ensembles uses Nelder–Mead with xtol 1e-3 on T).
/// </summary>
public static class TemperatureScaling
{
    /// <summary>Random splits of the calibrated NLL.</summary>
    public const int Runs = 5;

    /// <summary>Folds per split: fit on one, score on the other.</summary>
    public const int Folds = 2;

    /// <summary>The inverse temperature β minimising the NLL of log_softmax(β · log p), from <paramref name="start"/>.</summary>
    public static double FitInverse(Tensor logProbabilities, Tensor labels, double start = 1)
    {
        using var section = GcSafeSection.Enter();       // implicit Scalars below (see GcSafeSection)
        using var scope = NewDisposeScope();
        var (shifted, trueShifted) = Shift(Metrics.Prepare(logProbabilities), labels);
        return Fit(shifted, trueShifted, start);
    }

    /// <summary>
    /// The calibrated NLL: <see cref="Runs"/> random splits into <see cref="Folds"/> folds drawn from <paramref name="seed"/>;
    /// for each fold, β fitted on the others and the NLL at that β measured on it; the mean over all folds.
    /// </summary>
    public static double CalibratedNll(Tensor logProbabilities, Tensor labels, long seed = 0, double startBeta = 1)
    {
        using var section = GcSafeSection.Enter();       // implicit Scalars below (see GcSafeSection)
        using var scope = NewDisposeScope();
        var (shifted, trueShifted) = Shift(Metrics.Prepare(logProbabilities), labels);
        int n = (int)shifted.shape[0];
        if (n < Folds) return Objective(shifted, trueShifted, Fit(shifted, trueShifted, startBeta)).F;
        double total = 0;
        for (int run = 0; run < Runs; run++)
        {
            var folds = Split(n, DetRandom.For(seed, $"calibrated-nll/{run}"));
            for (int f = 0; f < Folds; f++)
            {
                using var fitIndex = tensor(folds.Where((_, i) => i != f).SelectMany(x => x).ToArray());
                using var scoreIndex = tensor(folds[f]);
                double beta = Fit(shifted.index_select(0, fitIndex), trueShifted.index_select(0, fitIndex), startBeta);
                total += Objective(shifted.index_select(0, scoreIndex), trueShifted.index_select(0, scoreIndex), beta).F;
            }
        }
        return total / (Runs * Folds);
    }

    /// <summary>Indices 0..n−1 shuffled and cut into <see cref="Folds"/> folds, the first ones one larger when n does not divide (as scikit-learn's KFold).</summary>
    internal static long[][] Split(int n, DetRandom random)
    {
        var order = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var folds = new long[Folds][];
        for (int f = 0, start = 0; f < Folds; f++)
        {
            int size = n / Folds + (f < n % Folds ? 1 : 0);
            folds[f] = order[start..(start + size)];
            start += size;
        }
        return folds;
    }

    /// <summary>log p − max log p per row (so exp never overflows), and its value at the true class.</summary>
    static (Tensor Shifted, Tensor TrueShifted) Shift(Tensor lp, Tensor labels)
    {
        var shifted = lp - lp.max(1, keepdim: true).values;
        return (shifted, shifted.gather(1, labels.to(ScalarType.Int64).view(-1, 1)).squeeze(1));
    }

    static double Fit(Tensor shifted, Tensor trueShifted, double start)
    {
        double beta = Math.Clamp(start, 1e-3, 1e3);
        var (f, g, h) = Objective(shifted, trueShifted, beta);
        for (int iteration = 0; iteration < 50; iteration++)
        {
            // Newton's step, kept inside [β/4, 4β] so β stays positive; halved until the NLL does not rise.
            double step = h > 1e-12 ? -g / h : -Math.Sign(g) * beta / 2;
            step = Math.Clamp(step, -0.75 * beta, 3 * beta);
            double next = beta, t = 1;
            (double F, double G, double H) at = (f, g, h);
            for (; t > 1e-6; t /= 2)
            {
                next = beta + t * step;
                at = Objective(shifted, trueShifted, next);
                if (at.F <= f) break;
            }
            if (at.F > f) break;                                   // no descent left at float precision
            bool converged = Math.Abs(next - beta) <= 1e-6 * beta;
            (beta, f, g, h) = (next, at.F, at.G, at.H);
            if (converged || Math.Abs(g) < 1e-9) break;
        }
        return beta;
    }

    /// <summary>The mean NLL of log_softmax(β·z) and its first and second derivatives in β.</summary>
    internal static (double F, double G, double H) Objective(Tensor shifted, Tensor trueShifted, double beta)
    {
        using var scope = NewDisposeScope();
        var e = (shifted * beta).exp_();
        var s0 = e.sum(1);
        var ez = e.mul_(shifted);
        var mean1 = ez.sum(1).div_(s0);
        var mean2 = ez.mul_(shifted).sum(1).div_(s0);
        var f = (s0.log() - trueShifted * beta).to(ScalarType.Float64).mean().item<double>();
        var g = (mean1 - trueShifted).to(ScalarType.Float64).mean().item<double>();
        var h = (mean2 - mean1 * mean1).to(ScalarType.Float64).mean().item<double>();
        return (f, g, h);
    }
}
