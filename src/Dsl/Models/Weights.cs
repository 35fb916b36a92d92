using EnsDsl.Overrides;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace EnsDsl;

/// <summary>
/// Anything that has weights: a pre-trained checkpoint (<see cref="Pretrained"/>), a random initialisation
/// (<see cref="Scratch"/>), or a model trained for a task (<see cref="Model"/>). Values, not commands: every
/// method returns a new value and nothing trains while the script runs.
/// </summary>
public abstract record Weights
{
    /// <summary>Where in the script this value was made.</summary>
    public Origin Origin { get; init; } = Origin.None;

    /// <summary>The user's name for it (<c>Named</c>), shown in plans and results.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// The branch path under enclosing <c>Star</c> calls. Not part of the value's identity: it only feeds the
    /// seeds derived for steps taken from this value, so that star branches differ.
    /// </summary>
    internal ImmutableArray<int> Branch { get; init; } = [];

    /// <summary>The architecture of the weights.</summary>
    public abstract Architecture Arch { get; }

    /// <summary>The recipe <c>FineTune</c> draws its defaults from.</summary>
    internal abstract Recipe FineTuneRecipe { get; }

    /// <summary>
    /// Fine-tunes on <paramref name="data"/>: attaches a new head for its classes and trains all weights.
    /// Every argument not given comes from the source's recipe (BYOL: 25 epochs, SGD lr 0.05, wd 1e-4, cosine,
    /// batch 256); without <paramref name="data"/>, the experiment's default dataset (the parameter
    /// <c>dataset</c>, by default <c>cifar100:datasets/cifar-100</c>) is used.
    /// </summary>
    /// <param name="data">Target dataset.</param>
    /// <param name="epochs">Epochs E.</param>
    /// <param name="lr">Peak LR; the recipe's schedule (cosine for ResNets) is built around it.</param>
    /// <param name="wd">Weight decay.</param>
    /// <param name="seed">Seed for head initialisation, data order and augmentation; derived when omitted.</param>
    /// <param name="schedule">An explicit schedule instead of the recipe's.</param>
    /// <param name="optimizer">An explicit optimizer instead of the recipe's.</param>
    /// <param name="batchSize">Batch size.</param>
    /// <param name="perBatch">Evaluate the schedule per batch.</param>
    /// <param name="imageSize">Image side in pixels for the recipe's resizing transforms (the ResNet recipes: 224;
    /// RandomResizedCrop to it in training, Resize(⌊size·256/224⌋) + CenterCrop to it in testing); smaller is faster.</param>
    /// <param name="loss">The loss, e.g. <c>CrossEntropy(smoothing: 0.1, mixup: 0.8, cutmix: 1.0)</c>; by default the recipe's.</param>
    /// <param name="clipGradNorm">Clip the gradients' global norm to this; by default the recipe's (the Swin recipe: 5).</param>
    /// <param name="dropPath">A Swin's stochastic depth (the last block's rate); by default the recipe's (the Swin recipe: 0.1).</param>
    /// <param name="transform">The training augmentation; by default the recipe's (<see cref="Transform"/>).</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>Pretrained("byol").FineTune(epochs: 25, lr: 0.05)
    /// Pretrained("byol", ckpt).FineTune(Cifar10(), epochs: 25, lr: 0.05, wd: 1e-4, seed: 3)
    /// Pretrained("supervised").FineTune(Sun397(), imageSize: 128)
    /// Pretrained("swin-t").FineTune(Cifar10(), loss: CrossEntropy(smoothing: 0.1))</code></example>
    public Model FineTune(Dataset? data = null, int? epochs = null, double? lr = null, double? wd = null, int? seed = null,
        Schedule? schedule = null, Optimizer? optimizer = null, int? batchSize = null, bool perBatch = false, int? imageSize = null,
        Loss? loss = null, double? clipGradNorm = null, double? dropPath = null, Transform? transform = null,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        FineTuneAt(CallSite.At(file, line, nameof(FineTune)), "fine-tune", data, epochs, lr, wd, seed, schedule, optimizer, batchSize, perBatch, imageSize,
            new StepOptions(loss, clipGradNorm, dropPath, transform));

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs. On a trained model it keeps the head and continues with the
    /// parent's data, optimizer and batch size unless given; on a checkpoint or initialisation it attaches a head.
    /// The optimizer state starts fresh unless <paramref name="resetOptimizer"/> is false.
    /// </summary>
    /// <param name="epochs">Epochs of this step.</param>
    /// <param name="schedule">LR schedule; by default the recipe's (cosine) around <paramref name="lr"/>.</param>
    /// <param name="optimizer">Optimizer; by default the parent's.</param>
    /// <param name="seed">Seed; derived from the parent and branch when omitted.</param>
    /// <param name="perBatch">Evaluate the schedule per batch (cyclic/FGE schedules).</param>
    /// <param name="data">Training data; by default the parent's.</param>
    /// <param name="lr">Base LR for schedule peaks left unset; by default the parent's.</param>
    /// <param name="wd">Weight decay.</param>
    /// <param name="batchSize">Batch size.</param>
    /// <param name="resetOptimizer">Fresh optimizer state (default), or continue the parent's.</param>
    /// <param name="label">The step's label in plans, progress and results (default <c>train</c>; not part of its id).</param>
    /// <param name="loss">The loss, e.g. <c>CrossEntropy(smoothing: 0.1, mixup: 0.8, cutmix: 1.0)</c>; by default the parent's (or the recipe's).</param>
    /// <param name="clipGradNorm">Clip the gradients' global norm to this; by default the parent's (or the recipe's).</param>
    /// <param name="dropPath">A Swin's stochastic depth (the last block's rate); by default the parent's (or the recipe's).</param>
    /// <param name="transform">The training augmentation, e.g. <c>Transform.CropFlip</c>; by default the parent's (or the recipe's).</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>center.Train(10, Triangular(0.0005, 0.05), perBatch: true)
    /// center.Train(25, Cosine(), lr: 0.1, label: "long cycle")
    /// Scratch("swin-e24-d2.2-h2.4-w5-p2-i20").Train(40, data: EmbeddedSource(), optimizer: AdamW(wd: 0.05), lr: 1e-3, dropPath: 0.1)
    /// Scratch("cifar-resnet20x16").Train(30, data: FashionMnist(), lr: 0.1, batchSize: 128, transform: Transform.CropFlip)</code></example>
    public Model Train(int epochs, Schedule? schedule = null, Optimizer? optimizer = null, int? seed = null, bool perBatch = false,
        Dataset? data = null, double? lr = null, double? wd = null, int? batchSize = null, bool resetOptimizer = true, string? label = null,
        Loss? loss = null, double? clipGradNorm = null, double? dropPath = null, Transform? transform = null,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        TrainAt(CallSite.At(file, line, nameof(Train)), label ?? "train", epochs, schedule, optimizer, seed, perBatch, data, lr, wd, batchSize, resetOptimizer,
            new StepOptions(loss, clipGradNorm, dropPath, transform));

    /// <summary>
    /// Applies <paramref name="step"/> <paramref name="n"/> times to this same value, each branch with its own
    /// derived seed, and returns the <paramref name="n"/> results (independent, so they can train in parallel).
    /// From a checkpoint this is Local DE.
    /// </summary>
    /// <param name="n">Number of branches.</param>
    /// <param name="step">What each branch does.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>Pretrained("byol").Star(5, p => p.FineTune(epochs: 25, lr: 0.05))   // Local DE</code></example>
    public Members Star(int n, Func<Weights, Model> step, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        StarOf(this, n, (w, _) => step(w), CallSite.At(file, line, nameof(Star)), "star");

    /// <summary>
    /// <see cref="Star(int, Func{Weights, Model}, string, int)"/> with the branch's index (0-based) passed to <paramref name="step"/>.
    /// </summary>
    /// <param name="n">Number of branches.</param>
    /// <param name="step">What branch i does.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>Pretrained("byol").Star(5, (p, i) => p.FineTune(lr: 0.05).Named($"member {i + 1}"))</code></example>
    public Members Star(int n, Func<Weights, int, Model> step, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        StarOf(this, n, step, CallSite.At(file, line, nameof(Star)), "star");

    internal Model FineTuneAt(Origin origin, string label, Dataset? data, int? epochs, double? lr, double? wd, int? seed,
        Schedule? schedule, Optimizer? optimizer, int? batchSize, bool perBatch, int? imageSize = null, StepOptions? options = null) =>
        TrainFrom(origin, TrainStep.FromRecipe(RecipeAt(imageSize), data ?? DefaultDataset(origin), Head.New, label),
            epochs ?? FineTuneRecipe.Epochs, schedule, optimizer, seed, perBatch, lr, wd, batchSize, resetOptimizer: true, options);

    // A given size is checked with the rest of the step by the planner's validation (it names the line).
    Recipe RecipeAt(int? imageSize) => imageSize is { } size ? FineTuneRecipe with { ImageSize = size } : FineTuneRecipe;

    // A checkpoint or an initialisation has no head for the data: training it attaches one.
    internal virtual Model TrainAt(Origin origin, string label, int epochs, Schedule? schedule, Optimizer? optimizer, int? seed,
        bool perBatch, Dataset? data, double? lr, double? wd, int? batchSize, bool resetOptimizer, StepOptions? options = null) =>
        TrainFrom(origin, TrainStep.FromRecipe(FineTuneRecipe, data ?? DefaultDataset(origin), Head.New, label),
            epochs, schedule, optimizer, seed, perBatch, lr, wd, batchSize, resetOptimizer, options);

    /// <summary>
    /// The one place a training step is made: <paramref name="template"/> (a recipe's defaults, or the parent's
    /// settings) supplies everything the call does not give. A schedule with unset peaks takes the base LR: the
    /// given <paramref name="lr"/>, else the schedule's own peak, else the template's.
    /// </summary>
    private protected Model TrainFrom(Origin origin, TrainStep template, int epochs, Schedule? schedule, Optimizer? optimizer,
        int? seed, bool perBatch, double? lr, double? wd, int? batchSize, bool resetOptimizer, StepOptions? options = null)
    {
        var baseLr = lr ?? (schedule is { IsResolved: true } ? schedule.PeakLr : template.Lr);
        var chosen = optimizer ?? template.Optimizer;
        var step = template with
        {
            Epochs = epochs,
            Lr = baseLr,
            Schedule = schedule is null ? FineTuneRecipe.Schedule.For(epochs, baseLr) : schedule.IsResolved ? schedule : schedule.WithBaseLr(baseLr),
            Optimizer = wd is { } w ? chosen.WithWeightDecay(w) : chosen,
            BatchSize = batchSize ?? template.BatchSize,
            PerBatch = perBatch,
            Seed = seed,
            ResetOptimizer = resetOptimizer,
        };
        return new Trained(this, (options ?? StepOptions.None).ApplyTo(step)) { Origin = origin, Explicit = new(lr, schedule) };
    }

    /// <summary>The experiment's default dataset: the parameter <c>dataset</c> (overridable with <c>--set</c>).</summary>
    private protected static Dataset DefaultDataset(Origin origin)
    {
        var spec = Param.Resolve("dataset", "cifar100:datasets/cifar-100", origin);
        try { return Dataset.Parse(spec); }
        catch (FormatException e) { throw new OverrideException(DiagnosticCodes.OverrideType, "dataset", e.Message); }
    }

    internal static Members StarOf<TIn>(TIn start, int n, Func<TIn, int, Model> step, Origin origin, string label) where TIn : Weights
    {
        if (n < 1) throw new DslException($"Star needs at least one branch; got n = {n}", origin);
        var branches = Enumerable.Range(1, n)
            .Select(i => step((TIn)((Weights)start with { Branch = start.Branch.Add(i) }), i - 1))
            .ToImmutableArray();
        return new Members(branches, label, origin) { StarOf = new(start, n) };
    }
}

/// <summary>The loss and regularisation a training call sets (null: the recipe's, or the parent's for a continued model).</summary>
/// <param name="Loss">The loss.</param>
/// <param name="ClipGradNorm">The gradient-norm clipping threshold.</param>
/// <param name="DropPath">A Swin's stochastic depth.</param>
/// <param name="Transform">The training augmentation.</param>
internal sealed record StepOptions(Loss? Loss, double? ClipGradNorm, double? DropPath, Transform? Transform = null)
{
    /// <summary>Nothing set.</summary>
    public static StepOptions None { get; } = new(null, null, null);

    /// <summary><paramref name="step"/> with what is set.</summary>
    public TrainStep ApplyTo(TrainStep step) => step with
    {
        Loss = Loss ?? step.Loss,
        ClipGradNorm = ClipGradNorm ?? step.ClipGradNorm,
        DropPath = DropPath ?? step.DropPath,
        Transform = Transform ?? step.Transform,
    };
}

/// <summary>What the user passed explicitly to a step, kept for validation messages.</summary>
/// <param name="Lr">The <c>lr:</c> argument, if any.</param>
/// <param name="Schedule">The <c>schedule</c> argument, if any.</param>
internal sealed record ExplicitArgs(double? Lr, Schedule? Schedule);

/// <summary>Marks members that came from one Star, to detect branches that collapse into one node.</summary>
/// <param name="Start">The common start.</param>
/// <param name="Branches">How many branches were asked for.</param>
internal sealed record StarInfo(Weights Start, int Branches);
