using System.Globalization;
using System.Runtime.CompilerServices;

namespace EnsDsl;

/// <summary>
/// A learning-rate schedule: a pure function from a position in training to an LR. Time is counted in ticks:
/// one tick per epoch for per-epoch schedules, one per batch when a step trains with <c>perBatch: true</c>.
/// A schedule spans either a fixed number of epochs (<see cref="Epochs"/>, e.g. a warm-up) or whatever it is given,
/// so <c>Warmup(5).Then(Cosine())</c> warms up for 5 epochs and decays over the rest of the step.
/// Peaks left unset (<c>Cosine()</c>) take the <c>lr</c> of the Train/FineTune call that uses the schedule.
/// </summary>
/// <example><code>Train(25, Warmup(2).Then(Cosine()), lr: 0.05)
/// Cosine(25, lr: 0.05).Then(Cosine(lr: 0.1).Every(25))   // the authors' SSE schedule as one function</code></example>
public abstract record Schedule
{
    /// <summary>Fixed length in epochs, or null when the schedule fills the span it is given.</summary>
    public int? Epochs { get; init; }

    /// <summary>Where the schedule was written.</summary>
    public Origin Origin { get; init; } = Origin.None;

    /// <summary>The LR at <paramref name="tick"/> (0-based) of a span of <paramref name="span"/> ticks.</summary>
    /// <example><code>Cosine(lr: 0.1).Lr(tick: 5, span: 10)                      // 0.05, halfway down
    /// Triangular(0.001, 0.1).Lr(tick: 7, span: 50, ticksPerEpoch: 10)   // per batch</code></example>
    /// <param name="tick">Position in ticks from the start of this schedule.</param>
    /// <param name="span">Ticks this schedule covers (epochs × <paramref name="ticksPerEpoch"/>).</param>
    /// <param name="ticksPerEpoch">1 for per-epoch schedules, batches per epoch for per-batch ones.</param>
    public double Lr(long tick, long span, long ticksPerEpoch = 1)
    {
        if (span <= 0) throw new ArgumentOutOfRangeException(nameof(span), "a schedule spans at least one tick");
        if (tick < 0 || tick >= span) throw new ArgumentOutOfRangeException(nameof(tick), $"tick {tick} outside [0, {span})");
        return At(tick, span, ticksPerEpoch);
    }

    /// <summary>The SGD momentum this schedule imposes at a tick (cyclic schedules may cycle it), or null.</summary>
    /// <example><code>Triangular(0.0005, 0.05, cycleMomentum: true).Momentum(tick: 10, span: 20)   // 0.8 at the top</code></example>
    public double? Momentum(long tick, long span, long ticksPerEpoch = 1) => MomentumAt(tick, span, ticksPerEpoch);

    /// <summary>Runs this schedule for its <see cref="Epochs"/>, then <paramref name="next"/> for the rest.</summary>
    /// <example><code>Warmup(5).Then(Cosine())</code></example>
    public Schedule Then(Schedule next, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        if (Epochs is null)
            throw new DslException($"{Describe()} has no fixed length, so nothing can follow it; give it one, e.g. Cosine(25).Then(…)", CallSite.At(file, line, "Then"));
        return new Sequence(this, next) { Origin = CallSite.At(file, line, "Then"), Epochs = next.Epochs is { } n ? Epochs + n : null };
    }

    /// <summary>Repeats this schedule every <paramref name="cycleEpochs"/> epochs (cyclic schedules, warm restarts).</summary>
    /// <example><code>Cosine(lr: 0.1).Every(25)</code></example>
    public Schedule Every(int cycleEpochs, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        cycleEpochs > 0
            ? new Repeat(this, cycleEpochs) { Origin = CallSite.At(file, line, "Every") }
            : throw new DslException($"Every: a cycle lasts at least one epoch; got {cycleEpochs}", CallSite.At(file, line, "Every"));

    /// <summary>This schedule with a fixed length, so another can follow it.</summary>
    /// <example><code>Cosine(lr: 0.05).For(25).Then(Constant(0.01))</code></example>
    public Schedule For(int epochs) => this with { Epochs = epochs };

    /// <summary>True when every LR this schedule uses is set (no peak waits for the step's <c>lr</c>).</summary>
    public abstract bool IsResolved { get; }

    /// <summary>This schedule with every unset peak LR set to <paramref name="lr"/>.</summary>
    /// <example><code>Warmup(2).Then(Cosine()).WithBaseLr(0.05)   // warm-up to 0.05, then cosine from 0.05</code></example>
    public abstract Schedule WithBaseLr(double lr);

    /// <summary>The highest LR the schedule reaches (for summaries and validation).</summary>
    public abstract double PeakLr { get; }

    /// <summary>The LRs this schedule sets, for validation (each must be positive, finite).</summary>
    public abstract IEnumerable<double> Lrs { get; }

    /// <summary>A one-line human description, e.g. <c>cosine 0.05→0</c>.</summary>
    /// <example><code>Warmup(2, lr: 0.1).Then(Cosine(lr: 0.1)).Describe()   // "2ep warm-up →0.1, then cosine 0.1→0"</code></example>
    public abstract string Describe();

    /// <summary>The canonical form hashed into node ids (see <see cref="Planning.Canon"/>).</summary>
    /// <example><code>Planning.Canon.Text(Cosine(lr: 0.05).ToCanonical())   // {"epochs":null,"lr":0.05,"min":0,"type":"cosine"}</code></example>
    public abstract SortedDictionary<string, object?> ToCanonical();

    /// <summary>The value of the schedule; <paramref name="tick"/> is within range.</summary>
    protected abstract double At(long tick, long span, long ticksPerEpoch);

    /// <summary>Momentum at a tick, or null when the schedule leaves momentum to the optimizer.</summary>
    protected virtual double? MomentumAt(long tick, long span, long ticksPerEpoch) => null;

    /// <summary>Canonical map of this schedule's type and fields, plus its fixed length.</summary>
    protected SortedDictionary<string, object?> CanonicalOf(string type, params (string, object?)[] fields)
    {
        var map = Planning.Canon.Map(fields);
        map["type"] = type;
        map["epochs"] = Epochs;
        return map;
    }

    /// <summary>Formats an LR for descriptions.</summary>
    protected static string F(double lr) => lr.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Formats an optional LR for descriptions ("lr" when it waits for the step's lr).</summary>
    protected static string F(double? lr) => lr is { } v ? F(v) : "lr";

    /// <summary>A description's length prefix.</summary>
    protected string LengthPrefix => Epochs is { } e ? $"{e}ep " : "";
}
