using EnsDsl.Planning;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Store;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>Computes one node and writes its result to the store; the kind decides how.</summary>
public static class NodeRunner
{
    /// <summary>Computes <paramref name="node"/>; returns its (already stored) record.</summary>
    public static NodeRecord Run(PlanNode node, RunContext context)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var record = node is TrainNode train ? TrainRunner.Run(train, context) : RunInSection(node, context) with { Seconds = watch.Elapsed.TotalSeconds };
        context.Store.Complete(record);
        return record;
    }

    // Short nodes run in one GC-safe section; training opens one per batch (and around its setup and saving).
    static NodeRecord RunInSection(PlanNode node, RunContext context)
    {
        using var section = Torch.GcSafeSection.Enter();
        return node switch
        {
            PretrainedNode pretrained => PretrainedRunner.Run(pretrained, context),
            InitNode init => InitRunner.Run(init, context),
            SoupNode soup => SoupRunner.Run(soup, context),
            EvaluateNode evaluate => EvaluateRunner.Run(evaluate, context),
            EnsembleNode ensemble => EnsembleRunner.Run(ensemble, context),
            InterpolateNode interpolate => InterpolateRunner.Run(interpolate, context),
            BasinNode basin => BasinRunner.Run(basin, context),
            PlaneFrameNode frame => PlaneFrameRunner.Run(frame, context),
            PlanePointNode point => PlanePointRunner.Run(point, context),
            PlaneNode plane => PlaneRunner.Run(plane, context),
            _ => throw new NodeFailure($"no runner for {node.KindName} nodes"),
        };
    }

    /// <summary>A record for a finished node of this build.</summary>
    internal static NodeRecord Record(PlanNode node, IEnumerable<StoredFile> files, IReadOnlyDictionary<string, double>? metrics = null,
        NodeResult? result = null, double seconds = 0, double? imagesPerSecond = null) =>
        new(NodeStore.Format, node.Id, node.Kind, node.Label, seconds, imagesPerSecond, metrics ?? new Dictionary<string, double>(),
            result, files.ToDictionary(f => f.File.FileName(), f => f.Sha256), RunContext.Version);
}
