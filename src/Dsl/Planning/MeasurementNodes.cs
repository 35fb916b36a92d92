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

/// <summary>
/// The frame of a plane: the orthonormal coordinates of the plane through the first three parents (a, b, c), where
/// every parent lies in them (the others projected, with their distance to the plane), and the grid that spans them
/// all. Computed once from the weights; the grid's points and the plane read it.
/// </summary>
/// <param name="Grid">The plane's grid.</param>
/// <param name="Projected">How many projected models follow the three.</param>
public sealed record PlaneFrameNode(PlaneGrid Grid, int Projected) : PlanNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.PlaneFrame;
}

/// <summary>
/// One point of a plane's grid: the affine combination of a, b and c (the first three parents) that lies at
/// (<see cref="Column"/>, <see cref="Row"/>) of the grid of the frame (the fourth parent), its BN statistics handled by
/// <see cref="Bn"/>, scored on the test split. Each point is cached and scheduled like any evaluation.
/// </summary>
/// <param name="Row">The point's index along the second axis (0 = lowest).</param>
/// <param name="Column">The point's index along the first axis (0 = leftmost).</param>
/// <param name="Data">The data whose test split is scored.</param>
/// <param name="Bn">What happens to BN statistics at the point.</param>
public sealed record PlanePointNode(int Row, int Column, Dataset Data, BnPolicy Bn) : PlanNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.PlanePoint;
}

/// <summary>
/// A plane: the frame's coordinates of its models and the grid's values. Parents: the frame, then the grid's points,
/// row by row.
/// </summary>
/// <param name="Grid">The grid.</param>
/// <param name="Data">The data whose test split was scored.</param>
/// <param name="Bn">What happened to BN statistics at the points.</param>
public sealed record PlaneNode(PlaneGrid Grid, Dataset Data, BnPolicy Bn) : PlanNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Plane;
}
