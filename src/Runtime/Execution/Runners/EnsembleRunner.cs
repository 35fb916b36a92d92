using EnsDsl.Planning;
using EnsDsl.Runtime.Scoring;
using EnsDsl.Runtime.Store;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>
/// An ensemble: the members' predicted probabilities averaged (from their cached predictions), scored for every
/// size k = 1..K in member order, and the members' diversity.
/// </summary>
static class EnsembleRunner
{
    public static NodeRecord Run(PlanNode node, RunContext context)
    {
        var predictions = node.Parents.Select(id => context.Store.ReadTensors(context.Finished(id), "predictions.tensors")).ToList();
        try
        {
            var labels = predictions[0]["labels"];
            for (int i = 1; i < predictions.Count; i++) CheckComparable(context, node, 0, i, predictions[0], predictions[i]);
            var members = predictions.Select(p => p["log_probs"]).ToList();
            bool meanPerClass = node.Op["mean_per_class"] is true;
            var curve = EnsembleCurve.Compute(members, labels, meanPerClass);
            var last = curve[^1].Scores;
            var diversity = Diversity.Of(members, labels, last.Accuracy, meanPerClass);
            var result = new JObject
            {
                ["members"] = new JArray(node.Parents.Select(id => context.Plan[id].Parents[0])),
                ["curve"] = new JArray(curve.Select(p => new JObject
                {
                    ["k"] = p.K, ["acc"] = p.Scores.Accuracy, ["nll"] = p.Scores.Nll, ["ece"] = p.Scores.Ece,
                    ["brier"] = p.Scores.Brier, ["cnll"] = p.Scores.CalibratedNll,
                })),
                ["diversity"] = new JObject
                {
                    ["disagreement"] = diversity.Disagreement, ["kl"] = diversity.Kl, ["gain"] = diversity.Gain,
                },
            };
            var metrics = last.ToMetrics();
            metrics["disagreement"] = diversity.Disagreement;
            metrics["kl"] = diversity.Kl;
            metrics["gain"] = diversity.Gain;
            return NodeRunner.Record(node, new Dictionary<string, string>(), metrics, result);
        }
        finally
        {
            foreach (var t in predictions.SelectMany(p => p.Values)) t.Dispose();
        }
    }

    // Averaging probabilities of different label sets or test sets would give a number, and a wrong one.
    static void CheckComparable(RunContext context, PlanNode node, int a, int b, Dictionary<string, Tensor> first, Dictionary<string, Tensor> other)
    {
        string Name(int i) => context.Plan[context.Plan[node.Parents[i]].Parents[0]].Label;
        if (!first["log_probs"].shape.SequenceEqual(other["log_probs"].shape))
            throw new NodeFailure($"members '{Name(a)}' and '{Name(b)}' predict different shapes " +
                $"([{string.Join(", ", first["log_probs"].shape)}] and [{string.Join(", ", other["log_probs"].shape)}]): " +
                "an ensemble needs members with the same classes, evaluated on the same test set");
        if (!first["labels"].shape.SequenceEqual(other["labels"].shape) || !first["labels"].eq(other["labels"]).all().item<bool>())
            throw new NodeFailure($"members '{Name(a)}' and '{Name(b)}' were evaluated on different test labels: an ensemble needs one test set");
    }
}
