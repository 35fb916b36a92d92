using EnsDsl.Planning;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Store;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>
/// Loss and error along θ(α) = (1−α)·θa + α·θb, BN statistics recomputed at every point by default, and the barriers:
/// the largest gap of loss (or error) above the straight line between its end values.
/// </summary>
static class InterpolateRunner
{
    public static NodeRecord Run(InterpolateNode node, RunContext context)
    {
        var test = context.TestSplit(node.Parents[0], node.Data);
        var a = context.Store.ReadTensors(context.Finished(node.Parents[0]), NodeFile.Weights);
        var b = context.Store.ReadTensors(context.Finished(node.Parents[1]), NodeFile.Weights);
        var path = LinearPath.Measure(context, context.ArchitectureOf(node.Parents[0]), a, b, node.Points, test,
            context.TrainingOf(node.Parents[0]), node.Bn.Recomputes, node.Bn.Batches);
        return NodeRunner.Record(node, [],
            new Dictionary<string, double> { [MetricNames.LossBarrier] = path.LossBarrier, [MetricNames.ErrorBarrier] = path.ErrorBarrier },
            new InterpolationResult(path.Alphas, path.Losses, path.Errors));
    }
}
