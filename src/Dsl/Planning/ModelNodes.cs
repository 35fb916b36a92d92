namespace EnsDsl.Planning;

/// <summary>
/// A node whose result is weights. What a runner needs to rebuild and feed the network is known on the node itself:
/// its <see cref="Arch"/>, and the <see cref="Training"/> settings it inherits (data, batch size, transform).
/// Neither is hashed: both follow from the parents and the operation, which are.
/// </summary>
public abstract record ModelNode : PlanNode
{
    private protected ModelNode() { }

    /// <summary>The architecture of the weights.</summary>
    public required Architecture Arch { get; init; }

    /// <summary>
    /// The training settings of the model: a train node's own step, a soup's first member's; null for a checkpoint
    /// or an initialisation, which no step has trained for a task.
    /// </summary>
    public virtual TrainStep? Training => null;
}

/// <summary>Weights loaded from a checkpoint of a registered source.</summary>
/// <param name="Source">The source (file format, naming convention, recipe).</param>
/// <param name="Checkpoint">The checkpoint's path as written in the script.</param>
public sealed record PretrainedNode(PretrainedSource Source, string Checkpoint) : ModelNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Pretrained;
}

/// <summary>A random initialisation of <see cref="ModelNode.Arch"/> from <see cref="PlanNode.Seed"/>.</summary>
public sealed record InitNode : ModelNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Init;
}

/// <summary>A training step from the parent's weights, with <see cref="PlanNode.Seed"/>.</summary>
/// <param name="Step">The resolved step.</param>
public sealed record TrainNode(TrainStep Step) : ModelNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Train;

    /// <inheritdoc />
    public override int Epochs => Math.Max(Step.Epochs, 0);

    /// <inheritdoc />
    public override TrainStep? Training => Step;

    /// <summary>The LR of every epoch when the schedule is evaluated per epoch; null for per-batch schedules.</summary>
    public IReadOnlyList<double>? LrPerEpoch => Step.PerBatch
        ? null
        : [.. Enumerable.Range(0, Step.Epochs).Select(e => Step.Schedule.Lr(e, Step.Epochs))];
}

/// <summary>A soup of the parents' weights.</summary>
/// <param name="SoupKind">Uniform or greedy.</param>
/// <param name="Bn">What happens to BN statistics.</param>
/// <param name="FirstMember">The first member's training settings, which the soup inherits (members are trained models).</param>
public sealed record SoupNode(SoupKind SoupKind, BnPolicy Bn, TrainStep FirstMember) : ModelNode
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Soup;

    /// <inheritdoc />
    public override TrainStep? Training => FirstMember;

    /// <summary>The task whose training data recomputes BN statistics and holds out a greedy soup's split: the members'.</summary>
    public Dataset Data => FirstMember.Data;

    /// <summary>What happens to normalisation statistics, for people: the BN policy, or that the network has none (a Swin's LayerNorms have no statistics).</summary>
    public string NormalisationNote => Arch.HasBatchNorm ? Bn.Describe() : "no BatchNorm statistics (LayerNorm)";
}
