namespace EnsDsl;

/// <summary>
/// An ensemble: the members' predicted class probabilities averaged, measured for every size k = 1..K
/// (prefixes in member order) on the test split of <see cref="Data"/>.
/// </summary>
/// <param name="Members">The members, in order.</param>
/// <param name="Data">Evaluation data; null means the members' task.</param>
public sealed record Ensemble(Members Members, Dataset? Data) : IReportable
{
    /// <inheritdoc />
    public string? Name { get; init; }

    /// <inheritdoc />
    public Origin Origin { get; init; } = Origin.None;

    /// <summary>This ensemble with a name for results.</summary>
    /// <example><code>star.Ensemble().Named($"star lr×{lrRatio}")</code></example>
    public Ensemble Named(string name) => this with { Name = name };
}
