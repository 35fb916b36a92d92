using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Results;

namespace EnsDsl.Runtime.Reports;

/// <summary>One reported item of a run, with what results files, plots and summaries show of it.</summary>
/// <param name="Name">The user's name, or the planner's.</param>
/// <param name="Kind">What the item is.</param>
/// <param name="Node">The node whose record holds the result.</param>
/// <param name="Status">How its node ended.</param>
/// <param name="Metrics">The node's metrics (empty when it did not finish), named as in <see cref="MetricNames"/>.</param>
/// <param name="Result">The node's structured result (curve and diversity, path, basin report), if any.</param>
/// <param name="Members">Model node ids: an ensemble's or soup's members; the model evaluated; the two ends of a path.</param>
/// <param name="Error">Why it has no result, when it has none.</param>
/// <param name="Soup">The soup node of a soup item (its kind and BN policy).</param>
/// <param name="Greedy">A greedy soup's choice (the members kept, the held-out images); null otherwise.</param>
public sealed record ReportedItem(string Name, OutputKind Kind, string Node, NodeStatus Status, IReadOnlyDictionary<string, double> Metrics,
    NodeResult? Result, IReadOnlyList<string> Members, string? Error, SoupNode? Soup = null, GreedySoupResult? Greedy = null)
{
    /// <summary>The members a greedy soup kept, in the order it added them; null otherwise.</summary>
    public IReadOnlyList<string>? Chosen => Greedy?.Chosen;

    /// <summary>Its name without its sweep cell.</summary>
    public string Title { get => field ?? Name; init; }

    /// <summary>Its sweep cell, or null.</summary>
    public SweepCell? Cell { get; init; }

    /// <summary>True when the item has numbers to show.</summary>
    public bool HasResult => Status.Finished();

    /// <summary>A metric, or null when absent.</summary>
    public double? Metric(string key) => Metrics.TryGetValue(key, out var v) ? v : null;

    /// <summary>A score of the item on the test split (<see cref="MetricNames.Reported"/>), or null when absent.</summary>
    public double? Score(string name) => Metric(MetricNames.OnTest(name));
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
        var soup = output.Kind == OutputKind.Soup ? plan[node.Parents[0]] as SoupNode : null;
        IReadOnlyList<string> members = node switch
        {
            EnsembleNode => [.. node.Parents.Select(e => plan[e].Parents[0])],
            EvaluateNode when plan[node.Parents[0]] is SoupNode s => s.Parents,
            EvaluateNode => [node.Parents[0]],
            BasinNode => node.Parents[1..],
            PlaneNode => plan[node.Parents[0]].Parents,                    // the frame's: the three, then the projected
            _ => node.Parents,
        };
        var greedy = soup is not null && byId.TryGetValue(soup.Id, out var soupOutcome) ? soupOutcome.Record?.Result as GreedySoupResult : null;
        var metrics = outcome.Record?.Metrics ?? new Dictionary<string, double>();
        return new ReportedItem(output.Name, output.Kind, node.Id, outcome.Status, metrics, outcome.Record?.Result, members, outcome.Error, soup, greedy)
        {
            Title = output.Title,
            Cell = output.Cell,
        };
    }
}
