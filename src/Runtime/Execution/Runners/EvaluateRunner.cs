using EnsDsl.Planning;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Scoring;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Training;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>
/// Test-set predictions of a model, and their scores. A training step already predicted its own task's test split:
/// those predictions are reused, so each model's predictions are computed once.
/// </summary>
static class EvaluateRunner
{
    public static NodeRecord Run(EvaluateNode node, RunContext context)
    {
        var data = node.Data;
        var parent = context.Finished(node.Parents[0]);
        var test = context.TestSplit(node.Parents[0], data);
        Tensor logProbabilities;
        if (parent.Has(NodeFile.Predictions) && parent.Result is TrainResult { TestData: var predicted } && predicted == data.Spec)
        {
            var cached = Predictions.ReadFrom(context.Store, parent);
            cached.Labels.Dispose();
            logProbabilities = cached.LogProbabilities;
        }
        else
        {
            using var model = context.LoadModel(node.Parents[0]);
            logProbabilities = Evaluator.LogProbabilities(model, test, context.Device);
        }
        using (logProbabilities)
        {
            if (logProbabilities.shape[1] != test.Classes)
                throw new NodeFailure($"the model predicts {logProbabilities.shape[1]} classes, {data.Spec} has {test.Classes}: fine-tune it on this task first");
            var scores = Metrics.Score(logProbabilities, test.Labels, data.MeanPerClassAccuracy);
            return NodeRunner.Record(node, [Predictions.Write(context.Store, node.Id, logProbabilities, test.Labels)], scores.ToMetrics());
        }
    }
}
