namespace EnsDsl.Planning;

/// <summary>The test-set predictions and scores of the parent model.</summary>
/// <param name="Data">The data whose test split is predicted (its <see cref="Dataset.MeanPerClassAccuracy"/> decides the accuracy).</param>
public sealed record EvaluateNode(Dataset Data) : PlanNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Evaluate;
}

/// <summary>The ensemble of the parents' predictions (the parents are evaluate nodes, one per member, in order).</summary>
/// <param name="Data">The data the members were evaluated on.</param>
public sealed record EnsembleNode(Dataset Data) : PlanNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Ensemble;
}

/// <summary>Loss and error on the straight line from the first parent to the second.</summary>
/// <param name="Points">Points on the line, both ends included.</param>
/// <param name="Data">The data whose test split is scored.</param>
/// <param name="Bn">What happens to BN statistics at each point.</param>
public sealed record InterpolateNode(int Points, Dataset Data, BnPolicy Bn) : PlanNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Interpolate;
}

/// <summary>A basin report: the first parent is the centre, the others the members.</summary>
/// <param name="Points">Points on each line from the centre to a member.</param>
/// <param name="Data">The data whose test split is scored.</param>
public sealed record BasinNode(int Points, Dataset Data) : PlanNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Basin;
}
