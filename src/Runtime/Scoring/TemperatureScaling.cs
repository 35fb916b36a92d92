using EnsDsl.Planning;
using EnsDsl.Runtime.Randomness;

namespace EnsDsl.Runtime.Scoring;

/// <summary>
/// Temperature scaling (Guo et al. 2017) and the calibrated NLL of pytorch-ensembles' <c>metrics_kfold</c>: for each of
/// <see cref="Runs"/> random splits into <see cref="Folds"/> folds, a temperature fitted on all folds but one scores
/// that one; the mean over all folds. The NLL of log_softmax(β·log p) is convex in the inverse temperature β, so
/// Newton's method (safeguarded: bounded steps, halved on a rise) converges in a few passes; a step below 3e-4·β
/// ends it, leaving an error of order 1e-7·β. pytorch-ensembles fits T by Nelder–Mead with xtol 1e-3.
/// <para>One instance serves many prediction sets of the same images (the points of an ensemble curve): the folds are
/// drawn once from the seed, and every fit starts where the same fit ended for the previous set.</para>
/// </summary>
internal sealed class TemperatureScaling
{
    /// <summary>Random splits of the calibrated NLL (the score protocol's, part of evaluation node ids).</summary>
    public const int Runs = ScoreProtocol.CalibrationRuns;

    /// <summary>Folds per split: fit on the others, score on one.</summary>
    public const int Folds = ScoreProtocol.CalibrationFolds;

    readonly sbyte[][] foldOfRow;        // [run][row]
    readonly sbyte[][] fitGroupOfRow;    // [run][row]: the fold whose temperature this row helps fit
    readonly double[][] fitted;          // [run][fold]: β fitted on the rows outside the fold
    double full = double.NaN;

    /// <summary>Folds for <paramref name="count"/> images, drawn from <paramref name="seed"/>.</summary>
    public TemperatureScaling(int count, long seed)
    {
        foldOfRow = new sbyte[Runs][];
        fitGroupOfRow = new sbyte[Runs][];
        fitted = new double[Runs][];
        for (int run = 0; run < Runs; run++)
        {
            var folds = Split(count, DetRandom.For(seed, $"calibrated-nll/{run}"));
            foldOfRow[run] = new sbyte[count];
            for (int f = 0; f < Folds; f++)
                foreach (var row in folds[f]) foldOfRow[run][row] = (sbyte)f;
            fitGroupOfRow[run] = [.. foldOfRow[run].Select(f => (sbyte)(Folds - 1 - f))];
            fitted[run] = [.. Enumerable.Repeat(double.NaN, Folds)];
        }
    }

    /// <summary>Indices 0..n−1 shuffled and cut into <see cref="Folds"/> folds, the first ones one larger when n does not divide (as scikit-learn's KFold).</summary>
    internal static int[][] Split(int n, DetRandom random)
    {
        var order = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var folds = new int[Folds][];
        for (int f = 0, start = 0; f < Folds; f++)
        {
            int size = n / Folds + (f < n % Folds ? 1 : 0);
            folds[f] = order[start..(start + size)];
            start += size;
        }
        return folds;
    }

    /// <summary>
    /// Fits and scores within this fraction of β of an expansion's centre are taken on the expansion: the truncated
    /// term, κ6·Δ⁶/720, is then below 1e-12·κ6 — far below float32 rounding of the predictions.
    /// </summary>
    public const double TrustRadius = 0.03;

    /// <summary>True when the last <see cref="Calibrate"/> was answered from the expansion.</summary>
    public bool LastUsedExpansion { get; private set; }

    /// <summary>False to evaluate every fit and score by direct passes (tests compare the two).</summary>
    public bool UseExpansion { get; init; } = true;

    /// <summary>The temperature fitted on all of <paramref name="set"/>, and its calibrated NLL.</summary>
    public (double Temperature, double CalibratedNll) Calibrate(PredictionSet set)
    {
        var fast = UseExpansion && set.Count >= Folds ? Expanded(set, double.IsNaN(full) ? 1 : full) : null;
        LastUsedExpansion = fast is not null;
        if (fast is { } result) return result;
        full = Newton(set, [], [double.IsNaN(full) ? 1 : full])[0];
        if (set.Count < Folds) return (1 / full, set.Objective([], [full])[0].F / set.Count);
        double total = 0;
        for (int run = 0; run < Runs; run++)
        {
            var start = fitted[run].Select(b => double.IsNaN(b) ? full : b).ToArray();
            fitted[run] = Newton(set, fitGroupOfRow[run], start);
            var scored = set.Objective(foldOfRow[run], fitted[run]);
            total += scored.Sum(s => s.F / s.Rows);
        }
        return (1 / full, total / (Runs * Folds));
    }

