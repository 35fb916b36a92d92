using EnsDsl.Planning;
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
    public static NodeRecord Run(PlanNode node, RunContext context)
    {
        var data = Dataset.Parse((string)node.Op["data"]!);
        var parent = context.Finished(node.Parents[0]);
        var test = context.TestSplit(node.Parents[0], data);
        Tensor logProbabilities;
        if (parent.Files.ContainsKey("predictions.tensors") && (string?)parent.Result?["test_data"] == data.Spec)
        {
            var cached = context.Store.ReadTensors(parent, "predictions.tensors");
            cached["labels"].Dispose();
            logProbabilities = cached["log_probs"];
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
            var scores = Metrics.Score(logProbabilities, test.Labels, node.Op["mean_per_class"] is true);
            var sha = context.Store.WriteTensors(node.Id, "predictions.tensors",
                new Dictionary<string, Tensor> { ["log_probs"] = logProbabilities, ["labels"] = test.Labels });
            return NodeRunner.Record(node, new Dictionary<string, string> { ["predictions.tensors"] = sha }, scores.ToMetrics());
        }
    }
}
