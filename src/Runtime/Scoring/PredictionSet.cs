using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Scoring;

/// <summary>
/// Predicted probabilities of N images over C classes, held as float arrays and scored row by row with vectorised
/// span arithmetic on all cores. One pass per score would be 5–20 tensor operations over N×C values; here each row is
/// read while it is in cache, which is what makes a 50-member ensemble curve with calibrated NLL take a fraction of a
/// second. Log-probabilities are clamped at <see cref="Metrics.LogFloor"/>, so a probability of 0 gives finite sums.
/// </summary>
internal sealed class PredictionSet
{
    /// <summary>Images.</summary>
    public int Count { get; }

    /// <summary>Classes.</summary>
    public int Classes { get; }

    /// <summary>The true class of each image.</summary>
    public int[] Labels { get; }

    readonly float[] probabilities;
    readonly float[] shifted;            // log p − max log p, per row: the temperature objective's input
    readonly int[] predicted;
    readonly double[] confidence, trueLogProbability, trueShifted, brier;

    public PredictionSet(int count, int classes, int[] labels)
    {
        (Count, Classes, Labels) = (count, classes, labels);
        probabilities = new float[count * classes];
        shifted = new float[count * classes];
        predicted = new int[count];
        (confidence, trueLogProbability, trueShifted, brier) = (new double[count], new double[count], new double[count], new double[count]);
    }

    /// <summary>An empty set shaped like <paramref name="logProbabilities"/> (N × C) with <paramref name="labels"/>.</summary>
    public static PredictionSet Like(Tensor logProbabilities, Tensor labels)
    {
        if (logProbabilities.dim() != 2 || labels.dim() != 1 || labels.shape[0] != logProbabilities.shape[0])
            throw new ArgumentException($"predictions [{string.Join(", ", logProbabilities.shape)}] and labels [{string.Join(", ", labels.shape)}] do not match");
        var y = labels.to(ScalarType.Int32).cpu().contiguous();
        var values = MemoryMarshal.Cast<byte, int>(y.bytes).ToArray();
        int classes = (int)logProbabilities.shape[1];
        if (values.Any(v => v < 0 || v >= classes)) throw new ArgumentException($"labels outside 0..{classes - 1}");
        return new PredictionSet((int)logProbabilities.shape[0], classes, values);
    }

    /// <summary>The values of <paramref name="t"/> as float32, in row-major order (a managed copy).</summary>
    public static float[] Floats(Tensor t)
    {
        using var contiguous = t.to(ScalarType.Float32).cpu().contiguous();
        return MemoryMarshal.Cast<byte, float>(contiguous.bytes).ToArray();
    }

    /// <summary>Loads log-probabilities (N × C, row-major); <paramref name="logProbabilities"/> is clamped in place.</summary>
    public void SetLogProbabilities(float[] logProbabilities) => Rows((_, start, end) =>
    {
        for (int i = start; i < end; i++)
        {
            var lp = logProbabilities.AsSpan(i * Classes, Classes);
            TensorPrimitives.Max(lp, Metrics.LogFloorF, lp);
            TensorPrimitives.Exp(lp, probabilities.AsSpan(i * Classes, Classes));
            Finish(i, lp);
        }
    });

    /// <summary>Adds the probabilities of a member's log-probabilities (N × C) to <paramref name="sum"/>, in parallel.</summary>
    public void AddProbabilities(float[] logProbabilities, float[] sum) => Rows((_, start, end) =>
    {
        var lp = logProbabilities.AsSpan(start * Classes, (end - start) * Classes);
        TensorPrimitives.Max(lp, Metrics.LogFloorF, lp);
        TensorPrimitives.Exp(lp, lp);
        TensorPrimitives.Add(sum.AsSpan(start * Classes, (end - start) * Classes), lp, sum.AsSpan(start * Classes, (end - start) * Classes));
    });

