using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Results;

/// <summary>
/// <c>results.json</c> of a run:
/// <code>
/// { "experiment", "script", "started", "finished", "store",
///   "plan": { …as plan --json… },
///   "nodes": [ { "id", "kind", "label", "status": "done|cached|failed|skipped", "epochs", "seconds",
///                "train_images_per_second", "metrics": { "test_acc", "test_nll", … }, "error" } ],
///   "outputs": [ { "name", "kind", "node", "cell": { "cycleLr": "0.05", … } or null, "status", "metrics", "result" } ],
///   "ensembles": [ { "name", "node", "status", "members": [ids], "curve": [ { "k", "acc", "nll", "ece", "brier", "cnll" } ],
///                    "diversity": { "disagreement", "kl", "gain" }, "error" } ],
///   "soups": [ { "name", "node", "status", "kind": "uniform|greedy", "members": [ids], "chosen": [ids] (greedy), "held_out": { "images", "from", "acc" } (greedy), "bn",
///                "acc", "nll", "ece", "brier", "cnll", "error" } ],
///   "evaluations": [ { "name", "node", "status", "model", "acc", "nll", "ece", "brier", "cnll", "error" } ],
///   "analyses": [ { "name", "kind": "interpolation|basin", "node", "status", "models": [ids], "metrics", "result", "error" } ],
///   "overrides": { "cycleLr": "[0.05,0.1]", … } (the --set values as written), "axes": ["cycleLr", "seed"] (swept parameters),
///   "repeat": "seed" (the --repeat parameter, or null),
///   "groups": [ { "name", "kind", "axis", "items": [names], "repetitions": [values], "n",
///                 "metrics": { "acc": { "mean", "std", "values" }, … }, "curve": [ { "k", "acc": { "mean", "std" }, … } ] } ],
///   "comparisons": [ { "a", "b", "metric", "n", "mean", "low", "high", "confidence", "decided" } ] }
/// </code>
/// Items that did not finish keep their entry, with their status and error and without numbers: a partial result is
/// visibly partial, never a wrong number.
/// </summary>
public static class ResultsJson
{
    /// <summary>
    /// The results.json of a run folder that <c>ensdsl run</c> wrote (or the file itself), for the commands that read
    /// finished runs; null with <paramref name="problem"/> saying what to give instead.
    /// </summary>
    public static JObject? ReadRun(string run, out string problem)
    {
        var file = Directory.Exists(run) ? Path.Combine(run, Runs.ExperimentRun.ResultsJsonFile) : run;
        try
        {
            problem = "";
            return JObject.Parse(File.ReadAllText(file));
        }
        catch (Exception e) when (e is IOException or Newtonsoft.Json.JsonException or UnauthorizedAccessException)
        {
            problem = $"{run}: no readable {Runs.ExperimentRun.ResultsJsonFile} ({e.Message}); give a run folder that 'ensdsl run' wrote";
            return null;
        }
    }

