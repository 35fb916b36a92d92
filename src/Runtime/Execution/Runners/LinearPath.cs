using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Training;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>Test loss and error along θ(α) = (1−α)·θa + α·θb, and the barriers of such a path.</summary>
/// <param name="Alphas">The α of each point, 0 and 1 included.</param>
/// <param name="Losses">Test NLL at each point.</param>
/// <param name="Errors">Test error (1 − accuracy) at each point.</param>
sealed record LinearPath(IReadOnlyList<double> Alphas, IReadOnlyList<double> Losses, IReadOnlyList<double> Errors)
{
    /// <summary>The largest gap of the loss above the straight line between its end values.</summary>
    public double LossBarrier => Barrier(Losses);

    /// <summary>The largest gap of the error above the straight line between its end values.</summary>
    public double ErrorBarrier => Barrier(Errors);

    double Barrier(IReadOnlyList<double> v) => Alphas.Select((alpha, i) => v[i] - ((1 - alpha) * v[0] + alpha * v[^1])).Max();

    /// <summary>
    /// Measures the path between weights <paramref name="a"/> and <paramref name="b"/> of <paramref name="arch"/> at
    /// <paramref name="points"/> evenly spaced α; with <paramref name="recomputeBn"/>, BN statistics are re-estimated at
    /// every point on <paramref name="training"/>'s data (at most <paramref name="bnBatches"/> batches).
    /// </summary>
    public static LinearPath Measure(RunContext context, Architecture arch, IReadOnlyDictionary<string, Tensor> a, IReadOnlyDictionary<string, Tensor> b,
        int points, DataSplit test, TrainStep training, bool recomputeBn, int? bnBatches)
    {
        var (alphas, losses, errors) = (new List<double>(), new List<double>(), new List<double>());
        for (int i = 0; i < points; i++)
        {
            double alpha = (double)i / (points - 1);
            var (nll, error) = Score(context, arch, WeightOps.Interpolate(a, b, alpha), test, training, recomputeBn, bnBatches);
            alphas.Add(alpha); losses.Add(nll); errors.Add(error);
        }
        return new LinearPath(alphas, losses, errors);
    }

    /// <summary>
    /// Test NLL and error of a network of <paramref name="arch"/> with <paramref name="weights"/> (which it takes over
    /// and disposes), its BN statistics first re-estimated on <paramref name="training"/>'s data when
    /// <paramref name="recomputeBn"/> (at most <paramref name="bnBatches"/> batches).
    /// </summary>
    public static (double Nll, double Error) Score(RunContext context, Architecture arch, Dictionary<string, Tensor> weights, DataSplit test,
        TrainStep training, bool recomputeBn, int? bnBatches)
    {
        nn.Module<Tensor, Tensor> model;
        try { model = context.ModelWithWeights(arch, weights); }
        finally { foreach (var t in weights.Values) t.Dispose(); }      // loading copied them
        using var _ = model;
        if (recomputeBn) WeightOps.RecomputeBatchNorm(model, context.BatchNormBatches(training, bnBatches));
        using var logProbabilities = Evaluator.LogProbabilities(model, test, context.Device);
        var (accuracy, nll) = Evaluator.Metrics(logProbabilities, test.Labels);
        // The error as the fraction of images it is (n − correct)/n, not 1 − accuracy's rounding (0.42100000000000004).
        long n = test.Labels.shape[0];
        return (nll, (double)(n - Scoring.Metrics.Correct(accuracy, n)) / n);
    }
}
