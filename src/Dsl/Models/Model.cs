using System.Runtime.CompilerServices;

namespace EnsDsl;

/// <summary>
/// Weights with a head for a task: the result of training (<see cref="Trained"/>) or of averaging weights
/// (<see cref="Soup"/>). A model can be trained further, explored (<c>Snapshots</c>, <c>StarSnapshots</c>,
/// <c>Fge</c>, <c>Swa</c>), evaluated, and put in a report.
/// </summary>
public abstract record Model : Weights, IReportable
{
    /// <summary>The dataset whose classes the head predicts.</summary>
    public abstract Dataset Task { get; }

    /// <summary>
    /// The training settings a following step inherits: data, epochs, LR, optimizer, batch size, schedule, … (a soup's
    /// are its first member's). Methods of your own read them as the built-in ones do.
    /// </summary>
    /// <example><code>var cycleEpochs = center.Settings.Epochs;   // C defaults to E in SSE
    /// var cycleLr = center.Settings.Lr;</code></example>
    public abstract TrainStep Settings { get; }

    /// <summary>This model with a name for plans and results.</summary>
    /// <example><code>var center = Pretrained("byol").FineTune().Named("center");</code></example>
    public Model Named(string name) => this with { Name = name };

    /// <summary>
    /// Applies <paramref name="step"/> <paramref name="n"/> times, each time to the previous result, and
    /// returns the <paramref name="n"/> new models (not this one). Sequential: SSE, FGE.
    /// </summary>
    /// <param name="n">Number of steps.</param>
    /// <param name="step">What each step does to the previous model.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>center.Chain(4, m => m.Train(25, Cosine(lr: 0.05)))   // SSE's cycles</code></example>
    public Members Chain(int n, Func<Model, Model> step, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        ChainOf(this, n, (m, _) => step(m), CallSite.At(file, line, nameof(Chain)), "chain");

    /// <summary>
    /// <see cref="Chain(int, Func{Model, Model}, string, int)"/> with the step's index (0-based) passed to <paramref name="step"/>.
    /// </summary>
    /// <param name="n">Number of steps.</param>
    /// <param name="step">What step i does to the previous model.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>center.Chain(4, (m, i) => m.Train(25, Cosine(lr: 0.05), label: $"cycle {i + 2}"))</code></example>
    public Members Chain(int n, Func<Model, int, Model> step, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        ChainOf(this, n, step, CallSite.At(file, line, nameof(Chain)), "chain");

    /// <summary>
    /// Applies <paramref name="step"/> <paramref name="n"/> times to this same model, each branch with its own
    /// derived seed, and returns the <paramref name="n"/> results (independent, so they can train in parallel).
    /// </summary>
    /// <param name="n">Number of branches.</param>
    /// <param name="step">What each branch does.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>center.Star(4, m => m.Train(25, Cosine(lr: 0.1)))   // StarSSE's branches</code></example>
    public Members Star(int n, Func<Model, Model> step, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        StarOf(this, n, (m, _) => step(m), CallSite.At(file, line, nameof(Star)), "star");

    /// <summary>
    /// <see cref="Star(int, Func{Model, Model}, string, int)"/> with the branch's index (0-based) passed to <paramref name="step"/>.
    /// </summary>
    /// <param name="n">Number of branches.</param>
    /// <param name="step">What branch i does.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>center.Star(4, (m, i) => m.Train(25, Cosine(lr: 0.1), label: $"branch {i + 2}"))</code></example>
    public Members Star(int n, Func<Model, int, Model> step, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        StarOf(this, n, step, CallSite.At(file, line, nameof(Star)), "star");

    /// <summary>Evaluates the model on the test split of <paramref name="data"/> (default: its own task).</summary>
    /// <param name="data">Evaluation data.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>Report(center.Evaluate())</code></example>
    public Evaluation Evaluate(Dataset? data = null, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        new(this, data) { Origin = CallSite.At(file, line, nameof(Evaluate)) };

    /// <summary>Loss and error along the straight line from this model to <paramref name="other"/>.</summary>
    /// <param name="other">The other end.</param>
    /// <param name="points">Number of points including both ends (α = 0, 1/(points−1), …, 1).</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>center.Interpolate(star[3], points: 11)</code></example>
    public Interpolation Interpolate(Model other, int points = 11, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        new(this, other, points, BnPolicy.Recompute(), null) { Origin = CallSite.At(file, line, nameof(Interpolate)) };

    internal override Model TrainAt(Origin origin, string label, int epochs, Schedule? schedule, Optimizer? optimizer, int? seed,
        bool perBatch, Dataset? data, double? lr, double? wd, int? batchSize, bool resetOptimizer, StepOptions? options = null) =>
        TrainFrom(origin, Settings with { Data = data ?? Settings.Data, Head = Head.Keep, Label = label },
            epochs, schedule, optimizer, seed, perBatch, lr, wd, batchSize, resetOptimizer, options);

    /// <summary>Chain with the step's index (0-based) passed to <paramref name="step"/>.</summary>
    internal static Members ChainOf(Model start, int n, Func<Model, int, Model> step, Origin origin, string? label = null)
    {
        if (n < 1) throw new DslException($"Chain needs at least one step; got n = {n}", origin);
        var models = new List<Model>(n);
        var current = start;
        for (int i = 0; i < n; i++)
        {
            current = step(current, i);
            models.Add(current);
        }
        return new Members(models, label, origin);
    }
}

/// <summary>A model produced by a training step from <see cref="Parent"/>.</summary>
/// <param name="Parent">The weights training starts from.</param>
/// <param name="Step">The resolved training step.</param>
public sealed record Trained(Weights Parent, TrainStep Step) : Model
{
    /// <inheritdoc />
    public override Architecture Arch => Parent.Arch;

    /// <inheritdoc />
    public override Dataset Task => Step.Data;

    /// <inheritdoc />
    public override TrainStep Settings => Step;

    internal override Recipe FineTuneRecipe => Parent.FineTuneRecipe;

    /// <summary>The arguments given explicitly, for validation messages.</summary>
    internal ExplicitArgs Explicit { get; init; } = new(null, null);
}
