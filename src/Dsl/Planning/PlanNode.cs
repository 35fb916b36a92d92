using System.Collections.Immutable;

namespace EnsDsl.Planning;

/// <summary>What a plan node computes: one case per <see cref="PlanNode"/> record.</summary>
public enum NodeKind
{
    /// <summary>Load a pre-trained checkpoint (<see cref="PretrainedNode"/>).</summary>
    Pretrained,
    /// <summary>Randomly initialise an architecture (<see cref="InitNode"/>).</summary>
    Init,
    /// <summary>Train from the parent's weights (<see cref="TrainNode"/>).</summary>
    Train,
    /// <summary>Average the parents' weights and recompute BN statistics (<see cref="SoupNode"/>).</summary>
    Soup,
    /// <summary>Predict the test set with the parent model; metrics per model (<see cref="EvaluateNode"/>).</summary>
    Evaluate,
    /// <summary>Average the parents' predictions; metrics for every ensemble size (<see cref="EnsembleNode"/>).</summary>
    Ensemble,
    /// <summary>Loss and error on the line between two models (<see cref="InterpolateNode"/>).</summary>
    Interpolate,
    /// <summary>Barriers and distances of members to a center (<see cref="BasinNode"/>).</summary>
    Basin,
    /// <summary>The coordinates of a plane through three models and of the models on it (<see cref="PlaneFrameNode"/>).</summary>
    PlaneFrame,
    /// <summary>Loss and error at one point of a plane through three models (<see cref="PlanePointNode"/>).</summary>
    PlanePoint,
    /// <summary>A plane through three models: coordinates, projections and the grid's values (<see cref="PlaneNode"/>).</summary>
    Plane,
}

/// <summary>
/// One step of a plan, a closed set of records: the models (<see cref="PretrainedNode"/>, <see cref="InitNode"/>,
/// <see cref="TrainNode"/>, <see cref="SoupNode"/>) and the measurements (<see cref="EvaluateNode"/>,
/// <see cref="EnsembleNode"/>, <see cref="InterpolateNode"/>, <see cref="BasinNode"/>, <see cref="PlaneFrameNode"/>,
/// <see cref="PlanePointNode"/>, <see cref="PlaneNode"/>). Each carries its typed fields;
/// <see cref="NodeOp.Canonical"/> derives from them the operation that is hashed into <see cref="Id"/> (see
/// <see cref="NodeIds"/>) and shown by <c>plan --json</c> and MLflow.
/// </summary>
public abstract record PlanNode
{
    private protected PlanNode() { }

    /// <summary>Stable content hash (16 hex digits).</summary>
    public string Id { get; init; } = "";

    /// <summary>Human label (the user's name when given).</summary>
    public required string Label { get; init; }

    /// <summary>Ids of the nodes it consumes, in order.</summary>
    public ImmutableArray<string> Parents { get; init; } = [];

    /// <summary>Every script location that wrote this computation.</summary>
    public ImmutableArray<Origin> Origins { get; init; } = [];

    /// <summary>The seed of a training or initialisation node; null for the others.</summary>
    public int? Seed { get; init; }

    /// <summary>What the node computes.</summary>
    public abstract NodeKind Kind { get; }

    /// <summary>Training epochs (0 for nodes that do not train).</summary>
    public virtual int Epochs => 0;

    /// <summary>The kind as written in JSON, tables and the store.</summary>
    public string KindName => Kind.Name();
}
