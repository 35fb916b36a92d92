namespace EnsDsl;

/// <summary>
/// Something a report shows: a model (evaluated), an <see cref="Ensemble"/>, a <see cref="Soup"/>, an
/// <see cref="Evaluation"/>, an <see cref="Interpolation"/> or a <see cref="Basin"/>.
/// </summary>
public interface IReportable
{
    /// <summary>The user's name for it, if any.</summary>
    string? Name { get; }

    /// <summary>Where in the script it was made.</summary>
    Origin Origin { get; }
}
