namespace EnsDsl;

/// <summary><see cref="First"/> for its fixed length, then <see cref="Second"/> over the rest of the span.</summary>
/// <param name="First">A schedule with a fixed length.</param>
/// <param name="Second">What follows it.</param>
public sealed record Sequence(Schedule First, Schedule Second) : Schedule
{
    /// <inheritdoc />
    public override bool IsResolved => First.IsResolved && Second.IsResolved;
    /// <inheritdoc />
    public override Schedule WithBaseLr(double lr) => this with { First = First.WithBaseLr(lr), Second = Second.WithBaseLr(lr) };
    /// <inheritdoc />
    public override double PeakLr => Math.Max(First.PeakLr, Second.PeakLr);
    /// <inheritdoc />
    public override IEnumerable<double> Lrs => First.Lrs.Concat(Second.Lrs);
    /// <inheritdoc />
    public override string Describe() => $"{First.Describe()}, then {Second.Describe()}";
    /// <inheritdoc />
    public override SortedDictionary<string, object?> ToCanonical() =>
        CanonicalOf("then", ("first", First.ToCanonical()), ("second", Second.ToCanonical()));

    /// <summary>Ticks covered by <see cref="First"/>.</summary>
    long Boundary(long ticksPerEpoch) => First.Epochs!.Value * ticksPerEpoch;

    /// <inheritdoc />
    protected override double At(long tick, long span, long ticksPerEpoch)
    {
        long b = Boundary(ticksPerEpoch);
        return tick < b ? First.Lr(tick, b, ticksPerEpoch) : Second.Lr(tick - b, span - b, ticksPerEpoch);
    }

    /// <inheritdoc />
    protected override double? MomentumAt(long tick, long span, long ticksPerEpoch)
    {
        long b = Boundary(ticksPerEpoch);
        return tick < b ? First.Momentum(tick, b, ticksPerEpoch) : Second.Momentum(tick - b, span - b, ticksPerEpoch);
    }
}
