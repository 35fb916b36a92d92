using EnsDsl.Planning;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Training;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>A random initialisation: the backbone's weights (no head; training attaches one).</summary>
static class InitRunner
{
    public static NodeRecord Run(PlanNode node, RunContext context)
    {
        var arch = Architecture.Parse((string)node.Op["arch"]!);
        using var model = Networks.Create(arch, 1, Generators.For(node.Seed!.Value, "init"));
        var weights = model.state_dict().Where(kv => !kv.Key.StartsWith(Networks.Head, StringComparison.Ordinal));
        var sha = context.Store.WriteTensors(node.Id, "weights.tensors", weights);
        return NodeRunner.Record(node, new Dictionary<string, string> { ["weights.tensors"] = sha });
    }
}
