using System.Collections.Immutable;

namespace EnsDsl.Planning;

/// <summary>What a plan node computes.</summary>
public enum NodeKind
{
    /// <summary>Load a pre-trained checkpoint.</summary>
    Pretrained,
    /// <summary>Randomly initialise an architecture.</summary>
    Init,
    /// <summary>Train from the parent's weights.</summary>
    Train,
    /// <summary>Average the parents' weights (and recompute BN statistics).</summary>
    Soup,
    /// <summary>Predict the test set with the parent model; metrics per model.</summary>
    Evaluate,
    /// <summary>Average the parents' predictions; metrics for every ensemble size.</summary>
    Ensemble,
    /// <summary>Loss and error on the line between two models.</summary>
    Interpolate,
    /// <summary>Barriers and distances of members to a center.</summary>
    Basin,
}

/// <summary>
/// One step of a plan. <see cref="Id"/> is a content hash of (<see cref="Kind"/>, <see cref="Parents"/>,
/// <see cref="Op"/>, <see cref="Seed"/>); see <see cref="NodeIds"/> for exactly what is hashed.
/// </summary>
/// <param name="Id">Stable content hash (16 hex digits).</param>
/// <param name="Kind">What the node computes.</param>
/// <param name="Label">Human label (the user's name when given).</param>
/// <param name="Parents">Ids of the nodes it consumes, in order.</param>
/// <param name="Epochs">Training epochs (0 for non-training nodes).</param>
/// <param name="Seed">The seed of a training or initialisation node.</param>
/// <param name="Op">The resolved operation and hyper-parameters, as hashed.</param>
/// <param name="Origins">Every script location that wrote this computation.</param>
public sealed record PlanNode(
    string Id, NodeKind Kind, string Label, ImmutableArray<string> Parents, int Epochs, int? Seed,
    SortedDictionary<string, object?> Op, ImmutableArray<Origin> Origins)
{
    /// <summary>The training step of a train node.</summary>
    public TrainStep? Step { get; init; }

    /// <summary>The kind as written in JSON and tables.</summary>
    public string KindName => Kind.ToString().ToLowerInvariant();

    /// <summary>The LR of every epoch, for a train node whose schedule is evaluated per epoch.</summary>
    public IReadOnlyList<double>? LrPerEpoch => Step is { PerBatch: false } s
        ? [.. Enumerable.Range(0, s.Epochs).Select(e => s.Schedule.Lr(e, s.Epochs))]
        : null;
}

/// <summary>An item of the experiment's report and the node that produces it.</summary>
/// <param name="Name">Unique name in the experiment.</param>
/// <param name="Kind">ensemble, soup, evaluation, interpolation or basin.</param>
/// <param name="NodeId">The node whose result it is.</param>
/// <param name="Origin">Where it was written.</param>
/// <param name="Sweep">The sweep cell (e.g. <c>cycleLr=0.1</c>) when the script ran as a sweep.</param>
public sealed record PlanOutput(string Name, string Kind, string NodeId, Origin Origin, string? Sweep = null);

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

    /// <summary>True when validation found no error.</summary>
    public bool IsValid => Diagnostics.All(d => d.Severity != Severity.Error);

    /// <summary>The node with id <paramref name="id"/>.</summary>
    public PlanNode this[string id] => byId.Value[id];

    /// <summary>The nodes that consume <paramref name="id"/>.</summary>
    public IEnumerable<PlanNode> Children(string id) => Nodes.Where(n => n.Parents.Contains(id));
}
