using System.Collections.Immutable;

namespace EnsDsl.Planning;

/// <summary>What a report item is: its section in results.json and the view the outputs give it.</summary>
public enum OutputKind
{
    /// <summary>An ensemble (<c>Ensemble()</c>): scores for every size k.</summary>
    Ensemble,
    /// <summary>A soup, evaluated.</summary>
    Soup,
    /// <summary>A single model, evaluated.</summary>
    Evaluation,
    /// <summary>A linear path between two models.</summary>
    Interpolation,
    /// <summary>A basin report.</summary>
    Basin,
    /// <summary>The landscape over a plane through three models.</summary>
    Plane,
}

/// <summary>An item of the experiment's report and the node that produces it.</summary>
/// <param name="Name">Unique name in the experiment.</param>
/// <param name="Kind">What the item is.</param>
/// <param name="NodeId">The node whose result it is.</param>
/// <param name="Origin">Where it was written.</param>
/// <param name="Cell">The sweep cell (e.g. <c>cycleLr=0.1</c>) when the script ran as a sweep or repeatedly.</param>
public sealed record PlanOutput(string Name, OutputKind Kind, string NodeId, Origin Origin, SweepCell? Cell = null)
{
    /// <summary>The name without its cell: what the same output is called in every cell (<see cref="Name"/> when there is no cell).</summary>
    public string Title { get => field ?? Name; init; }

    /// <summary>The cell as written in the name, or null.</summary>
    public string? Sweep => Cell?.Label;

    /// <summary>The sweep cells this output answers (several when its node is the same in all of them; empty without a sweep).</summary>
    public ImmutableArray<SweepCell> Covers { get; init; } = [];
}

/// <summary>What the plan costs, in epochs.</summary>
/// <param name="Epochs">Epochs trained by the plan (each node once).</param>
/// <param name="EpochsWithoutSharing">Epochs if each report item trained everything it needs in a run of its own,
/// as the authors' scripts do for every sweep cell (an item whose needs another item's run covers, such as the soup
/// of an ensemble's members, adds nothing).</param>
/// <param name="CriticalPathEpochs">Epochs along the longest chain: the wall-clock if independent branches run in parallel.</param>
public sealed record PlanTotals(int Epochs, int EpochsWithoutSharing, int CriticalPathEpochs)
{
    /// <summary>Epochs saved by sharing identical steps.</summary>
    public int EpochsSaved => EpochsWithoutSharing - Epochs;
}

/// <summary>
/// A plan: the DAG of an experiment in topological order (parents first), its report items, its validation
/// diagnostics and its cost.
/// </summary>
/// <param name="Nodes">Nodes, parents before children.</param>
/// <param name="Outputs">Report items.</param>
/// <param name="Diagnostics">Validation errors and warnings; the plan runs only without errors.</param>
/// <param name="Totals">Epoch totals.</param>
public sealed record Plan(ImmutableArray<PlanNode> Nodes, ImmutableArray<PlanOutput> Outputs, ImmutableArray<Diagnostic> Diagnostics, PlanTotals Totals)
{
    readonly Lazy<Dictionary<string, PlanNode>> byId = new(() => Nodes.ToDictionary(n => n.Id));
    readonly Lazy<ILookup<string, TrainNode>> continuations = new(() => Nodes.OfType<TrainNode>().Where(t => !t.Step.ResetOptimizer).ToLookup(t => t.Parents[0]));

    /// <summary>True when validation found no error.</summary>
    public bool IsValid => Diagnostics.All(d => d.Severity != Severity.Error);

    /// <summary>The node with id <paramref name="id"/>.</summary>
    public PlanNode this[string id] => byId.Value[id];

    /// <summary>True when the plan has a node with id <paramref name="id"/>.</summary>
    public bool Contains(string id) => byId.Value.ContainsKey(id);

    /// <summary>The model node with id <paramref name="id"/> (the parent of a training step, a member of a soup, …).</summary>
    public ModelNode Model(string id) => this[id] as ModelNode
        ?? throw new ArgumentException($"node {id} ({this[id].KindName}) is not a model");

    /// <summary>The training steps that continue the optimizer state of step <paramref name="id"/> (<c>resetOptimizer: false</c>).</summary>
    public IEnumerable<TrainNode> Continuing(string id) => continuations.Value[id];

    /// <summary>The nodes that consume <paramref name="id"/>.</summary>
    public IEnumerable<PlanNode> Children(string id) => Nodes.Where(n => n.Parents.Contains(id));
}
