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
///   "outputs": [ { "name", "kind", "node", "status", "metrics", "result" } ],
///   "ensembles": [ { "name", "node", "status", "members": [ids], "curve": [ { "k", "acc", "nll", "ece", "brier", "cnll" } ],
///                    "diversity": { "disagreement", "kl", "gain" }, "error" } ],
///   "soups": [ { "name", "node", "status", "kind": "uniform|greedy", "members": [ids], "chosen": [ids] (greedy), "bn",
///                "acc", "nll", "ece", "brier", "cnll", "error" } ],
///   "evaluations": [ { "name", "node", "status", "model", "acc", "nll", "ece", "brier", "cnll", "error" } ],
///   "analyses": [ { "name", "kind": "interpolation|basin", "node", "status", "models": [ids], "metrics", "result", "error" } ] }
/// </code>
/// Items that did not finish keep their entry, with their status and error and without numbers: a partial result is
/// visibly partial, never a wrong number.
/// </summary>
public static class ResultsJson
{
    /// <summary>The results of <paramref name="report"/>, paths relative to <paramref name="directory"/>.</summary>
    public static JObject Build(Experiment experiment, ExecutionReport report, string storeRoot, DateTimeOffset started, DateTimeOffset finished, string directory)
    {
        var byId = report.Outcomes.ToDictionary(o => o.Node.Id);
        var items = RunResults.Of(experiment.Plan, report);
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
            ["ensembles"] = new JArray(items.Where(i => i.Kind == "ensemble").Select(i => Entry(i, new JObject
            {
                ["members"] = new JArray(i.Members),
                ["curve"] = i.Result?["curve"],
                ["diversity"] = i.Result?["diversity"],
            }))),
            ["soups"] = new JArray(items.Where(i => i.Kind == "soup").Select(i => Entry(i, Combine(new JObject
            {
                ["kind"] = i.Details["soup"],
                ["members"] = new JArray(i.Members),
                ["chosen"] = i.Chosen is { } chosen ? new JArray(chosen) : null,
                ["bn"] = i.Details["bn"],
            }, Scores(i))))),
            ["evaluations"] = new JArray(items.Where(i => i.Kind == "evaluation").Select(i => Entry(i, Combine(new JObject
            {
                ["model"] = i.Members[0],
            }, Scores(i))))),
            ["analyses"] = new JArray(items.Where(i => i.Kind is "interpolation" or "basin").Select(i => Entry(i, new JObject
            {
                ["kind"] = i.Kind,
                ["models"] = new JArray(i.Members),
                ["metrics"] = i.HasResult ? JObject.FromObject(i.Metrics) : null,
                ["result"] = i.Result,
            }))),
        };
    }

    /// <summary>The scores of a finished item as <c>acc, nll, ece, brier, cnll</c>.</summary>
    static JObject Scores(ReportedItem item)
    {
        var o = new JObject();
        foreach (var (key, metric) in new[] { ("acc", "test_acc"), ("nll", "test_nll"), ("ece", "test_ece"), ("brier", "test_brier"), ("cnll", "test_cnll") })
            o[key] = item.Metric(metric);
        return o;
    }

    static JObject Combine(JObject a, JObject b)
    {
        foreach (var p in b.Properties()) a[p.Name] = p.Value;
        return a;
    }

    static JObject Entry(ReportedItem item, JObject fields)
    {
        var entry = new JObject { ["name"] = item.Name, ["node"] = item.Node, ["status"] = item.Status };
        foreach (var p in fields.Properties()) entry[p.Name] = p.Value;
        entry["error"] = item.Error;
        return entry;
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
