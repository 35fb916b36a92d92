using EnsDsl.Planning;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Scoring;
using EnsDsl.Runtime.Store;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>
/// An ensemble: the members' predicted probabilities averaged (from their cached predictions), scored for every
/// size k = 1..K in member order, and the members' diversity.
/// </summary>
static class EnsembleRunner
{
    public static NodeRecord Run(EnsembleNode node, RunContext context)
    {
        var predictions = node.Parents.Select(id => Predictions.ReadFrom(context.Store, context.Finished(id))).ToList();
        try
        {
            var labels = predictions[0].Labels;
            for (int i = 1; i < predictions.Count; i++) CheckComparable(context, node, 0, i, predictions[0], predictions[i]);
            var members = predictions.Select(p => p.LogProbabilities).ToList();
            bool meanPerClass = node.Data.MeanPerClassAccuracy;
            var curve = EnsembleCurve.Compute(members, labels, meanPerClass);
            var last = curve[^1].Scores;
            var diversity = MemberDiversity.Of(members, labels, last.Accuracy, meanPerClass);
            var result = new EnsembleResult([.. node.Parents.Select(id => context.Plan[id].Parents[0])], [.. curve.Select(p => p.ToReported())], diversity);
            var metrics = last.ToMetrics();
            metrics[MetricNames.Disagreement] = diversity.Disagreement;
            metrics[MetricNames.Kl] = diversity.Kl;
            metrics[MetricNames.Gain] = diversity.Gain;
            return NodeRunner.Record(node, [], metrics, result);
        }
        finally
        {
            foreach (var p in predictions) p.Dispose();
        }
    }

    // Averaging probabilities of different label sets or test sets would give a number, and a wrong one.
    static void CheckComparable(RunContext context, EnsembleNode node, int a, int b, Predictions first, Predictions other)
    {
        string Name(int i) => context.Plan[context.Plan[node.Parents[i]].Parents[0]].Label;
        if (!first.LogProbabilities.shape.SequenceEqual(other.LogProbabilities.shape))
            throw new NodeFailure($"members '{Name(a)}' and '{Name(b)}' predict different shapes " +
                $"([{string.Join(", ", first.LogProbabilities.shape)}] and [{string.Join(", ", other.LogProbabilities.shape)}]): " +
                "an ensemble needs members with the same classes, evaluated on the same test set");
        if (!first.Labels.shape.SequenceEqual(other.Labels.shape) || !first.Labels.eq(other.Labels).all().item<bool>())
            throw new NodeFailure($"members '{Name(a)}' and '{Name(b)}' were evaluated on different test labels: an ensemble needs one test set");
    }
}
