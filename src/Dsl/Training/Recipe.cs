namespace EnsDsl;

/// <summary>
/// The default way to fine-tune from a source, like timm's pretrained configs: what <c>FineTune()</c> uses for
/// every argument it is not given. The paper's recipes are in <see cref="PretrainedSources"/>.
/// </summary>
/// <param name="Epochs">Fine-tuning epochs E.</param>
/// <param name="Lr">Peak LR η.</param>
/// <param name="Optimizer">Optimizer (its weight decay included).</param>
/// <param name="Schedule">Makes the schedule for given epochs and LR.</param>
/// <param name="BatchSize">Batch size.</param>
/// <param name="Transform">Augmentation and preprocessing, interpreted by the runtime.</param>
/// <param name="ImageSize">Training image size in pixels; <see cref="NativeSize"/> (0) keeps the images' own size.</param>
/// <param name="Loss">Loss function.</param>
/// <param name="ClipGradNorm">Gradient-norm clipping threshold, or null.</param>
/// <param name="Amp">Mixed precision on GPU.</param>
/// <param name="DropLast">Drop the last incomplete batch of an epoch.</param>
/// <param name="DropPath">Stochastic depth: the drop rate of a Swin's last block (rising linearly from 0 over the blocks); 0 for none.</param>
public sealed record Recipe(
    int Epochs,
    double Lr,
    Optimizer Optimizer,
    ScheduleRecipe Schedule,
    int BatchSize,
    Transform Transform,
    int ImageSize,
    Loss Loss,
    double? ClipGradNorm = null,
    bool Amp = false,
    bool DropLast = false,
    double DropPath = 0)
{
    /// <summary>
    /// For models trained from scratch on small images (the embedded tasks): SGD momentum 0.9, wd 5e-4, cosine,
    /// batch 64, horizontal flips at the images' native size, 15 epochs at LR 0.02 — the fine-tuning recipe of the
    /// embedded-task prototype.
    /// </summary>
    public static Recipe SmallImages { get; } = new(15, 0.02, new Sgd(0.9, 5e-4), new CosineRecipe(), 64, Transform.Flip, NativeSize, Loss.CrossEntropy);

    /// <summary>An <see cref="ImageSize"/> of 0: train at the images' own size (no resizing).</summary>
    public const int NativeSize = 0;
}

/// <summary>How a recipe turns (epochs, lr) into a schedule.</summary>
public abstract record ScheduleRecipe
{
    /// <summary>The schedule for a step of <paramref name="epochs"/> epochs with peak <paramref name="lr"/>.</summary>
    public abstract Schedule For(int epochs, double lr);
}

/// <summary>Cosine from the LR to 0 over the step, per epoch (the ResNet recipes).</summary>
public sealed record CosineRecipe : ScheduleRecipe
{
    /// <inheritdoc />
    public override Schedule For(int epochs, double lr) => new CosineSchedule(lr);
}

/// <summary>
/// Linear warm-up over ⌊fraction·E⌋ epochs from <see cref="From"/>, then cosine (the Swin recipe:
/// fraction 0.1, from 5e-7).
/// </summary>
/// <param name="Fraction">Share of the epochs spent warming up (truncated to whole epochs).</param>
/// <param name="From">LR of the first warm-up epoch.</param>
public sealed record LinearWarmupCosineRecipe(double Fraction, double From) : ScheduleRecipe
{
    /// <inheritdoc />
    public override Schedule For(int epochs, double lr)
    {
        int warmup = (int)(Fraction * epochs);
        return warmup > 0
            ? new LinearWarmupSchedule(From, lr) { Epochs = warmup }.Then(new CosineSchedule(lr))
            : new CosineSchedule(lr);
    }
}
