using EnsDsl.Planning;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Store;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>A uniform soup: the members' weights averaged, then BatchNorm statistics recomputed (by default).</summary>
static class SoupRunner
{
    public static NodeRecord Run(PlanNode node, RunContext context)
    {
        if ((string)node.Op["kind"]! != "uniform")
            throw new NodeFailure("greedy soups are not in this build yet (they come with the evaluation work); use a uniform soup");
        var members = node.Parents.Select(id => context.Store.ReadTensors(context.Finished(id), "weights.tensors")).ToList();
        var averaged = WeightOps.Average(members);
        using var model = context.ModelWithWeights(context.ArchitectureOf(node.Parents[0]), averaged);
        var bn = (SortedDictionary<string, object?>)node.Op["bn"]!;
        if (bn["recompute"] is true)
            WeightOps.RecomputeBatchNorm(model, context.BatchNormBatches(context.TrainingOf(node.Parents[0]), (int?)bn["batches"]));
        var sha = context.Store.WriteTensors(node.Id, "weights.tensors", model.state_dict());
        return NodeRunner.Record(node, new Dictionary<string, string> { ["weights.tensors"] = sha });
    }
}
