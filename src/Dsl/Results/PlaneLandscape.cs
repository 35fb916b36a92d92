namespace EnsDsl;

/// <summary>
/// Test error and NLL over the plane through three models, as Garipov et al. (2018) and the model-soups paper draw
/// it: an orthonormal basis from Gram–Schmidt on b − a and c − a, a square grid of <see cref="Grid"/> points around
/// the three (every point an affine combination of them, BN statistics recomputed at each for networks that have BN),
/// and further models projected onto the plane (their coordinates and their distance to it). The run draws it as a
/// contour map with every model marked, and writes the grid's values for users to draw their own.
/// </summary>
/// <param name="A">The origin of the plane's coordinates.</param>
/// <param name="B">The second model: the first axis points from <paramref name="A"/> to it.</param>
/// <param name="C">The third model: with the first two, it spans the plane.</param>
/// <param name="Projected">Further models placed on the picture by their projection onto the plane (may be empty).</param>
/// <param name="Grid">How many points, and how far beyond the three models the picture reaches.</param>
/// <param name="Bn">BN policy at each point (networks without BN have nothing to recompute).</param>
/// <param name="Data">Evaluation data; null means the models' task.</param>
public sealed record PlaneLandscape(Model A, Model B, Model C, Members Projected, PlaneGrid Grid, BnPolicy Bn, Dataset? Data) : IReportable
{
    /// <inheritdoc />
    public string? Name { get; init; }

    /// <inheritdoc />
    public Origin Origin { get; init; } = Origin.None;

    /// <summary>This plane with a name for results and its figure.</summary>
    /// <example><code>Plane(center, sse[1], sse[2]).Named("SSE plane")</code></example>
    public PlaneLandscape Named(string name) => this with { Name = name };
}

/// <summary>
/// The grid of a plane: <see cref="Resolution"/> × <see cref="Resolution"/> points spanning the three models'
/// coordinates, widened on every side by <see cref="Margin"/> times the span (Garipov et al. use about 0.2–0.3).
/// </summary>
/// <param name="Resolution">Points along each axis (≥ 3); the plane costs Resolution² evaluations.</param>
/// <param name="Margin">The fraction of the models' span added on each side (≥ 0).</param>
public sealed record PlaneGrid(int Resolution, double Margin)
{
    /// <summary>The default grid: 9 × 9 points with a quarter of the span on each side.</summary>
    public static PlaneGrid Default { get; } = new(9, 0.25);

    /// <summary>The number of evaluations the grid costs.</summary>
    public int Points => Resolution * Resolution;

    /// <summary>
    /// The grid's coordinates along one axis, for models at <paramref name="coordinates"/> on it: evenly spaced from the
    /// smallest minus the margin to the largest plus it. The same function places the points when they are computed and
    /// when they are drawn.
    /// </summary>
    /// <example><code>PlaneGrid.Default.Axis([0, 3.2, 1.1])   // 9 values from −0.8 to 4.0</code></example>
    public IReadOnlyList<double> Axis(IReadOnlyList<double> coordinates)
    {
        double low = coordinates.Min(), high = coordinates.Max(), pad = Margin * (high - low);
        return [.. Enumerable.Range(0, Resolution).Select(i => low - pad + (high - low + 2 * pad) * i / (Resolution - 1))];
    }
}
