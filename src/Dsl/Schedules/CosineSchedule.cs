namespace EnsDsl;

/// <summary>
/// Cosine annealing from <see cref="PeakSchedule.Peak"/> to <see cref="Min"/> over the span, without restarts:
/// lr(t) = min + (peak − min)·½(1 + cos(π·t/T)). At t = T−1 it is just above min, as in the authors' per-epoch
/// <c>cosine</c> (CosineAnnealingWarmRestarts with T_0 = epochs) and the cosine part of every SSE cycle.
/// </summary>
/// <param name="Peak">LR at t = 0; null takes the step's <c>lr</c>.</param>
/// <param name="Min">The LR approached at the end (eta_min).</param>
public sealed record CosineSchedule(double? Peak = null, double Min = 0) : PeakSchedule(Peak)
{
    /// <inheritdoc />
    public override string Describe() => $"{LengthPrefix}cosine {F(Peak)}→{F(Min)}";
    /// <inheritdoc />
    public override SortedDictionary<string, object?> ToCanonical() => CanonicalOf("cosine", ("lr", Peak), ("min", Min));

    /// <inheritdoc />
    protected override double At(long tick, long span, long ticksPerEpoch)
    {
        // Same operation order as the authors' LambdaLR lambdas: coef first, then cos(coef·π).
        double coef = (double)tick / span;
        double factor = 0.5 * (1 + Math.Cos(coef * Math.PI));
        return Min == 0 ? Peak!.Value * factor : Min + (Peak!.Value - Min) * factor;
    }
}
