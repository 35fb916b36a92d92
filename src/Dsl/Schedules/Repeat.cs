namespace EnsDsl;

/// <summary>
/// <see cref="Cycle"/> restarted every <see cref="CycleEpochs"/> epochs: the cyclic part of the authors' SSE
/// schedules, where in-cycle epoch c = (e − E) mod C.
/// </summary>
/// <param name="Cycle">The schedule of one cycle.</param>
/// <param name="CycleEpochs">Length of a cycle in epochs.</param>
public sealed record Repeat(Schedule Cycle, int CycleEpochs) : Schedule
{
    /// <inheritdoc />
    public override bool IsResolved => Cycle.IsResolved;
    /// <inheritdoc />
    public override Schedule WithBaseLr(double lr) => this with { Cycle = Cycle.WithBaseLr(lr) };
    /// <inheritdoc />
    public override double PeakLr => Cycle.PeakLr;
    /// <inheritdoc />
    public override IEnumerable<double> Lrs => Cycle.Lrs;
    /// <inheritdoc />
    public override string Describe() => $"{LengthPrefix}every {CycleEpochs}ep: {Cycle.Describe()}";
    /// <inheritdoc />
    public override SortedDictionary<string, object?> ToCanonical() =>
        CanonicalOf("repeat", ("cycle", Cycle.ToCanonical()), ("cycle_epochs", CycleEpochs));
    /// <inheritdoc />
    protected override double At(long tick, long span, long ticksPerEpoch)
    {
        long c = CycleEpochs * ticksPerEpoch;
        return Cycle.Lr(tick % c, c, ticksPerEpoch);
    }
    /// <inheritdoc />
    protected override double? MomentumAt(long tick, long span, long ticksPerEpoch)
    {
        long c = CycleEpochs * ticksPerEpoch;
        return Cycle.Momentum(tick % c, c, ticksPerEpoch);
    }
}
