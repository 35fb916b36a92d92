using System.Runtime.CompilerServices;

namespace EnsDsl;

/// <summary>
/// The exploration methods of the paper and its baselines, each a short composition of <c>Train</c>,
/// <c>Chain</c> and <c>Star</c>. A new method is a function like these, written in a script.
/// </summary>
public static class Explorations
{
    /// <summary>
    /// Snapshot ensembles from a fine-tuned model: <paramref name="cycles"/> members counted as the authors'
    /// <c>num_fge</c> does, i.e. this model plus <paramref name="cycles"/> − 1 cycles. Each cycle trains
    /// <paramref name="epochs"/> epochs with the LR jumping to <paramref name="lr"/> and cosine-decaying (after an
    /// optional warm-up), from a fresh optimizer state. SSE (default) chains the cycles, each from the previous
    /// snapshot; with <paramref name="star"/> every cycle starts from this model instead (StarSSE).
    /// </summary>
    /// <param name="center">The fine-tuned model (snapshot 1).</param>
    /// <param name="cycles">Ensemble size N, this model included (≥ 1).</param>
    /// <param name="epochs">Cycle length C (default: this model's epochs E).</param>
    /// <param name="lr">Cycle peak LR η_c (default: this model's LR η).</param>
    /// <param name="warmup">Warm-up epochs w at the start of each cycle (the authors use 0).</param>
    /// <param name="constantWarmup">Hold η_c during the warm-up instead of ramping to it (<c>cosine+constant_cosine</c>).</param>
    /// <param name="resetOptimizer">Reset the optimizer state at each snapshot (the authors' default).</param>
    /// <param name="star">Start every cycle from <paramref name="center"/> (StarSSE).</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>Pretrained("byol").FineTune(epochs: 25, lr: 0.05).Snapshots(cycles: 5).Ensemble()
    /// center.Snapshots(cycles: 5, epochs: 12, lr: 0.1, star: true)</code></example>
    public static Members Snapshots(this Model center, int cycles, int? epochs = null, double? lr = null, int warmup = 0,
        bool constantWarmup = false, bool resetOptimizer = true, bool star = false,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        SnapshotsAt(center, new Origin(file, line, star ? nameof(StarSnapshots) : nameof(Snapshots)),
            cycles, epochs, lr, warmup, constantWarmup, resetOptimizer, star);

    /// <summary>
    /// StarSSE, the paper's method: the fine-tuned model plus <paramref name="cycles"/> − 1 branches, each one
    /// cycle (<paramref name="epochs"/> epochs, LR jumping to <paramref name="lr"/> then cosine) from this model, with
    /// its own seed. Branches are independent: with enough devices it takes E + C epochs of wall-clock.
    /// </summary>
    /// <param name="center">The fine-tuned model.</param>
    /// <param name="cycles">Ensemble size N, this model included.</param>
    /// <param name="epochs">Branch length C (default: this model's epochs).</param>
    /// <param name="lr">Branch peak LR η_c (default: this model's LR).</param>
    /// <param name="warmup">Warm-up epochs at the start of each branch.</param>
    /// <param name="constantWarmup">Hold η_c during the warm-up instead of ramping.</param>
    /// <param name="resetOptimizer">Start each branch from a fresh optimizer state.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>center.StarSnapshots(cycles: 5, epochs: 25, lr: 0.1).Soup()</code></example>
    public static Members StarSnapshots(this Model center, int cycles, int? epochs = null, double? lr = null, int warmup = 0,
        bool constantWarmup = false, bool resetOptimizer = true, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        SnapshotsAt(center, new Origin(file, line, nameof(StarSnapshots)), cycles, epochs, lr, warmup, constantWarmup, resetOptimizer, star: true);

    /// <summary>
    /// Fast Geometric Ensembling (Garipov et al. 2018) as the authors' <c>cosine+fge</c> runs it: this model plus
    /// <paramref name="cycles"/> − 1 sequential cycles of <paramref name="epochs"/> epochs, each a triangular LR cycle
    /// between 0.01·<paramref name="lr"/> and <paramref name="lr"/> evaluated per batch, with momentum cycled
    /// 0.9→0.8→0.9 as PyTorch's CyclicLR does by default.
    /// </summary>
    /// <param name="start">The fine-tuned model.</param>
    /// <param name="cycles">Ensemble size, this model included.</param>
    /// <param name="epochs">Cycle length (default: the model's epochs).</param>
    /// <param name="lr">Cycle top LR (default: the model's LR).</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>center.Fge(cycles: 5, epochs: 4, lr: 0.05).Ensemble()</code></example>
    public static Members Fge(this Model start, int cycles, int? epochs = null, double? lr = null,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var origin = new Origin(file, line, nameof(Fge));
        if (cycles < 1) throw new DslException($"Fge: cycles counts members including this model and must be ≥ 1; got {cycles}", origin);
        var c = epochs ?? start.Settings.Epochs;
        var top = lr ?? start.Settings.Lr;
        var schedule = new TriangularSchedule(0.01 * top, top, MomentumLow: 0.8, MomentumHigh: 0.9) { Origin = origin };
        IEnumerable<Model> cyclesAfter = cycles == 1 ? [] : Model.ChainOf(start, cycles - 1, (m, i) =>
            m.TrainAt(origin, $"FGE cycle {i + 2}/{cycles}", c, schedule, null, null, perBatch: true, null, null, null, null, true, new(lr, null)), origin);
        return new Members([start, .. cyclesAfter], "FGE", origin);
    }

    /// <summary>
    /// SWA-style averaging: <paramref name="samples"/> consecutive stretches of <paramref name="epochs"/> epochs at a
    /// constant <paramref name="lr"/> from this model, and the uniform soup of the weights at their ends
    /// (BN recomputed).
    /// </summary>
    /// <param name="start">Where averaging starts (a trained model).</param>
    /// <param name="samples">Number of averaged weights.</param>
    /// <param name="epochs">Epochs between samples.</param>
    /// <param name="lr">The constant SWA LR (default: half the model's LR).</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>center.Swa(samples: 5, epochs: 1, lr: 0.01)</code></example>
    public static Soup Swa(this Model start, int samples, int epochs = 1, double? lr = null,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var origin = new Origin(file, line, nameof(Swa));
        if (samples < 1) throw new DslException($"Swa needs at least one sample; got {samples}", origin);
        var swaLr = lr ?? start.Settings.Lr / 2;
        var iterates = Model.ChainOf(start, samples, (m, i) =>
            m.TrainAt(origin, $"SWA stretch {i + 1}/{samples}", epochs, new ConstantSchedule(swaLr), null, null, false, null, null, null, null, false, new(lr, null)), origin);
        return new Soup(iterates with { Label = "SWA" }, SoupKind.Uniform, BnPolicy.Recompute()) { Origin = origin };
    }

    /// <summary>
    /// Local Deep Ensemble: <paramref name="n"/> models fine-tuned from this same checkpoint, each with its own seed
    /// (different head initialisation, data order and augmentation).
    /// </summary>
    /// <param name="start">The pre-trained checkpoint.</param>
    /// <param name="n">Ensemble size.</param>
    /// <param name="data">Target dataset (default: the experiment's).</param>
    /// <param name="epochs">Fine-tuning epochs (default: the recipe's).</param>
    /// <param name="lr">Fine-tuning LR (default: the recipe's).</param>
    /// <param name="wd">Weight decay (default: the recipe's).</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>Pretrained("byol").LocalDE(5, epochs: 25, lr: 0.05).Ensemble()</code></example>
    public static Members LocalDE(this Weights start, int n, Dataset? data = null, int? epochs = null, double? lr = null, double? wd = null,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var origin = new Origin(file, line, nameof(LocalDE));
        return Weights.StarOf(start, n, (Weights w) => w.FineTuneAt(origin, "fine-tune", data, epochs, lr, wd, null, null, null, null, false), origin, "star")
            with { Label = "Local DE" };
    }

    static Members SnapshotsAt(Model center, Origin origin, int cycles, int? epochs, double? lr, int warmup, bool constantWarmup,
        bool resetOptimizer, bool star)
    {
        var method = star ? "StarSSE" : "SSE";
        if (cycles < 1)
            throw new DslException($"{origin.Member}: cycles counts ensemble members including the fine-tuned model (the authors' num_fge) and must be ≥ 1; got {cycles}", origin);
        var c = epochs ?? center.Settings.Epochs;
        var peak = lr ?? center.Settings.Lr;
        var schedule = CycleSchedule(peak, warmup, constantWarmup, origin);
        Model Cycle(Model m, int i) => m.TrainAt(origin, star ? $"StarSSE branch {i + 2}/{cycles}" : $"SSE cycle {i + 2}/{cycles}",
            c, schedule, null, null, center.Settings.PerBatch, null, null, null, null, resetOptimizer, new(lr, null));
        if (cycles == 1) return new Members([center], method, origin);
        var after = star
            ? Weights.StarOf(center, cycles - 1, (Model m) => Cycle(m, m.Branch[^1] - 1), origin, method)
            : Model.ChainOf(center, cycles - 1, Cycle, origin);
        return new Members([center, .. after], method, origin) { StarOf = after.StarOf };
    }

    /// <summary>
    /// One SSE cycle's schedule: with w = 0 the LR jumps to η_c and decays by cosine; with w &gt; 0 it first ramps
    /// η_c·(c+1)/w (or holds η_c) for w epochs, then decays over the remaining C − w.
    /// </summary>
    static Schedule CycleSchedule(double peak, int warmup, bool constantWarmup, Origin origin)
    {
        if (warmup < 0) throw new DslException($"warm-up epochs must be ≥ 0; got {warmup}", origin);
        Schedule cosine = new CosineSchedule(peak) { Origin = origin };
        if (warmup == 0) return cosine;
        Schedule head = constantWarmup ? new ConstantSchedule(peak) : new WarmupSchedule(peak);
        return new Sequence(head with { Epochs = warmup, Origin = origin }, cosine) { Origin = origin };
    }
}
