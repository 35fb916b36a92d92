namespace EnsDsl;

/// <summary>
/// One triangular cycle from <see cref="Low"/> up to <see cref="High"/> and back over the span, exactly as
/// PyTorch's <c>CyclicLR(mode='triangular')</c> with step_size_up = ⌊T/2⌋ and step_size_down = T − ⌊T/2⌋, which the
/// authors' FGE schedules (<c>cosine+fge</c>) use per batch with low = 0.01·fge_lr. Like CyclicLR's default
/// (<c>cycle_momentum=True</c>), it can cycle SGD momentum inversely between <see cref="MomentumLow"/> and
/// <see cref="MomentumHigh"/>.
/// </summary>
/// <param name="Low">LR at the start and end of the cycle.</param>
/// <param name="High">LR at the top of the cycle.</param>
/// <param name="MomentumLow">Momentum at the top of the cycle, or null to leave momentum to the optimizer.</param>
/// <param name="MomentumHigh">Momentum at the start and end of the cycle.</param>
public sealed record TriangularSchedule(double Low, double High, double? MomentumLow = null, double? MomentumHigh = null) : Schedule
{
    /// <inheritdoc />
    public override bool IsResolved => true;
    /// <inheritdoc />
    public override Schedule WithBaseLr(double lr) => this;
    /// <inheritdoc />
    public override double PeakLr => High;
    /// <inheritdoc />
    public override IEnumerable<double> Lrs => [Low, High];
    /// <inheritdoc />
    public override string Describe() =>
        $"{LengthPrefix}triangular {F(Low)}↗{F(High)}↘" + (MomentumLow is { } m ? $" (momentum {F(MomentumHigh!.Value)}↘{F(m)}↗)" : "");
    /// <inheritdoc />
    public override SortedDictionary<string, object?> ToCanonical() => CanonicalOf("triangular",
        ("low", Low), ("high", High), ("momentum_low", MomentumLow), ("momentum_high", MomentumHigh));

    /// <inheritdoc />
    protected override double At(long tick, long span, long ticksPerEpoch) => Low + (High - Low) * Scale(tick, span);

    /// <inheritdoc />
    protected override double? MomentumAt(long tick, long span, long ticksPerEpoch) =>
        MomentumLow is { } low && MomentumHigh is { } high ? high - (high - low) * Scale(tick, span) : null;

    /// <summary>CyclicLR's triangular scale factor, with its operation order.</summary>
    static double Scale(long tick, long span)
    {
        long up = span / 2, down = span - up;
        double total = up + down, ratio = up / total;
        double cycle = Math.Floor(1 + tick / total);
        double x = 1.0 + tick / total - cycle;
        return x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
    }
}
