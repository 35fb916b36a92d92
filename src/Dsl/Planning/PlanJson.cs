using Newtonsoft.Json.Linq;

namespace EnsDsl.Planning;

/// <summary>
/// The plan as JSON (<c>ensdsl plan --json</c>, and the <c>plan</c> of results.json):
/// <code>
/// { "nodes": [ { "id", "kind", "label", "parents": [], "epochs", "seed",
///                "lr_per_epoch": [] (per-epoch train nodes) | "lr_schedule": { "per_batch", "formula", "cycle_epochs" },
///                "op": {…resolved hyper-parameters, as hashed…}, "locations": ["file:line"] } ],
///   "outputs": [ { "name", "kind", "node", "location", "sweep" } ],
///   "totals": { "epochs", "epochs_without_sharing", "epochs_saved", "critical_path_epochs",
///               "devices", "makespan_epochs" (with plan --devices N),
///               with a store: "nodes_cached", "epochs_cached", "epochs_to_train", "train_steps_left",
///               "train_steps_estimated", "train_seconds_estimate" (of those steps, at the speeds the store measured, or null),
///               "disk_bytes" (what the plan adds to it),
///               "disk": { "weights", "optimizer_state", "predictions", "training_state" (room one running step needs), "exact" } },
///   "diagnostics": [ { "severity", "code", "message", "location" } ] }
/// </code>
/// </summary>
public static class PlanJson
{
    /// <summary>The plan as a JSON object.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="relativeTo">Directory that script locations are made relative to (null keeps them as they are).</param>
    /// <param name="devices">When given, the totals include the makespan on that many devices (<see cref="Makespan"/>).</param>
    /// <param name="store">What the store already holds of the plan: the totals then say what is cached and what it adds.</param>
    public static JObject ToJson(Plan plan, string? relativeTo = null, int? devices = null, StoreState? store = null)
    {
        var json = Json(plan, relativeTo);
        if (store is not null)
        {
            var totals = (JObject)json["totals"]!;
            var add = store.ToAdd(plan);
            totals["nodes_cached"] = store.NodesCached(plan);
            totals["epochs_cached"] = store.EpochsCached(plan);
            totals["epochs_to_train"] = store.EpochsToTrain(plan);
            var time = store.TimeToTrain(plan);
            totals["train_steps_left"] = time.Steps;
            totals["train_steps_estimated"] = time.Estimated;
            totals["train_seconds_estimate"] = time.Estimated > 0 ? Math.Round(time.Seconds, 1) : null;
            totals["disk_bytes"] = add.Bytes;
            totals["disk"] = new JObject
            {
                ["weights"] = add.Weights, ["optimizer_state"] = add.OptimizerState, ["predictions"] = add.Predictions,
                ["training_state"] = add.TrainingState, ["exact"] = add.Exact,
            };
        }
        if (devices is { } n)
        {
            json["totals"]!["devices"] = n;
            json["totals"]!["makespan_epochs"] = Makespan.Epochs(plan, n);
        }
        return json;
    }

    static JObject Json(Plan plan, string? relativeTo) => new()
    {
        ["nodes"] = new JArray(plan.Nodes.Select(n => Node(n, relativeTo))),
        ["outputs"] = new JArray(plan.Outputs.Select(o => new JObject
        {
            ["name"] = o.Name,
            ["kind"] = o.Kind.Name(),
            ["node"] = o.NodeId,
            ["location"] = Location(o.Origin, relativeTo),
            ["sweep"] = o.Sweep,
            ["cell"] = Cell(o.Cell),
            ["covers"] = new JArray(o.Covers.Select(c => c.Label)),
        })),
        ["totals"] = new JObject
        {
            ["epochs"] = plan.Totals.Epochs,
            ["epochs_without_sharing"] = plan.Totals.EpochsWithoutSharing,
            ["epochs_saved"] = plan.Totals.EpochsSaved,
            ["critical_path_epochs"] = plan.Totals.CriticalPathEpochs,
        },
        ["diagnostics"] = new JArray(plan.Diagnostics.Select(d => new JObject
        {
            ["severity"] = d.Severity.Name(),
            ["code"] = d.Code,
            ["message"] = d.Message,
            ["location"] = Location(d.Origin, relativeTo),
        })),
    };

    static JObject Node(PlanNode n, string? relativeTo)
    {
        var json = new JObject
        {
            ["id"] = n.Id,
            ["kind"] = n.KindName,
            ["label"] = n.Label,
            ["parents"] = new JArray(n.Parents),
            ["epochs"] = n.Epochs,
            ["seed"] = n.Seed,
        };
        if (n is TrainNode { Step: var step } train)
        {
            if (train.LrPerEpoch is { } lrs) json["lr_per_epoch"] = new JArray(lrs);
            else json["lr_schedule"] = new JObject
            {
                ["per_batch"] = true,
                ["formula"] = step.Schedule.Describe(),
                ["cycle_epochs"] = step.Schedule is Repeat r ? r.CycleEpochs : step.Epochs,
            };
        }
        json["op"] = ToToken(NodeOp.Canonical(n));
        json["locations"] = new JArray(n.Origins.Select(o => Location(o, relativeTo)));
        return json;
    }

    static string? Location(Origin origin, string? relativeTo)
    {
        if (!origin.IsKnown) return null;
        var file = relativeTo is null ? origin.File : Path.GetRelativePath(relativeTo, origin.File);
        return $"{file}:{origin.Line}";
    }

    static JToken ToToken(object? value) => value switch
    {
        null => JValue.CreateNull(),
        SortedDictionary<string, object?> map => new JObject(map.Select(kv => new JProperty(kv.Key, ToToken(kv.Value)))),
        string s => new JValue(s),
        System.Collections.IEnumerable list => new JArray(list.Cast<object?>().Select(ToToken)),
        _ => new JValue(value),
    };

    /// <summary>A sweep cell as an object of its parameters' values (as written), or null.</summary>
    public static JObject? Cell(SweepCell? cell) => cell is null ? null : new JObject(cell.Values.Select(v => new JProperty(v.Key, v.Value)));
}
