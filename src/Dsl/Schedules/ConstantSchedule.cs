namespace EnsDsl;

/// <summary>A constant LR (the authors' <c>constant</c> scheduler: no scheduler at all).</summary>
/// <param name="Peak">The LR; null takes the step's <c>lr</c>.</param>
public sealed record ConstantSchedule(double? Peak = null) : PeakSchedule(Peak)
{
    /// <inheritdoc />
    public override string Describe() => $"{LengthPrefix}constant {F(Peak)}";
    /// <inheritdoc />
    public override SortedDictionary<string, object?> ToCanonical() => CanonicalOf("constant", ("lr", Peak));
    /// <inheritdoc />
    protected override double At(long tick, long span, long ticksPerEpoch) => Peak!.Value;
}
