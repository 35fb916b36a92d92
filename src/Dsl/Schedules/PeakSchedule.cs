namespace EnsDsl;

/// <summary>
/// A schedule shaped around one peak LR, which may be left unset to take the step's <c>lr</c>: constant,
/// cosine, step decay, warm-up.
/// </summary>
/// <param name="Peak">The peak LR, or null for the step's.</param>
public abstract record PeakSchedule(double? Peak) : Schedule
{
    /// <inheritdoc />
    public override bool IsResolved => Peak is not null;
    /// <inheritdoc />
    public override Schedule WithBaseLr(double lr) => this with { Peak = Peak ?? lr };
    /// <inheritdoc />
    public override double PeakLr => Peak ?? double.NaN;
    /// <inheritdoc />
    public override IEnumerable<double> Lrs => Peak is { } p ? [p] : [];
}
