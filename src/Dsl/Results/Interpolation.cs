namespace EnsDsl;

/// <summary>
/// Loss and error along the straight line θ(α) = (1−α)·θa + α·θb at <see cref="Points"/> evenly spaced α,
/// BN statistics recomputed at every point by default, and the barrier: the largest gap above the straight line
/// between the end values.
/// </summary>
/// <param name="A">The end at α = 0.</param>
/// <param name="B">The end at α = 1.</param>
/// <param name="Points">Number of points, both ends included.</param>
/// <param name="Bn">BN policy at each point.</param>
/// <param name="Data">Evaluation data; null means the models' task.</param>
public sealed record Interpolation(Model A, Model B, int Points, BnPolicy Bn, Dataset? Data) : IReportable
{
    /// <inheritdoc />
    public string? Name { get; init; }

    /// <inheritdoc />
    public Origin Origin { get; init; } = Origin.None;

    /// <summary>This interpolation with a name for results.</summary>
    /// <example><code>Interpolate(a, b).Named("Local DE pair")</code></example>
    public Interpolation Named(string name) => this with { Name = name };
}
