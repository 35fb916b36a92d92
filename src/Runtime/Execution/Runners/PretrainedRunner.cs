using EnsDsl.Planning;
using EnsDsl.Runtime.Store;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>Loads a pre-trained checkpoint into the store.</summary>
static class PretrainedRunner
{
    public static NodeRecord Run(PlanNode node, RunContext context)
    {
        var path = (string)node.Op["checkpoint"]!;
        var source = PretrainedSources.Find((string)node.Op["source"]!);
        if (!File.Exists(path))
            throw new NodeFailure($"checkpoint not found: {Path.GetFullPath(path)} (expected {source?.Description ?? "a pre-trained checkpoint"}, " +
                $"named like {source?.CheckpointPattern ?? "the source's convention"})");
        throw new NodeFailure($"checkpoint {path}: reading PyTorch checkpoints is not in this build yet; pre-train with Pretrain(...) or use the embedded task");
    }
}
