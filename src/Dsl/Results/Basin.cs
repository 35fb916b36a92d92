namespace EnsDsl;

/// <summary>
/// A basin report for <see cref="Members"/>: each member's loss/error barrier on the line to
/// <see cref="Center"/>, its L2 distance to the center and to the pre-trained weights (head excluded).
/// </summary>
/// <param name="Members">The members to measure.</param>
/// <param name="Center">The reference model.</param>
/// <param name="Points">Points on each line.</param>
public sealed record Basin(Members Members, Model Center, int Points = 11) : IReportable
{
    /// <inheritdoc />
    public string? Name { get; init; }

    /// <inheritdoc />
    public Origin Origin { get; init; } = Origin.None;

    /// <summary>This basin report with a name for results.</summary>
    /// <example><code>sse.Basin().Named("SSE basin")</code></example>
    public Basin Named(string name) => this with { Name = name };
}
