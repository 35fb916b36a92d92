using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Results;

/// <summary>One reported item of a run, with what results files, plots and summaries show of it.</summary>
/// <param name="Name">The user's name, or the planner's.</param>
/// <param name="Kind"><c>ensemble</c>, <c>soup</c>, <c>evaluation</c>, <c>interpolation</c> or <c>basin</c>.</param>
/// <param name="Node">The node whose record holds the result.</param>
/// <param name="Status">done, cached, failed or skipped.</param>
/// <param name="Metrics">The node's metrics (empty when it did not finish).</param>
/// <param name="Result">The node's structured result (curve, diversity, path, …), if any.</param>
/// <param name="Members">Model node ids: an ensemble's or soup's members; the model evaluated; the two ends of a path.</param>
/// <param name="Error">Why it has no result, when it has none.</param>
/// <param name="Details">Kind-specific facts: a soup's kind and BN policy.</param>
/// <param name="Chosen">The members a greedy soup kept, in the order it added them; null otherwise.</param>
public sealed record ReportedItem(string Name, string Kind, string Node, string Status, IReadOnlyDictionary<string, double> Metrics,
    JToken? Result, IReadOnlyList<string> Members, string? Error, IReadOnlyDictionary<string, string> Details, IReadOnlyList<string>? Chosen = null)
{
    /// <summary>True when the item has numbers to show.</summary>
    public bool HasResult => Status is "done" or "cached";

    /// <summary>A metric, or null when absent.</summary>
    public double? Metric(string key) => Metrics.TryGetValue(key, out var v) ? v : null;
}

/// <summary>The reported items of a run, in report order.</summary>
public static class RunResults
{
    /// <summary>The items of <paramref name="plan"/>'s outputs as <paramref name="report"/> left them.</summary>
    public static IReadOnlyList<ReportedItem> Of(Plan plan, ExecutionReport report)
    {
        var byId = report.Outcomes.ToDictionary(o => o.Node.Id);
        return [.. plan.Outputs.Select(o => Item(plan, o, byId[o.NodeId], byId))];
    }

    static ReportedItem Item(Plan plan, PlanOutput output, NodeOutcome outcome, Dictionary<string, NodeOutcome> byId)
    {
        var node = plan[output.NodeId];
        var details = new Dictionary<string, string>();
        IReadOnlyList<string>? chosen = null;
        IReadOnlyList<string> members = node.Kind switch
        {
            NodeKind.Ensemble => [.. node.Parents.Select(e => plan[e].Parents[0])],
            NodeKind.Evaluate when plan[node.Parents[0]].Kind == NodeKind.Soup => plan[node.Parents[0]].Parents,
            NodeKind.Evaluate => [node.Parents[0]],
            NodeKind.Basin => node.Parents[1..],
            _ => node.Parents,
        };
        if (output.Kind == "soup")
        {
            var soup = plan[node.Parents[0]];
            details["soup"] = (string)soup.Op["kind"]!;
            details["bn"] = BnPolicy.FromCanonical(soup.Op["bn"]).Describe();
            if (byId.TryGetValue(soup.Id, out var soupOutcome) && soupOutcome.Record?.Result?["chosen"] is JArray kept)
                chosen = [.. kept.Select(c => (string)c!)];
        }
        var metrics = outcome.Record?.Metrics ?? new Dictionary<string, double>();
        return new ReportedItem(output.Name, output.Kind, node.Id, outcome.StatusName, metrics, outcome.Record?.Result, members, outcome.Error, details, chosen);
    }
}
