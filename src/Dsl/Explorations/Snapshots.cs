using System.Runtime.CompilerServices;
using static EnsDsl.Prelude;

namespace EnsDsl;

/// <summary>
/// The exploration methods of the paper and its baselines, one file each, written with the public DSL only (Train,
/// Chain, Star, Settings, Method): each is a pattern to copy into a script for a method of your own. Every method
/// returns the ensemble's members, the model it starts from included (the authors' <c>num_fge</c>).
/// </summary>
public static partial class Explorations
{
    /// <summary>
    /// Snapshot ensembles (SSE) from a fine-tuned model: <paramref name="cycles"/> members counted as the authors'
    /// <c>num_fge</c> does, i.e. this model plus <paramref name="cycles"/> − 1 cycles, each from the previous snapshot.
    /// Each cycle trains <paramref name="epochs"/> epochs with the LR jumping to <paramref name="lr"/> and
    /// cosine-decaying (after an optional warm-up), from a fresh optimizer state.
    /// </summary>
    /// <param name="center">The fine-tuned model (snapshot 1).</param>
    /// <param name="cycles">Ensemble size N, this model included (≥ 1).</param>
    /// <param name="epochs">Cycle length C (default: this model's epochs E).</param>
    /// <param name="lr">Cycle peak LR η_c (default: this model's LR η).</param>
    /// <param name="warmup">Warm-up epochs w at the start of each cycle (the authors use 0).</param>
    /// <param name="constantWarmup">Hold η_c during the warm-up instead of ramping to it (<c>cosine+constant_cosine</c>).</param>
    /// <param name="resetOptimizer">Reset the optimizer state at each snapshot (the authors' default).</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>Pretrained("byol").FineTune(epochs: 25, lr: 0.05).Snapshots(cycles: 5).Ensemble()
    /// center.Snapshots(cycles: 5, epochs: 12, lr: 0.1, warmup: 2)</code></example>
    public static Members Snapshots(this Model center, int cycles, int? epochs = null, double? lr = null, int warmup = 0,
        bool constantWarmup = false, bool resetOptimizer = true, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Method(nameof(Snapshots), file, line, () =>
        {
            if (cycles < 1) throw InvalidCall(CyclesMessage(nameof(Snapshots), cycles));
            var c = epochs ?? center.Settings.Epochs;
            var schedule = CycleSchedule(warmup, constantWarmup);
            var members = cycles == 1 ? Members(center) : Members(center, center.Chain(cycles - 1, (m, i) =>
                m.Train(c, schedule, perBatch: center.Settings.PerBatch, lr: lr, resetOptimizer: resetOptimizer, label: $"SSE cycle {i + 2}/{cycles}")));
            return members.Named("SSE");
        });

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
        Method(nameof(StarSnapshots), file, line, () =>
        {
            if (cycles < 1) throw InvalidCall(CyclesMessage(nameof(StarSnapshots), cycles));
            var c = epochs ?? center.Settings.Epochs;
            var schedule = CycleSchedule(warmup, constantWarmup);
            var members = cycles == 1 ? Members(center) : Members(center, center.Star(cycles - 1, (m, i) =>
                m.Train(c, schedule, perBatch: center.Settings.PerBatch, lr: lr, resetOptimizer: resetOptimizer, label: $"StarSSE branch {i + 2}/{cycles}")));
            return members.Named("StarSSE");
        });

    /// <summary>
    /// Snapshots with <c>star: true</c> was the same as <see cref="StarSnapshots"/>; use that.
    /// </summary>
    /// <param name="center">The fine-tuned model.</param>
    /// <param name="cycles">Ensemble size.</param>
    /// <param name="star">Renamed: StarSnapshots.</param>
    /// <param name="epochs">Cycle length.</param>
    /// <param name="lr">Cycle peak LR.</param>
    /// <example><code>center.StarSnapshots(cycles: 5)   // instead of center.Snapshots(cycles: 5, star: true)</code></example>
    [Obsolete("Snapshots(star: true) is StarSnapshots(...); Snapshots(...) without 'star' is SSE", error: true)]
    public static Members Snapshots(this Model center, int cycles, bool star, int? epochs = null, double? lr = null) =>
        throw new NotSupportedException("renamed: StarSnapshots");

    static string CyclesMessage(string method, int cycles) =>
        $"{method}: cycles counts ensemble members including the fine-tuned model (the authors' num_fge) and must be ≥ 1; got {cycles}";

    /// <summary>
    /// One cycle's schedule, peak left to the step's LR: with w = 0 the LR jumps to η_c and decays by cosine; with
    /// w &gt; 0 it first ramps η_c·(c+1)/w (or holds η_c) for w epochs, then decays over the remaining C − w.
    /// </summary>
    static Schedule CycleSchedule(int warmup, bool constantWarmup)
    {
        if (warmup < 0) throw InvalidCall($"warm-up epochs must be ≥ 0; got {warmup}");
        if (warmup == 0) return Cosine();
        return (constantWarmup ? Constant(epochs: warmup) : Warmup(warmup)).Then(Cosine());
    }
}