    /// <summary>
    /// The results of <paramref name="report"/> (its reported <paramref name="items"/> and what their
    /// <paramref name="repeated"/> runs say), paths relative to <paramref name="directory"/>.
    /// </summary>
    public static JObject Build(Experiment experiment, ExecutionReport report, IReadOnlyList<ReportedItem> items, RepeatedResults repeated,
        string storeRoot, DateTimeOffset started, DateTimeOffset finished, string directory)
    {
        var byId = report.Outcomes.ToDictionary(o => o.Node.Id);
        return new JObject
        {
            ["experiment"] = experiment.Name,
            ["script"] = DisplayPath.Of(experiment.ScriptPath, directory),
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
                    ["kind"] = o.Kind.Name(),
                    ["node"] = o.NodeId,
                    ["cell"] = PlanJson.Cell(o.Cell),
                    ["status"] = outcome.Status.Name(),
                    ["metrics"] = outcome.Record is { } r ? JObject.FromObject(r.Metrics) : null,
                    ["result"] = NodeResults.ToJson(outcome.Record?.Result),
                };
            })),
            ["ensembles"] = new JArray(items.Where(i => i.Kind == OutputKind.Ensemble).Select(i => Entry(i, new JObject
            {
                ["members"] = new JArray(i.Members),
                ["curve"] = i.Result is EnsembleResult e ? NodeResults.PartToJson(e.Curve) : null,
                ["diversity"] = i.Result is EnsembleResult d ? NodeResults.PartToJson(d.Diversity) : null,
            }))),
            ["soups"] = new JArray(items.Where(i => i.Kind == OutputKind.Soup).Select(i => Entry(i, Combine(new JObject
            {
                ["kind"] = i.Soup?.SoupKind.Name(),
                ["members"] = new JArray(i.Members),
                ["chosen"] = i.Chosen is { } chosen ? new JArray(chosen) : null,
                ["held_out"] = i.Greedy is { } g ? new JObject { ["images"] = g.HeldOut.Images, ["from"] = g.HeldOut.From, ["acc"] = g.HeldOutAcc } : null,
                ["bn"] = i.Soup?.NormalisationNote,
            }, Scores(i))))),
            ["evaluations"] = new JArray(items.Where(i => i.Kind == OutputKind.Evaluation).Select(i => Entry(i, Combine(new JObject
            {
                ["model"] = i.Members[0],
            }, Scores(i))))),
            ["analyses"] = new JArray(items.Where(i => i.Kind is OutputKind.Interpolation or OutputKind.Basin).Select(i => Entry(i, new JObject
            {
                ["kind"] = i.Kind.Name(),
                ["models"] = new JArray(i.Members),
                ["metrics"] = i.HasResult ? JObject.FromObject(i.Metrics) : null,
                ["result"] = NodeResults.ToJson(i.Result),
            }))),
            ["overrides"] = new JObject(experiment.Overrides.Select(o => new JProperty(o.Key, o.Text[(o.ValueOffset)..]))),
            ["axes"] = new JArray(Axes(experiment)),
            ["repeat"] = experiment.Repeat,
            ["groups"] = new JArray(repeated.Groups.Select(Group)),
            ["comparisons"] = new JArray(repeated.Comparisons.Select(c => new JObject
            {
                ["a"] = c.A, ["b"] = c.B, ["metric"] = c.Metric, ["n"] = c.Difference.N, ["mean"] = c.Difference.Mean,
                ["low"] = c.Difference.Low, ["high"] = c.Difference.High, ["confidence"] = c.Difference.Confidence, ["decided"] = c.Difference.Decided,
            })),
        };
    }

    /// <summary>The parameters the run sweeps, in axis order, the repetition parameter last.</summary>
    public static IReadOnlyList<string> Axes(Experiment experiment) =>
        [.. experiment.Overrides.Where(o => o.IsSweep).Select(o => o.Key), .. experiment.Repeat is { } r ? [r] : Array.Empty<string>()];

    static JObject Group(ItemGroup g) => new()
    {
        ["name"] = g.Name,
        ["kind"] = g.Kind.Name(),
        ["axis"] = g.Axis,
        ["items"] = new JArray(g.Items.Select(i => i.Name)),
        ["repetitions"] = new JArray(g.Repetitions),
        ["n"] = g.N,
        ["metrics"] = new JObject(g.Metrics.Select(m => new JProperty(m.Key, new JObject
        {
            ["mean"] = m.Value.Mean, ["std"] = m.Value.Std, ["values"] = new JArray(m.Value.Values),
        }))),
        ["curve"] = new JArray(g.Curve.Select(p => new JObject(
            [new JProperty("k", p.K), .. p.Scores.Select(s => new JProperty(s.Key, new JObject { ["mean"] = s.Value.Mean, ["std"] = s.Value.Std }))]))),
    };

    /// <summary>The scores of a finished item as <c>acc, nll, ece, brier, cnll</c>.</summary>
    static JObject Scores(ReportedItem item)
    {
        var o = new JObject();
        foreach (var name in MetricNames.Reported) o[name] = item.Score(name);
        return o;
    }

    static JObject Combine(JObject a, JObject b)
    {
        foreach (var p in b.Properties()) a[p.Name] = p.Value;
        return a;
    }

    static JObject Entry(ReportedItem item, JObject fields)
    {
        var entry = new JObject { ["name"] = item.Name, ["node"] = item.Node, ["status"] = item.Status.Name() };
        foreach (var p in fields.Properties()) entry[p.Name] = p.Value;
        entry["error"] = item.Error;
        return entry;
    }

    static JObject Node(NodeOutcome o) => new()
    {
        ["id"] = o.Node.Id,
        ["kind"] = o.Node.KindName,
        ["label"] = o.Node.Label,
        ["status"] = o.Status.Name(),
        ["epochs"] = o.Node.Epochs,
        ["seconds"] = o.Record?.Seconds,
        ["train_images_per_second"] = o.Record?.TrainImagesPerSecond,
        ["metrics"] = o.Record is { } r ? JObject.FromObject(r.Metrics) : null,
        ["error"] = o.Error,
    };
}
