using EnsDsl.Planning;
using EnsDsl.Runtime.Checkpoints;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Randomness;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Store;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>
/// Loads a pre-trained PyTorch checkpoint into the store: the state dict in any of the authors' layouts, checked key by
/// key against the source's architecture (a checkpoint without a classification head, such as a BYOL backbone, is fine:
/// fine-tuning attaches a new one).
/// </summary>
static class PretrainedRunner
{
    public static NodeRecord Run(PretrainedNode node, RunContext context)
    {
        var (path, source) = (node.Checkpoint, node.Source);
        if (!File.Exists(path))
            throw new NodeFailure($"checkpoint not found: {Path.GetFullPath(path)} (expected {source.Description}, " +
                $"named like {source.CheckpointPattern})");
        LoadedCheckpoint checkpoint;
        try { checkpoint = PyTorchCheckpoint.Load(path); }
        catch (CheckpointException e) { throw new NodeFailure(e.Message); }

        var arch = node.Arch;
        int classes = checkpoint.StateDict.TryGetValue($"{arch.HeadPrefix}weight", out var fc) ? (int)fc.shape[0] : 1000;
        using var model = Networks.Create(arch, classes, Generators.For(0, "load"));
        var fit = StateDictFit.Of(checkpoint.StateDict, model.state_dict(), ignorePrefix: arch.HeadPrefix);
        if (!fit.Fits)
            throw new NodeFailure($"checkpoint {path} does not fit a {arch.Name}: {fit.Describe()}");
        return NodeRunner.Record(node, [context.Store.WriteTensors(node.Id, NodeFile.Weights, checkpoint.StateDict)],
            result: new PretrainedResult(checkpoint.Format, fc is null ? null : classes, checkpoint.StateDict.Count));
    }
}
