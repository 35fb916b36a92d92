using EnsDsl.Planning;

namespace EnsDsl;

/// <summary>What a training step does with the classification head.</summary>
public enum Head
{
    /// <summary>Keep the parent's head (continued training on the same task).</summary>
    Keep,
    /// <summary>Attach a freshly initialised head for the step's dataset (fine-tuning; training from scratch).</summary>
    New,
}

/// <summary>
/// Everything a training step needs, fully resolved: the content of a <c>train</c> plan node. All of it except
/// <see cref="Label"/> and <see cref="Lr"/> (already folded into <see cref="Schedule"/>) is hashed into the node id.
/// </summary>
/// <param name="Data">Training data (its train split).</param>
/// <param name="Epochs">Number of epochs.</param>
/// <param name="Schedule">The LR schedule over the step, peaks resolved.</param>
/// <param name="PerBatch">Evaluate the schedule at every batch instead of every epoch.</param>
/// <param name="Optimizer">Optimizer and weight decay.</param>
/// <param name="BatchSize">Batch size.</param>
/// <param name="Head">Keep the parent's head or attach a new one.</param>
/// <param name="ResetOptimizer">Start from a fresh optimizer state (the authors' <c>reset_optim_state</c>);
/// false continues the parent's momentum buffers and moments.</param>
/// <param name="Seed">Explicit seed, or null for one derived from the parent and branch.</param>
/// <param name="Lr">The step's base LR, inherited by steps that follow (e.g. SSE cycles default to it).</param>
/// <param name="Loss">Loss function.</param>
/// <param name="Transform">Augmentation and preprocessing.</param>
/// <param name="ImageSize">Training image size.</param>
/// <param name="ClipGradNorm">Gradient clipping threshold, or null.</param>
/// <param name="Amp">Mixed precision on GPU.</param>
/// <param name="DropLast">Drop the last incomplete batch.</param>
/// <param name="Label">Human label for plans and progress.</param>
public sealed record TrainStep(
    Dataset Data,
    int Epochs,
    Schedule Schedule,
    bool PerBatch,
    Optimizer Optimizer,
    int BatchSize,
    Head Head,
    bool ResetOptimizer,
    int? Seed,
    double Lr,
    Loss Loss,
    Transform Transform,
    int ImageSize,
    double? ClipGradNorm,
    bool Amp,
    bool DropLast,
    string Label)
{
    /// <summary>
    /// Stochastic depth of a Swin (the recipe's <c>drop_path_rate</c>): the last block's drop rate, rising linearly
    /// from 0 over the blocks; 0 (no drop-path) for every other network.
    /// </summary>
    public double DropPath { get; init; }

    /// <summary>The key of the optimizer-state policy in the step's hashed content (and in <c>plan --json</c>'s <c>op</c>).</summary>
    public const string OptimizerStateKey = "optimizer_state";

    /// <summary>Its value for a step that continues its parent's optimizer state.</summary>
    public const string ContinuedOptimizerState = "continue";

    /// <summary>The hashed content of the step (seed excluded; it is hashed separately). Drop-path enters only when set, so steps without it keep their ids.</summary>
    public SortedDictionary<string, object?> ToCanonical()
    {
        var map = Content();
        if (DropPath > 0) map["drop_path"] = DropPath;
        return map;
    }

    SortedDictionary<string, object?> Content() => Canon.Map(
        ("data", Data.Spec),
        ("epochs", Epochs),
        ("schedule", Schedule.ToCanonical()),
        ("per_batch", PerBatch),
        ("optimizer", Optimizer.ToCanonical()),
        ("batch_size", BatchSize),
        ("head", Head == Head.New ? "new" : "keep"),
        (OptimizerStateKey, ResetOptimizer ? "fresh" : ContinuedOptimizerState),
        ("loss", Loss.ToCanonical()),
        ("transform", Transform.Name()),
        ("image_size", ImageSize),
        ("clip_grad_norm", ClipGradNorm),
        ("amp", Amp),
        ("drop_last", DropLast));

    /// <summary>A step with defaults taken from a recipe, for <paramref name="data"/>.</summary>
    internal static TrainStep FromRecipe(Recipe recipe, Dataset data, Head head, string label) => new(
        data, recipe.Epochs, recipe.Schedule.For(recipe.Epochs, recipe.Lr), false, recipe.Optimizer, recipe.BatchSize,
        head, true, null, recipe.Lr, recipe.Loss, recipe.Transform, recipe.ImageSize, recipe.ClipGradNorm, recipe.Amp,
        recipe.DropLast, label) { DropPath = recipe.DropPath };
}
