using EnsDsl.Planning;
using EnsDsl.Runtime.Checkpoints;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Torch;
using EnsDsl.Runtime.Training;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>
/// Loads a pre-trained PyTorch checkpoint into the store: the state dict in any of the authors' layouts, checked key by
/// key against the source's architecture (a checkpoint without a classification head, such as a BYOL backbone, is fine:
/// fine-tuning attaches a new one).
/// </summary>
static class PretrainedRunner
{
    public static NodeRecord Run(PlanNode node, RunContext context)
    {
        var path = (string)node.Op["checkpoint"]!;
        var source = PretrainedSources.Find((string)node.Op["source"]!);
        if (!File.Exists(path))
            throw new NodeFailure($"checkpoint not found: {Path.GetFullPath(path)} (expected {source?.Description ?? "a pre-trained checkpoint"}, " +
                $"named like {source?.CheckpointPattern ?? "the source's convention"})");
        LoadedCheckpoint checkpoint;
        try { checkpoint = PyTorchCheckpoint.Load(path); }
        catch (CheckpointException e) { throw new NodeFailure(e.Message); }

        var arch = Architecture.Parse((string)node.Op["arch"]!);
        int classes = checkpoint.StateDict.TryGetValue($"{Networks.Head}weight", out var fc) ? (int)fc.shape[0] : 1000;
        using var model = Networks.Create(arch, classes, Generators.For(0, "load"));
        var fit = StateDictFit.Of(checkpoint.StateDict, model.state_dict(), ignorePrefix: Networks.Head);
        if (!fit.Fits)
            throw new NodeFailure($"checkpoint {path} does not fit a {arch.Name}: {fit.Describe()}");
        var sha = context.Store.WriteTensors(node.Id, "weights.tensors", checkpoint.StateDict);
        return NodeRunner.Record(node, new Dictionary<string, string> { ["weights.tensors"] = sha }, result: new JObject
        {
            ["format"] = checkpoint.Format,
            ["head_classes"] = fc is null ? null : classes,
            ["tensors"] = checkpoint.StateDict.Count,
        });
    }
}
