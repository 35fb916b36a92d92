using EnsDsl.Planning;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Training;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>
/// Loss and error along θ(α) = (1−α)·θa + α·θb, BN statistics recomputed at every point by default, and the barriers:
/// the largest gap of loss (or error) above the straight line between its end values.
/// </summary>
static class InterpolateRunner
{
    public static NodeRecord Run(PlanNode node, RunContext context)
    {
        int points = (int)node.Op["points"]!;
        var data = Dataset.Parse((string)node.Op["data"]!);
        var (_, test) = DataTensors.For(data);
        var a = context.Store.ReadTensors(context.Finished(node.Parents[0]), "weights.tensors");
        var b = context.Store.ReadTensors(context.Finished(node.Parents[1]), "weights.tensors");
        var arch = context.ArchitectureOf(node.Parents[0]);
        var training = context.TrainingOf(node.Parents[0]);
        var bn = (SortedDictionary<string, object?>)node.Op["bn"]!;
        var (alphas, losses, errors) = (new List<double>(), new List<double>(), new List<double>());
        for (int i = 0; i < points; i++)
        {
            double alpha = (double)i / (points - 1);
            using var model = context.ModelWithWeights(arch, WeightOps.Interpolate(a, b, alpha));
            if (bn["recompute"] is true) WeightOps.RecomputeBatchNorm(model, context.BatchNormBatches(training, (int?)bn["batches"]));
            using var logProbabilities = Evaluator.LogProbabilities(model, test, context.Device);
            var (accuracy, nll) = Evaluator.Metrics(logProbabilities, test.Labels);
            alphas.Add(alpha); losses.Add(nll); errors.Add(1 - accuracy);
        }
        double Barrier(List<double> v) => alphas.Select((alpha, i) => v[i] - ((1 - alpha) * v[0] + alpha * v[^1])).Max();
        var result = new JObject
        {
            ["alpha"] = new JArray(alphas), ["test_nll"] = new JArray(losses), ["test_err"] = new JArray(errors),
        };
        return NodeRunner.Record(node, new Dictionary<string, string>(),
            new Dictionary<string, double> { ["loss_barrier"] = Barrier(losses), ["error_barrier"] = Barrier(errors) }, result);
    }
}
