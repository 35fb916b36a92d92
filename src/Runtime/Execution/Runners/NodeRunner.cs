using EnsDsl.Planning;
using EnsDsl.Runtime.Store;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>Computes one node and writes its result to the store; the kind decides how.</summary>
public static class NodeRunner
{
    /// <summary>Computes <paramref name="node"/>; returns its (already stored) record.</summary>
    public static NodeRecord Run(PlanNode node, RunContext context)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var record = node.Kind == NodeKind.Train ? TrainRunner.Run(node, context) : RunInSection(node, context);
        if (node.Kind != NodeKind.Train) record = record with { Seconds = watch.Elapsed.TotalSeconds };
        context.Store.Complete(record);
        return record;
    }

    // Short nodes run in one GC-safe section; training opens one per batch (and around its setup and saving).
    static NodeRecord RunInSection(PlanNode node, RunContext context)
    {
        using var section = Torch.GcSafeSection.Enter();
        return node.Kind switch
        {
            NodeKind.Pretrained => PretrainedRunner.Run(node, context),
            NodeKind.Init => InitRunner.Run(node, context),
            NodeKind.Soup => SoupRunner.Run(node, context),
            NodeKind.Evaluate => EvaluateRunner.Run(node, context),
            NodeKind.Ensemble => EnsembleRunner.Run(node, context),
            NodeKind.Interpolate => InterpolateRunner.Run(node, context),
            NodeKind.Basin => BasinRunner.Run(node, context),
            _ => throw new NodeFailure($"no runner for {node.KindName} nodes"),
        };
    }

    /// <summary>A record for a finished node of this build.</summary>
    internal static NodeRecord Record(PlanNode node, IReadOnlyDictionary<string, string> files, IReadOnlyDictionary<string, double>? metrics = null,
        Newtonsoft.Json.Linq.JToken? result = null, double seconds = 0, double? imagesPerSecond = null) =>
        new(NodeStore.Format, node.Id, node.KindName, node.Label, seconds, imagesPerSecond, metrics ?? new Dictionary<string, double>(),
            result, files, RunContext.Version);
}