    /// <summary>Loads the mean of <paramref name="k"/> members' probabilities from their sum.</summary>
    public void SetProbabilitySum(float[] sum, int k)
    {
        float scale = 1f / k;
        Rows((_, start, end) =>
        {
            Span<float> lp = stackalloc float[Classes];
            for (int i = start; i < end; i++)
            {
                var p = probabilities.AsSpan(i * Classes, Classes);
                TensorPrimitives.Multiply(sum.AsSpan(i * Classes, Classes), scale, p);
                TensorPrimitives.Log(p, lp);
                TensorPrimitives.Max(lp, Metrics.LogFloorF, lp);
                Finish(i, lp);
            }
        });
    }

    // Per-row facts every score needs, and the shifted log-probabilities of the temperature objective.
    void Finish(int i, ReadOnlySpan<float> lp)
    {
        var p = probabilities.AsSpan(i * Classes, Classes);
        int y = Labels[i];
        int argmax = TensorPrimitives.IndexOfMax(lp);
        predicted[i] = argmax;
        confidence[i] = p[argmax];
        trueLogProbability[i] = lp[y];
        brier[i] = TensorPrimitives.SumOfSquares(p) - 2.0 * p[y] + 1;
        var z = shifted.AsSpan(i * Classes, Classes);
        TensorPrimitives.Subtract(lp, lp[argmax], z);
        trueShifted[i] = z[y];
    }

    /// <summary>Top-1 accuracy, or the mean over the classes present of each class's accuracy.</summary>
    public double Accuracy(bool meanPerClass)
    {
        if (!meanPerClass) return Enumerable.Range(0, Count).Count(i => predicted[i] == Labels[i]) / (double)Count;
        var (right, total) = (new double[Classes], new double[Classes]);
        for (int i = 0; i < Count; i++) { total[Labels[i]]++; if (predicted[i] == Labels[i]) right[Labels[i]]++; }
        return Enumerable.Range(0, Classes).Where(c => total[c] > 0).Average(c => right[c] / total[c]);
    }

    /// <summary>Mean negative log-probability of the true class.</summary>
    public double Nll() => -trueLogProbability.Average();

    /// <summary>Mean Brier score.</summary>
    public double Brier() => brier.Average();

    /// <summary>Expected calibration error over <paramref name="bins"/> equal-width bins (lower, upper].</summary>
    public double Ece(int bins = Metrics.EceBins)
    {
        var (confidenceSum, correctSum) = (new double[bins], new double[bins]);
        for (int i = 0; i < Count; i++)
        {
            int bin = Math.Clamp((int)Math.Ceiling(confidence[i] * bins) - 1, 0, bins - 1);
            confidenceSum[bin] += confidence[i];
            if (predicted[i] == Labels[i]) correctSum[bin]++;
        }
        return Enumerable.Range(0, bins).Sum(b => Math.Abs(confidenceSum[b] - correctSum[b])) / Count;
    }

    /// <summary>
    /// Sums per group of the temperature objective — the NLL of log_softmax(β·log p) — and its first two derivatives
    /// in β, each row evaluated at its group's β. Rows of group −1, or of a group whose β is NaN, are skipped.
    /// </summary>
    public (double F, double G, double H, int Rows)[] Objective(ReadOnlySpan<sbyte> groupOfRow, double[] betaOfGroup)
    {
        int groups = betaOfGroup.Length;
        var rowGroups = groupOfRow.ToArray();
        var partials = new double[Chunks][];
        Rows((chunk, start, end) =>
        {
            var sums = partials[chunk] = new double[groups * 4];
            Span<float> e = stackalloc float[Classes];
            for (int i = start; i < end; i++)
            {
                int g = rowGroups.Length == 0 ? 0 : rowGroups[i];
                if (g < 0 || double.IsNaN(betaOfGroup[g])) continue;
                double beta = betaOfGroup[g];
                var z = shifted.AsSpan(i * Classes, Classes);
                TensorPrimitives.Multiply(z, (float)beta, e);
                TensorPrimitives.Exp(e, e);
                double s0 = TensorPrimitives.Sum<float>(e);
                double s1 = TensorPrimitives.Dot<float>(e, z);
                TensorPrimitives.Multiply(e, z, e);
                double s2 = TensorPrimitives.Dot<float>(e, z);
                double m1 = s1 / s0, zy = trueShifted[i];
                sums[g * 4] += Math.Log(s0) - beta * zy;
                sums[g * 4 + 1] += m1 - zy;
                sums[g * 4 + 2] += Math.Max(s2 / s0 - m1 * m1, 0);
                sums[g * 4 + 3] += 1;
            }
        });
        var result = new (double, double, double, int)[groups];
        for (int g = 0; g < groups; g++)
            result[g] = (partials.Sum(p => p[g * 4]), partials.Sum(p => p[g * 4 + 1]), partials.Sum(p => p[g * 4 + 2]), (int)partials.Sum(p => p[g * 4 + 3]));
        return result;
    }

