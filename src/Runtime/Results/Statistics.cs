using System.Collections.Immutable;

namespace EnsDsl.Runtime.Results;

/// <summary>A metric over repetitions: its values, their mean and their standard deviation (with n − 1; null for one value).</summary>
/// <param name="Values">The values, one per repetition, in repetition order.</param>
/// <param name="Mean">Their mean.</param>
/// <param name="Std">Their sample standard deviation (divisor n − 1), or null when there is one value.</param>
public sealed record Summary(ImmutableArray<double> Values, double Mean, double? Std)
{
    /// <summary>The number of repetitions.</summary>
    public int N => Values.Length;
}

/// <summary>A mean difference with its confidence interval.</summary>
/// <param name="Mean">The mean of the paired differences.</param>
/// <param name="Low">The interval's lower end.</param>
/// <param name="High">Its upper end.</param>
/// <param name="N">The number of pairs.</param>
/// <param name="Confidence">The interval's confidence level (0.95).</param>
public sealed record Difference(double Mean, double Low, double High, int N, double Confidence)
{
    /// <summary>True when the interval excludes zero: the data decide the sign of the difference at this level.</summary>
    public bool Decided => Low > 0 || High < 0;
}

/// <summary>
/// The statistics of repeated runs: mean and sample standard deviation, and the paired t-interval of a mean
/// difference (Student's t quantile computed from the regularised incomplete beta function, checked against SciPy).
/// </summary>
public static class Statistics
{
    /// <summary>The summary of <paramref name="values"/> (at least one).</summary>
    /// <example><code>Statistics.Summarize([0.61, 0.64, 0.63]) // mean 0.6267, std 0.0153</code></example>
    public static Summary Summarize(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values to summarise", nameof(values));
        var mean = values.Average();
        double? std = values.Count < 2 ? null : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return new Summary([.. values], mean, std);
    }

    /// <summary>
    /// The mean of <c>a[i] − b[i]</c> with its two-sided t-interval at <paramref name="confidence"/>, for values paired
    /// by repetition; null with fewer than two pairs.
    /// </summary>
    /// <example><code>Statistics.PairedDifference(starSse, sse) // e.g. mean 0.012, 95 % [0.004, 0.020]</code></example>
    public static Difference? PairedDifference(IReadOnlyList<double> a, IReadOnlyList<double> b, double confidence = 0.95)
    {
        if (a.Count != b.Count) throw new ArgumentException($"paired values need equal counts, got {a.Count} and {b.Count}");
        if (a.Count < 2) return null;
        var summary = Summarize([.. a.Zip(b, (x, y) => x - y)]);
        var half = StudentTQuantile(0.5 + confidence / 2, a.Count - 1) * summary.Std!.Value / Math.Sqrt(a.Count);
        return new Difference(summary.Mean, summary.Mean - half, summary.Mean + half, a.Count, confidence);
    }

    /// <summary>The quantile of Student's t distribution with <paramref name="df"/> degrees of freedom at probability <paramref name="p"/>.</summary>
    public static double StudentTQuantile(double p, int df)
    {
        if (p is <= 0 or >= 1 || df < 1) throw new ArgumentOutOfRangeException(nameof(p), $"p must be in (0, 1) and df ≥ 1; got p {p}, df {df}");
        if (p < 0.5) return -StudentTQuantile(1 - p, df);
        double low = 0, high = 1;
        while (StudentTCdf(high, df) < p) high *= 2;
        for (int i = 0; i < 200 && high - low > 1e-13 * Math.Max(1, high); i++)
        {
            var mid = (low + high) / 2;
            if (StudentTCdf(mid, df) < p) low = mid; else high = mid;
        }
        return (low + high) / 2;
    }

    /// <summary>The distribution function of Student's t with <paramref name="df"/> degrees of freedom.</summary>
    public static double StudentTCdf(double t, int df)
    {
        var tail = 0.5 * RegularizedIncompleteBeta(df / 2.0, 0.5, df / (df + t * t));
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>I_x(a, b), by its continued fraction (evaluated with the modified Lentz method) on the side where it converges fast.</summary>
    static double RegularizedIncompleteBeta(double a, double b, double x)
    {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        if (x > (a + 1) / (a + b + 2)) return 1 - RegularizedIncompleteBeta(b, a, 1 - x);
        var front = Math.Exp(a * Math.Log(x) + b * Math.Log(1 - x) - LogBeta(a, b)) / a;
        const double tiny = 1e-300;
        double c = 1, d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.Abs(d) < tiny ? tiny : d);
        var result = d;
        for (int m = 1; m <= 500; m++)
        {
            // The even and odd terms of the fraction: d(2m) and d(2m+1).
            foreach (var term in new[] { m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)), -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)) })
            {
                d = 1 + term * d;
                d = 1 / (Math.Abs(d) < tiny ? tiny : d);
                c = 1 + term / c;
                if (Math.Abs(c) < tiny) c = tiny;
                result *= c * d;
            }
            if (Math.Abs(c * d - 1) < 1e-15) break;
        }
        return front * result;
    }

    static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    // Lanczos' approximation (g = 7, nine terms): about 15 significant digits for x > 0.
    static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    static double LogGamma(double x)
    {
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        var sum = Lanczos[0];
        for (int i = 1; i < Lanczos.Length; i++) sum += Lanczos[i] / (x + i);
        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
