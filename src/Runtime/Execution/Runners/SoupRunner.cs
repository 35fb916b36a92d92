using EnsDsl.Planning;
using EnsDsl.Runtime.Data;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Training;
using EnsDsl.Runtime.Results;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>
/// A model soup. Uniform: the members' weights averaged. Greedy (Wortsman et al. 2022): members sorted by held-out
/// accuracy, each added to the soup only when the soup with it is more accurate on the held-out images, which no
/// member trained on (the dataset's <see cref="SplitSetting.HoldOut"/> split). Then BatchNorm statistics recomputed,
/// by the soup's BN policy.
/// </summary>
static class SoupRunner
{
    public static NodeRecord Run(SoupNode node, RunContext context)
    {
        var arch = context.ArchitectureOf(node.Parents[0]);
        foreach (var id in node.Parents)
            if (context.ArchitectureOf(id) != arch)
                throw new NodeFailure($"member '{context.Plan[id].Label}' is a {context.ArchitectureOf(id).Name}, the first a {arch.Name}: a soup averages weights of one architecture");
        var members = node.Parents.Select(id => context.Store.ReadTensors(context.Finished(id), NodeFile.Weights)).ToList();
        CheckShapes(context, node, members);
        var training = context.TrainingOf(node.Parents[0]);
        var bn = node.Bn;

        nn.Module<Tensor, Tensor> Cook(IReadOnlyList<IReadOnlyDictionary<string, Tensor>> ingredients)
        {
            var model = context.ModelWithWeights(arch, WeightOps.Average(ingredients));
            if (bn.Recomputes) WeightOps.RecomputeBatchNorm(model, context.BatchNormBatches(training, bn.Batches));
            return model;
        }

        GreedySoupResult? result = null;
        IReadOnlyList<IReadOnlyDictionary<string, Tensor>> chosen = members;
        if (node.SoupKind == SoupKind.Greedy)
            (chosen, result) = Greedy(node, context, arch, members, training, Cook);
        using var soup = Cook(chosen);
        return NodeRunner.Record(node, [context.Store.WriteTensors(node.Id, NodeFile.Weights, soup.state_dict())], result: result);
    }

    static (IReadOnlyList<IReadOnlyDictionary<string, Tensor>> Chosen, GreedySoupResult Result) Greedy(SoupNode node, RunContext context, Architecture arch,
        List<Dictionary<string, Tensor>> members, TrainStep training, Func<IReadOnlyList<IReadOnlyDictionary<string, Tensor>>, nn.Module<Tensor, Tensor>> cook)
    {
        var heldOut = TrainingData.HeldOut(training, context.Loader);
        double Accuracy(nn.Module<Tensor, Tensor> model)
        {
            using var lp = Evaluator.LogProbabilities(model, heldOut, context.Device);
            return Evaluator.Metrics(lp, heldOut.Labels).Accuracy;
        }
        var memberAccuracy = members.Select(weights =>
        {
            using var model = context.ModelWithWeights(arch, weights);
            return Accuracy(model);
        }).ToList();
        // Highest held-out accuracy first; ties keep member order.
        var order = Enumerable.Range(0, members.Count).OrderByDescending(i => memberAccuracy[i]).ThenBy(i => i).ToList();
        var kept = new List<int> { order[0] };
        double best = memberAccuracy[order[0]];
        foreach (var candidate in order.Skip(1))
        {
            using var model = cook([.. kept.Append(candidate).Select(i => (IReadOnlyDictionary<string, Tensor>)members[i])]);
            double accuracy = Accuracy(model);
            if (accuracy > best) (kept, best) = ([.. kept, candidate], accuracy);
        }
        var result = new GreedySoupResult(new HeldOutSplit(heldOut.Count, DatasetLoader.HeldOutOrigin(training.Data)),
            memberAccuracy, [.. order.Select(i => node.Parents[i])], [.. kept.Select(i => node.Parents[i])], best);
        return ([.. kept.Select(i => (IReadOnlyDictionary<string, Tensor>)members[i])], result);
    }

    // Averaging tensors of different shapes would fail deep inside libtorch; name the members instead.
    static void CheckShapes(RunContext context, SoupNode node, List<Dictionary<string, Tensor>> members)
    {
        for (int i = 1; i < members.Count; i++)
        {
            var bad = members[0].Where(kv => !members[i].TryGetValue(kv.Key, out var t) || !t.shape.SequenceEqual(kv.Value.shape)).Select(kv => kv.Key).FirstOrDefault();
            if (bad is not null || members[i].Count != members[0].Count)
                throw new NodeFailure($"members '{context.Plan[node.Parents[0]].Label}' and '{context.Plan[node.Parents[i]].Label}' have different weights" +
                    (bad is null ? "" : $" ('{bad}': [{string.Join(", ", members[0][bad].shape)}] vs " +
                        (members[i].TryGetValue(bad, out var other) ? $"[{string.Join(", ", other.shape)}])" : "missing)")) +
                    ": a soup averages models with the same architecture and classes");
        }
    }
}
