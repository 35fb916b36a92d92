using EnsDsl.Documents;
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
    /// <summary>The plan as a JSON object: <see cref="PlanDocument"/> as <see cref="DocumentJson"/> writes it.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="relativeTo">Directory that script locations are made relative to (null keeps them as they are).</param>
    /// <param name="devices">When given, the totals include the makespan on that many devices (<see cref="Makespan"/>).</param>
    /// <param name="store">What the store already holds of the plan: the totals then say what is cached and what it adds.</param>
    public static JObject ToJson(Plan plan, string? relativeTo = null, int? devices = null, StoreState? store = null) =>
        DocumentJson.ToJson(PlanDocument.Of(plan, relativeTo, devices, store));
}
