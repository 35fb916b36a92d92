namespace EnsDsl.Planning;

/// <summary>
/// What nodes add to the store, estimated from the plan alone (architectures, class counts, optimizers, test-set
/// sizes): bytes of weights, optimizer state and test-set predictions. File headers are not counted (under 1 % for
/// the paper's networks).
/// </summary>
/// <param name="Weights">Model weights (trained, souped, initialised or converted from a checkpoint).</param>
/// <param name="OptimizerState">Training steps' final optimizer state.</param>
/// <param name="Predictions">Test-set log-probabilities and labels.</param>
/// <param name="TrainingState">The largest resumable state one training step keeps while it runs (weights and
/// optimizer state, replaced every epoch and removed when the step ends): room a run needs, not what it leaves.</param>
/// <param name="Exact">False when a size is unknown before reading files (an image folder's test set or classes, a
/// checkpoint's head): those parts are left out or counted without a head.</param>
public sealed record Footprint(long Weights, long OptimizerState, long Predictions, long TrainingState, bool Exact)
{
    /// <summary>Nothing.</summary>
    public static Footprint None { get; } = new(0, 0, 0, 0, true);

    /// <summary>What stays in the store.</summary>
    public long Bytes => Weights + OptimizerState + Predictions;

    /// <summary>Both added; the largest training state of the two.</summary>
    public static Footprint operator +(Footprint a, Footprint b) => new(a.Weights + b.Weights, a.OptimizerState + b.OptimizerState,
        a.Predictions + b.Predictions, Math.Max(a.TrainingState, b.TrainingState), a.Exact && b.Exact);
}

/// <summary>The <see cref="Footprint"/> of plan nodes.</summary>
public static class StoreFootprint
{
    /// <summary>What <paramref name="nodes"/> of <paramref name="plan"/> add to the store.</summary>
    /// <example><code>StoreFootprint.Of(plan, plan.Nodes).Bytes</code></example>
    public static Footprint Of(Plan plan, IEnumerable<PlanNode> nodes) => nodes.Aggregate(Footprint.None, (sum, n) => sum + Of(plan, n));

    /// <summary>What one node adds to the store.</summary>
    public static Footprint Of(Plan plan, PlanNode node)
    {
        switch (node)
        {
            case TrainNode t:
            {
                var (weights, exact) = Weights(t);
                var state = t.Arch.StateSize(t.Step.Data.NumberOfClasses ?? 0);
                var optimizer = 4 * t.Step.Optimizer.StateCopies * state.Parameters;
                var (predictions, known) = Predictions(t.Step.Data);
                return new Footprint(weights, optimizer, predictions, weights + optimizer, exact && known);
            }
            case ModelNode m:
            {
                var (weights, exact) = Weights(m);
                return new Footprint(weights, 0, 0, 0, exact);
            }
            case EvaluateNode e:
            {
                var (predictions, known) = Predictions(e.Data);
                return new Footprint(0, 0, predictions, 0, known);
            }
            default:
                return Footprint.None;     // ensembles, interpolations and basins keep only their record
        }
    }

    /// <summary>A model's weights: its architecture with the head it has.</summary>
    static (long Bytes, bool Exact) Weights(ModelNode m) => m switch
    {
        InitNode => (m.Arch.StateSize(1).WeightBytes, true),                // initialised with a one-class head, replaced by training
        PretrainedNode => (m.Arch.StateSize(0).WeightBytes, false),         // a checkpoint's head (if any) is known from its file
        _ when m.Training?.Data.NumberOfClasses is { } classes => (m.Arch.StateSize(classes).WeightBytes, true),
        _ => (m.Arch.StateSize(0).WeightBytes, false),
    };

    /// <summary>Log-probabilities (float32) and labels (int64) of the scored split.</summary>
    static (long Bytes, bool Known) Predictions(Dataset data) =>
        data.ScoredImages is { } images && data.NumberOfClasses is { } classes ? ((long)images * (4L * classes + 8), true) : (0, false);
}
