using EnsDsl.Planning;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Randomness;
using EnsDsl.Runtime.Store;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>A random initialisation: the backbone's weights (no head; training attaches one).</summary>
static class InitRunner
{
    public static NodeRecord Run(InitNode node, RunContext context)
    {
        using var model = Networks.Create(node.Arch, 1, Generators.For(node.Seed!.Value, "init"));
        var weights = model.state_dict().Where(kv => !kv.Key.StartsWith(node.Arch.HeadPrefix, StringComparison.Ordinal));
        return NodeRunner.Record(node, [context.Store.WriteTensors(node.Id, NodeFile.Weights, weights)]);
    }
}
