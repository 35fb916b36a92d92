using EnsDsl.Planning;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Training;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>
/// An ensemble: the members' predicted probabilities averaged (from their cached predictions), measured for every
/// size k = 1..K in member order.
/// </summary>
static class EnsembleRunner
{
    public static NodeRecord Run(PlanNode node, RunContext context)
    {
        var predictions = node.Parents.Select(id => context.Store.ReadTensors(context.Finished(id), "predictions.tensors")).ToList();
        var labels = predictions[0]["labels"];
        var curve = new JArray();
        double accuracy = 0, nll = 0;
        for (int k = 1; k <= predictions.Count; k++)
        {
            using var averaged = Evaluator.Average([.. predictions.Take(k).Select(p => p["log_probs"])]);
            (accuracy, nll) = Evaluator.Metrics(averaged, labels);
            curve.Add(new JObject { ["k"] = k, ["acc"] = accuracy, ["nll"] = nll });
        }
        foreach (var t in predictions.SelectMany(p => p.Values)) t.Dispose();
        return NodeRunner.Record(node, new Dictionary<string, string>(),
            new Dictionary<string, double> { ["test_acc"] = accuracy, ["test_nll"] = nll }, new JObject { ["curve"] = curve });
    }
}
