namespace EnsDsl.Planning;

/// <summary>
/// The canonical operation of a node: every hyper-parameter that changes its result, as a <see cref="Canon"/> map.
/// It is hashed into the node's id (<see cref="NodeIds"/>), and it is what <c>plan --json</c> shows as <c>op</c> and
/// MLflow records as a child run's params. This is the only place it is derived from the typed node.
/// </summary>
public static class NodeOp
{
    /// <summary>What a basin report measures: a build that measures differently plans another node.</summary>
    const string BasinMeasures = "barriers(bn recomputed),l2 to center,l2 to own start,l2 pairwise,l2 and relative change per stage";

    /// <summary>The split evaluation nodes predict.</summary>
    const string TestSplit = "test";

    /// <summary>How an ensemble combines its members.</summary>
    const string MeanProbabilities = "mean_probabilities";

    /// <summary>The canonical operation of <paramref name="node"/>.</summary>
    /// <example><code>NodeOp.Canonical(plan[id])["data"]   // "cifar100:datasets/cifar-100"</code></example>
    public static SortedDictionary<string, object?> Canonical(PlanNode node) => node switch
    {
        PretrainedNode p => Canon.Map(("source", p.Source.Name), ("checkpoint", p.Checkpoint), ("arch", p.Arch.Name),
            ("format", p.Source.FormatName)),
        InitNode i => Canon.Map(("arch", i.Arch.Name)),
        TrainNode t => t.Step.ToCanonical(),
        SoupNode s => Soup(s),
        EvaluateNode e => Canon.Map(("data", e.Data.Spec), ("split", TestSplit), ("mean_per_class", e.Data.MeanPerClassAccuracy),
            ("metrics", ScoreProtocol.Canonical)),
        EnsembleNode e => Canon.Map(("data", e.Data.Spec), ("mean_per_class", e.Data.MeanPerClassAccuracy), ("combine", MeanProbabilities),
            ("metrics", ScoreProtocol.Canonical)),
        InterpolateNode i => Canon.Map(("points", i.Points), ("data", i.Data.Spec), ("bn", i.Bn.ToCanonical())),
        BasinNode b => Canon.Map(("points", b.Points), ("data", b.Data.Spec), ("measures", BasinMeasures)),
        PlaneFrameNode f => Canon.Map(("grid", Grid(f.Grid)), ("projected", f.Projected), ("basis", PlaneBasis)),
        PlanePointNode p => Canon.Map(("row", p.Row), ("column", p.Column), ("data", p.Data.Spec), ("bn", p.Bn.ToCanonical())),
        PlaneNode p => Canon.Map(("grid", Grid(p.Grid)), ("data", p.Data.Spec), ("bn", p.Bn.ToCanonical())),
        _ => throw new ArgumentException($"no canonical form for a {node.GetType().Name}"),
    };

    /// <summary>How a plane's coordinates are made: a build that places points differently plans other nodes.</summary>
    const string PlaneBasis = "gram-schmidt(b-a,c-a) over parameters and buffers but bn statistics";

    static SortedDictionary<string, object?> Grid(PlaneGrid g) => Canon.Map(("resolution", g.Resolution), ("margin", g.Margin));

    static SortedDictionary<string, object?> Soup(SoupNode s)
    {
        var op = Canon.Map(("kind", s.SoupKind.Name()), ("bn", s.Bn.ToCanonical()), ("data", s.Data.Spec));
        if (s.SoupKind == SoupKind.Greedy) op["held_out"] = GreedySoupHeldOut.Canonical;
        return op;
    }
}
