namespace EnsDsl;

/// <summary>
/// The authors' <c>standard</c> schedule: the full LR for the first half of the span, then a linear decay to
/// 1% of it by 90%, then 1% to the end. With α = t/T: factor 1 if α ≤ 0.5; 1 − (α − 0.5)/0.4·0.99 if α ≤ 0.9;
/// else 0.01.
/// </summary>
/// <param name="Peak">The LR of the first half; null takes the step's <c>lr</c>.</param>
public sealed record StepDecaySchedule(double? Peak = null) : PeakSchedule(Peak)
{
    /// <inheritdoc />
    public override string Describe() => $"{LengthPrefix}standard {F(Peak)}→{F(Peak * 0.01)}";
    /// <inheritdoc />
    public override SortedDictionary<string, object?> ToCanonical() => CanonicalOf("standard", ("lr", Peak));

    /// <inheritdoc />
    protected override double At(long tick, long span, long ticksPerEpoch)
    {
        double alpha = (double)tick / span;
        double factor = alpha <= 0.5 ? 1.0
            : alpha <= 0.9 ? 1.0 - (alpha - 0.5) / 0.4 * 0.99
            : 0.01;
        return factor * Peak!.Value;
    }
}
