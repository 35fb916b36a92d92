using EnsDsl.Planning;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Store;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>
/// A basin report: for each member, the loss and error barriers on the straight line to the centre (BN recomputed
/// at every point), its L2 distance to the centre and to its own pre-trained weights (head and BN statistics excluded),
/// the same stage by stage with the relative change (as the authors' <c>utils/weights.py</c> groups the network), and
/// the pairwise distances between members. "Stayed in the pre-train basin" becomes a measured statement.
/// </summary>
static class BasinRunner
{
    public static NodeRecord Run(BasinNode node, RunContext context)
    {
        var centerId = node.Parents[0];
        var memberIds = node.Parents[1..];
        var test = context.TestSplit(node.Parents[0], node.Data);
        int points = node.Points;
        var arch = context.ArchitectureOf(centerId);
        var training = context.TrainingOf(centerId);
        var center = context.Store.ReadTensors(context.Finished(centerId), NodeFile.Weights);
        var members = memberIds.Select(id => context.Store.ReadTensors(context.Finished(id), NodeFile.Weights)).ToList();
        // Each model's own starting weights: one checkpoint for Local DE, SSE and StarSSE; one per member for Global DE.
        var starts = new Dictionary<string, Dictionary<string, Tensor>>();
        Dictionary<string, Tensor>? StartOf(string id) => PretrainedOf(context.Plan, id) is not { } start ? null
            : starts.TryGetValue(start, out var weights) ? weights
            : starts[start] = context.Store.ReadTensors(context.Finished(start), NodeFile.Weights);
        var pretrainedId = PretrainedOf(context.Plan, centerId);
        var pretrained = StartOf(centerId);
        try
        {
            var rows = new List<BasinMember>();
            var (errorBarriers, lossBarriers, toCenter, toPretrained) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
            foreach (var (id, weights) in memberIds.Zip(members))
            {
                if (arch != context.ArchitectureOf(id))
                    throw new NodeFailure($"member '{context.Plan[id].Label}' is a {context.ArchitectureOf(id).Name}, the centre a {arch.Name}: a basin report needs one architecture");
                // A member that is the centre (SSE's first snapshot) lies on it: no path to measure.
                var path = id == centerId ? null : LinearPath.Measure(context, arch, center, weights, points, test, training, recomputeBn: true, bnBatches: null);
                double errorBarrier = path?.ErrorBarrier ?? 0, lossBarrier = path?.LossBarrier ?? 0;
                double distance = WeightOps.Distance(weights, center);
                double? fromPretrained = StartOf(id) is { } start ? WeightOps.Distance(weights, start) : null;
                errorBarriers.Add(errorBarrier); lossBarriers.Add(lossBarrier); toCenter.Add(distance);
                if (fromPretrained is { } p) toPretrained.Add(p);
                rows.Add(new BasinMember(id, context.Plan[id].Label, errorBarrier, lossBarrier, distance, fromPretrained, path?.Errors,
                    Stages(weights, center, StartOf(id))));
            }
            IReadOnlyList<IReadOnlyList<double>> pairwise = [.. members.Select(a => (IReadOnlyList<double>)[.. members.Select(b => WeightOps.Distance(a, b))])];
            var offDiagonal = pairwise.SelectMany((row, i) => row.Select((d, j) => (i, j, d))).Where(x => x.i < x.j).Select(x => x.d).ToList();
            var metrics = new Dictionary<string, double>
            {
                [MetricNames.MaxErrorBarrier] = errorBarriers.Max(),
                [MetricNames.MeanErrorBarrier] = errorBarriers.Average(),
                [MetricNames.MaxLossBarrier] = lossBarriers.Max(),
                [MetricNames.MeanDistanceToCenter] = toCenter.Average(),
                [MetricNames.MeanPairwiseDistance] = offDiagonal.Count > 0 ? offDiagonal.Average() : 0,
            };
            if (toPretrained.Count > 0) metrics[MetricNames.MeanDistanceToPretrained] = toPretrained.Average();
            var result = new BasinResult(centerId, pretrainedId, pretrained is null ? null : WeightOps.Distance(center, pretrained), points,
                BnPolicy.Recompute().Describe(), rows, pairwise);
            return NodeRunner.Record(node, [], metrics, result);
        }
        finally
        {
            foreach (var t in members.SelectMany(m => m.Values).Concat(center.Values).Concat(starts.Values.SelectMany(w => w.Values))) t.Dispose();
        }
    }

    /// <summary>A member's distances per stage to the centre and to its own pre-trained weights (when it has them).</summary>
    static IReadOnlyList<StageDistance> Stages(IReadOnlyDictionary<string, Tensor> member, IReadOnlyDictionary<string, Tensor> center,
        IReadOnlyDictionary<string, Tensor>? pretrained)
    {
        var fromPretrained = pretrained is null ? [] : WeightOps.StageDistances(member, pretrained).ToDictionary(s => s.Stage);
        return [.. WeightOps.StageDistances(member, center).Select(s =>
        {
            var p = fromPretrained.TryGetValue(s.Stage, out var found) ? found : ((string, double, double)?)null;
            return new StageDistance(s.Stage, s.Distance, Relative(s.Distance, s.ReferenceNorm), p?.Item2, p is { } q ? Relative(q.Item2, q.Item3) : null);
        })];
    }

    // ‖w − w₀‖/‖w₀‖; a stage whose reference weights are all zero has changed by its whole distance.
    static double Relative(double distance, double norm) => norm > 0 ? distance / norm : distance;

    /// <summary>
    /// The weights a model's fine-tune started from: above the nearest training step that attached a new head (for a
    /// model trained from scratch, its initialisation). Null when there is none.
    /// </summary>
    static string? PretrainedOf(Plan plan, string id)
    {
        for (var node = plan[id]; node.Parents.Length > 0; node = plan[node.Parents[0]])
            if (node is TrainNode { Step.Head: Head.New }) return node.Parents[0];
        return null;
    }
}
