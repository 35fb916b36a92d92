namespace EnsDsl;

/// <summary>
/// A ramp warm-up that reaches <see cref="PeakSchedule.Peak"/> in its last tick: lr(t) = peak·(t+1)/W. This is the warm-up
/// of the authors' <c>warmup_*</c> schedules and of SSE cycles with <c>fge_warmup_epochs</c> &gt; 0
/// (<c>cosine+warmup_cosine</c>). Give it a length and follow it: <c>Warmup(2).Then(Cosine())</c>.
/// </summary>
/// <param name="Peak">The LR reached at the end; null takes the step's <c>lr</c>.</param>
public sealed record WarmupSchedule(double? Peak = null) : PeakSchedule(Peak)
{
    /// <inheritdoc />
    public override string Describe() => $"{LengthPrefix}warm-up →{F(Peak)}";
    /// <inheritdoc />
    public override SortedDictionary<string, object?> ToCanonical() => CanonicalOf("warmup", ("lr", Peak));
    /// <inheritdoc />
    protected override double At(long tick, long span, long ticksPerEpoch) => (double)(tick + 1) / span * Peak!.Value;
}

/// <summary>
/// A linear warm-up from <see cref="From"/> to <see cref="Peak"/>: with α = t/W, lr(t) = (1−α)·from + α·peak.
/// It starts at <c>from</c> and reaches the peak only when the next schedule begins: the Swin recipe's
/// warm-up (<c>linear_warmup_cosine</c>, from 5e-7 over int(0.1·E) epochs).
/// </summary>
/// <param name="From">The LR of the first tick.</param>
/// <param name="Peak">The LR approached at the end; null takes the step's <c>lr</c>.</param>
public sealed record LinearWarmupSchedule(double From, double? Peak = null) : Schedule
{
    /// <inheritdoc />
    public override bool IsResolved => Peak is not null;
    /// <inheritdoc />
    public override Schedule WithBaseLr(double lr) => this with { Peak = Peak ?? lr };
    /// <inheritdoc />
    public override double PeakLr => Math.Max(From, Peak ?? double.NaN);
    /// <inheritdoc />
    public override IEnumerable<double> Lrs => Peak is { } p ? [From, p] : [From];
    /// <inheritdoc />
    public override string Describe() => $"{LengthPrefix}linear warm-up {F(From)}→{F(Peak)}";
    /// <inheritdoc />
    public override SortedDictionary<string, object?> ToCanonical() => CanonicalOf("linear_warmup", ("from", From), ("lr", Peak));

    /// <inheritdoc />
    protected override double At(long tick, long span, long ticksPerEpoch)
    {
        // The authors' factor form: ((1 − α)·(from/lr) + α)·lr.
        double alpha = (double)tick / span;
        double peak = Peak!.Value;
        return ((1 - alpha) * (From / peak) + alpha) * peak;
    }
}
