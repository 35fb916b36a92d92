using System.Runtime.CompilerServices;

namespace EnsDsl;

public static partial class Prelude
{
    /// <summary>A constant LR (the step's <c>lr</c> when <paramref name="lr"/> is omitted).</summary>
    /// <param name="lr">The LR.</param>
    /// <param name="epochs">Fixed length, to put something after it.</param>
    /// <example><code>m.Train(5, Constant(0.01))</code></example>
    public static Schedule Constant(double? lr = null, int? epochs = null) => new ConstantSchedule(lr) { Epochs = epochs };

    /// <summary>
    /// Cosine annealing from <paramref name="lr"/> to <paramref name="min"/> over the step (or over
    /// <paramref name="epochs"/>), per epoch unless the step trains per batch: the authors' <c>cosine</c>.
    /// </summary>
    /// <param name="epochs">Fixed length, to put something after it.</param>
    /// <param name="lr">Peak LR (the step's <c>lr</c> when omitted).</param>
    /// <param name="min">Final LR (eta_min).</param>
    /// <example><code>Cosine()
    /// Cosine(25, lr: 0.05).Then(CyclicCosine(25, lr: 0.1))</code></example>
    public static Schedule Cosine(int? epochs = null, double? lr = null, double min = 0) => new CosineSchedule(lr, min) { Epochs = epochs };

    /// <summary>
    /// The authors' <c>standard</c> step-down schedule: full LR for the first half, linear decay to 1% by 90%,
    /// then 1%.
    /// </summary>
    /// <param name="epochs">Fixed length, to put something after it.</param>
    /// <param name="lr">The LR of the first half (the step's <c>lr</c> when omitted).</param>
    /// <example><code>m.Train(40, Standard(), lr: 0.1)</code></example>
    public static Schedule Standard(int? epochs = null, double? lr = null) => new StepDecaySchedule(lr) { Epochs = epochs };

    /// <summary>A ramp warm-up over <paramref name="epochs"/>: lr·(t+1)/W, reaching <paramref name="lr"/> in its last epoch.</summary>
    /// <param name="epochs">Warm-up length W.</param>
    /// <param name="lr">The LR reached (the step's <c>lr</c> when omitted).</param>
    /// <example><code>Warmup(5).Then(Cosine())</code></example>
    public static Schedule Warmup(int epochs, double? lr = null) => new WarmupSchedule(lr) { Epochs = epochs };

    /// <summary>
    /// A linear warm-up over <paramref name="epochs"/> from <paramref name="from"/> towards <paramref name="lr"/>
    /// ((1−α)·from + α·lr with α = t/W), as in the Swin recipe.
    /// </summary>
    /// <param name="epochs">Warm-up length W.</param>
    /// <param name="from">The first LR.</param>
    /// <param name="lr">The LR approached (the step's <c>lr</c> when omitted).</param>
    /// <example><code>LinearWarmup(10, from: 5e-7).Then(Cosine())</code></example>
    public static Schedule LinearWarmup(int epochs, double from, double? lr = null) => new LinearWarmupSchedule(from, lr) { Epochs = epochs };

    /// <summary>
    /// One triangular cycle between <paramref name="low"/> and <paramref name="high"/> over the step, as PyTorch's
    /// CyclicLR; use it with <c>perBatch: true</c> for FGE.
    /// </summary>
    /// <param name="low">LR at both ends of the cycle.</param>
    /// <param name="high">LR at the top.</param>
    /// <param name="cycleMomentum">Also cycle SGD momentum 0.9→0.8→0.9 (CyclicLR's default).</param>
    /// <example><code>m.Train(4, Triangular(lr / 100, lr), perBatch: true)</code></example>
    public static Schedule Triangular(double low, double high, bool cycleMomentum = false) =>
        cycleMomentum ? new TriangularSchedule(low, high, 0.8, 0.9) : new TriangularSchedule(low, high);

    /// <summary>
    /// SSE's cycles as one schedule: every <paramref name="cycleEpochs"/> epochs the LR jumps to <paramref name="lr"/>
    /// (after an optional <paramref name="warmup"/>) and decays by cosine.
    /// </summary>
    /// <param name="cycleEpochs">Cycle length C.</param>
    /// <param name="lr">Cycle peak η_c (the step's <c>lr</c> when omitted).</param>
    /// <param name="warmup">Warm-up epochs w at the start of each cycle.</param>
    /// <param name="constantWarmup">Hold η_c during the warm-up instead of ramping.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>Cosine(25, lr: 0.05).Then(CyclicCosine(25, lr: 0.1))   // the authors' cosine+warmup_cosine</code></example>
    public static Schedule CyclicCosine(int cycleEpochs, double? lr = null, int warmup = 0, bool constantWarmup = false,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var origin = CallSite.At(file, line, nameof(CyclicCosine));
        if (warmup < 0 || warmup >= cycleEpochs)
            throw new DslException($"CyclicCosine: warm-up must be in [0, {cycleEpochs}); got {warmup}", origin);
        Schedule cosine = new CosineSchedule(lr);
        Schedule cycle = warmup == 0 ? cosine
            : new Sequence(constantWarmup ? new ConstantSchedule(lr) { Epochs = warmup } : new WarmupSchedule(lr) { Epochs = warmup }, cosine);
        return cycle.Every(cycleEpochs, file, line);
    }
}
