using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Experiments;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Results;

/// <summary>
/// <c>results.json</c> of a run:
/// <code>
/// { "experiment", "script", "started", "finished", "store",
///   "plan": { …as plan --json… },
///   "nodes": [ { "id", "kind", "label", "status": "done|cached|failed|skipped", "epochs", "seconds",
///                "train_images_per_second", "metrics": { "test_acc", "test_nll", … }, "error" } ],
///   "outputs": [ { "name", "kind", "node", "status", "metrics", "result" } ] }
/// </code>
/// </summary>
public static class ResultsJson
{
    /// <summary>The results of <paramref name="report"/>, paths relative to <paramref name="directory"/>.</summary>
    public static JObject Build(Experiment experiment, ExecutionReport report, string storeRoot, DateTimeOffset started, DateTimeOffset finished, string directory)
    {
        var byId = report.Outcomes.ToDictionary(o => o.Node.Id);
        return new JObject
        {
            ["experiment"] = experiment.Name,
            ["script"] = Scripting.Problem.Display(experiment.Script.Closure.Main.Path, directory),
            ["started"] = started.ToString("O"),
            ["finished"] = finished.ToString("O"),
            ["store"] = storeRoot,
            ["plan"] = PlanJson.ToJson(experiment.Plan, directory),
            ["nodes"] = new JArray(report.Outcomes.Select(Node)),
            ["outputs"] = new JArray(experiment.Plan.Outputs.Select(o =>
            {
                var outcome = byId[o.NodeId];
                return new JObject
                {
                    ["name"] = o.Name,
                    ["kind"] = o.Kind,
                    ["node"] = o.NodeId,
                    ["status"] = outcome.StatusName,
                    ["metrics"] = outcome.Record is { } r ? JObject.FromObject(r.Metrics) : null,
                    ["result"] = outcome.Record?.Result,
                };
            })),
        };
    }

    static JObject Node(NodeOutcome o) => new()
    {
        ["id"] = o.Node.Id,
        ["kind"] = o.Node.KindName,
        ["label"] = o.Node.Label,
        ["status"] = o.StatusName,
        ["epochs"] = o.Node.Epochs,
        ["seconds"] = o.Record?.Seconds,
        ["train_images_per_second"] = o.Record?.TrainImagesPerSecond,
        ["metrics"] = o.Record is { } r ? JObject.FromObject(r.Metrics) : null,
        ["error"] = o.Error,
    };
}
