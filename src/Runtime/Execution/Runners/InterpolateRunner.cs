using EnsDsl.Planning;
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
        var test = context.TestSplit(node.Parents[0], Dataset.Parse((string)node.Op["data"]!));
        var a = context.Store.ReadTensors(context.Finished(node.Parents[0]), "weights.tensors");
        var b = context.Store.ReadTensors(context.Finished(node.Parents[1]), "weights.tensors");
        var bn = BnPolicy.FromCanonical(node.Op["bn"]);
        var path = LinearPath.Measure(context, context.ArchitectureOf(node.Parents[0]), a, b, (int)node.Op["points"]!, test,
            context.TrainingOf(node.Parents[0]), bn.Recomputes, bn.Batches);
        var result = new JObject
        {
            ["alpha"] = new JArray(path.Alphas), ["test_nll"] = new JArray(path.Losses), ["test_err"] = new JArray(path.Errors),
        };
        return NodeRunner.Record(node, new Dictionary<string, string>(),
            new Dictionary<string, double> { ["loss_barrier"] = path.LossBarrier, ["error_barrier"] = path.ErrorBarrier }, result);
    }
}