    /// <summary>Coefficients per row of the expansion of the temperature objective around β0 (see <see cref="Expand"/>).</summary>
    public const int ExpansionTerms = 6;

    /// <summary>
    /// For every row, the Taylor coefficients of its temperature objective f(β) = log Σ_c exp(β·z_c) − β·z_y around
    /// <paramref name="beta"/>: f, f′, and the cumulants κ2..κ5 of z under softmax(β·z), which are f″..f⁽⁵⁾. One pass
    /// gives every fold's objective near β0 as a polynomial: f(β0 + Δ) = Σ_j a_j Δʲ / j! + O(κ6 Δ⁶).
    /// Row i's coefficients are at [i·6, i·6 + 6).
    /// </summary>
    public double[] Expand(double beta)
    {
        var coefficients = new double[Count * ExpansionTerms];
        Rows((_, start, end) =>
        {
            Span<float> e = stackalloc float[Classes];
            Span<float> d = stackalloc float[Classes];
            Span<float> t = stackalloc float[Classes];
            for (int i = start; i < end; i++)
            {
                var z = shifted.AsSpan(i * Classes, Classes);
                TensorPrimitives.Multiply(z, (float)beta, e);
                TensorPrimitives.Exp(e, e);
                double s0 = TensorPrimitives.Sum<float>(e);
                double m1 = TensorPrimitives.Dot<float>(e, z) / s0;
                // Central moments, so that float sums do not cancel.
                TensorPrimitives.Subtract(z, (float)m1, d);
                TensorPrimitives.Multiply(e, d, t);
                TensorPrimitives.Multiply(t, d, t);
                double c2 = TensorPrimitives.Sum<float>(t) / s0;
                TensorPrimitives.Multiply(t, d, t);
                double c3 = TensorPrimitives.Sum<float>(t) / s0;
                TensorPrimitives.Multiply(t, d, t);
                double c4 = TensorPrimitives.Sum<float>(t) / s0;
                TensorPrimitives.Multiply(t, d, t);
                double c5 = TensorPrimitives.Sum<float>(t) / s0;
                var a = coefficients.AsSpan(i * ExpansionTerms, ExpansionTerms);
                double zy = trueShifted[i];
                a[0] = Math.Log(s0) - beta * zy;
                a[1] = m1 - zy;
                a[2] = Math.Max(c2, 0);
                a[3] = c3;
                a[4] = c4 - 3 * c2 * c2;
                a[5] = c5 - 10 * c3 * c2;
            }
        });
        return coefficients;
    }

    // Fixed-size row ranges, whatever the core count: per-range sums merge in range order, so results are the same
    // on every machine and every run.
    const int ChunkRows = 512;

    int Chunks => Math.Max(1, (Count + ChunkRows - 1) / ChunkRows);

    /// <summary>Runs <paramref name="body"/>(chunk, start, end) over the row ranges, in parallel.</summary>
    void Rows(Action<int, int, int> body)
    {
        int chunks = Chunks;
        if (chunks == 1) { body(0, 0, Count); return; }
        Parallel.For(0, chunks, c => body(c, c * ChunkRows, Math.Min(Count, (c + 1) * ChunkRows)));
    }
}