    /// <summary>
    /// Every fit and score from one pass: each row's objective is expanded to fifth order around one β (the last
    /// full fit), and each fold's objective is the mean of its rows' polynomials. Null when some fit or score falls
    /// outside the trust radius (small test sets, whose folds differ more; a large change between sets): the caller
    /// then takes direct passes.
    /// </summary>
    (double Temperature, double CalibratedNll)? Expanded(PredictionSet set, double center)
    {
        const int Attempts = 4;
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            var rows = set.Expand(center);
            double radius = TrustRadius * center;
            var all = Mean(rows);
            if (Minimise(all, radius, center) is not { } shift)
            {
                // Far from the optimum: one exact Newton step on the whole set, then a new expansion there.
                if (all[2] <= 1e-12) return null;
                center = Math.Clamp(center + Math.Clamp(-all[1] / all[2], -0.75 * center, 3 * center), 1e-3, 1e3);
                continue;
            }
            if (Folded(rows, center, radius) is { } result)
            {
                full = center + shift;
                return (1 / full, result);
            }
            // A fold's fit or score lies outside the radius: centre on the whole set's optimum and expand again.
            if (Math.Abs(shift) < 1e-3 * radius) return null;
            center += shift;
        }
        return null;
    }

    /// <summary>The calibrated NLL from rows expanded around <paramref name="center"/>, or null when a fold leaves the radius.</summary>
    double? Folded(double[] rows, double center, double radius)
    {
        var folds = new double[Runs][];
        double total = 0;
        for (int run = 0; run < Runs; run++)
        {
            folds[run] = new double[Folds];
            var polynomials = Means(rows, foldOfRow[run]);
            for (int q = 0; q < Folds; q++)
            {
                // The rows of fold q fit the temperature that scores the other fold.
                if (Minimise(polynomials[q], radius, center) is not { } fit) return null;
                folds[run][Folds - 1 - q] = center + fit;
            }
            for (int q = 0; q < Folds; q++)
            {
                double delta = folds[run][q] - center;
                if (Math.Abs(delta) > radius) return null;
                total += Evaluate(polynomials[q], delta);
            }
        }
        Array.Copy(folds, fitted, Runs);
        return total / (Runs * Folds);
    }

    /// <summary>The mean expansion of each group's rows (by default, each fold's).</summary>
    static double[][] Means(double[] rows, sbyte[] foldOfRow, int groups = Folds)
    {
        const int T = PredictionSet.ExpansionTerms;
        var sums = new double[groups][];
        var counts = new int[groups];
        for (int q = 0; q < groups; q++) sums[q] = new double[T];
        for (int i = 0; i < foldOfRow.Length; i++)
        {
            var sum = sums[foldOfRow[i]];
            counts[foldOfRow[i]]++;
            for (int j = 0; j < T; j++) sum[j] += rows[i * T + j];
        }
        for (int q = 0; q < groups; q++)
            for (int j = 0; j < T; j++) sums[q][j] /= Math.Max(counts[q], 1);
        return sums;
    }

    /// <summary>The mean expansion over all rows.</summary>
    static double[] Mean(double[] rows) => Means(rows, new sbyte[rows.Length / PredictionSet.ExpansionTerms], groups: 1)[0];

    static double Evaluate(double[] a, double d) => a[0] + d * (a[1] + d * (a[2] / 2 + d * (a[3] / 6 + d * (a[4] / 24 + d * a[5] / 120))));

    /// <summary>The minimiser of the expansion within <paramref name="radius"/> of its centre, or null.</summary>
    static double? Minimise(double[] a, double radius, double center)
    {
        double d = 0;
        for (int iteration = 0; iteration < 50; iteration++)
        {
            double gradient = a[1] + d * (a[2] + d * (a[3] / 2 + d * (a[4] / 6 + d * a[5] / 24)));
            double curvature = a[2] + d * (a[3] + d * (a[4] / 2 + d * a[5] / 6));
            if (curvature <= 1e-12) return null;
            double step = -gradient / curvature;
            d += step;
            if (Math.Abs(d) > radius) return null;
            if (Math.Abs(step) <= 1e-12 * center) return d;
        }
        return null;
    }

    /// <summary>The β minimising each group's mean objective, all groups advanced together (one pass over the rows per step).</summary>
    static double[] Newton(PredictionSet set, sbyte[] groupOfRow, double[] start)
    {
        int groups = start.Length;
        var beta = start.Select(b => Math.Clamp(b, 1e-3, 1e3)).ToArray();
        var done = new bool[groups];
        var (lastBeta, lastF) = (new double[groups], Enumerable.Repeat(double.PositiveInfinity, groups).ToArray());
        for (int pass = 0; pass < 100 && done.Any(d => !d); pass++)
        {
            var sums = set.Objective(groupOfRow, [.. beta.Select((b, g) => done[g] ? double.NaN : b)]);
            for (int g = 0; g < groups; g++)
            {
                if (done[g]) continue;
                var (f, grad, h, rows) = sums[g];
                if (rows == 0) { done[g] = true; continue; }
                (f, grad, h) = (f / rows, grad / rows, h / rows);
                if (f > lastF[g])
                {
                    // The step overshot: go back halfway towards the last point (the objective is convex).
                    beta[g] = (beta[g] + lastBeta[g]) / 2;
                    if (Math.Abs(beta[g] - lastBeta[g]) <= 1e-9 * lastBeta[g]) (beta[g], done[g]) = (lastBeta[g], true);
                    continue;
                }
                (lastBeta[g], lastF[g]) = (beta[g], f);
                double step = h > 1e-12 ? -grad / h : -Math.Sign(grad) * beta[g] / 2;
                step = Math.Clamp(step, -0.75 * beta[g], 3 * beta[g]);
                if (Math.Abs(step) <= 3e-4 * beta[g]) done[g] = true;       // converged: what is left is of order step²
                beta[g] = Math.Clamp(beta[g] + step, 1e-3, 1e3);
            }
        }
        return beta;
    }
}
