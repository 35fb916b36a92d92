using System.Collections.Immutable;

namespace EnsDsl;

/// <summary>
/// The items an experiment reports, in order: what a script returns. A script may also end with a single
/// reportable value or a sequence of them; the host wraps it in a report.
/// </summary>
/// <param name="Items">The reported items.</param>
/// <example><code>return Report(star.Ensemble(), star.Soup());</code></example>
public sealed record Report(ImmutableArray<IReportable> Items)
{
    /// <summary>Where the report was made.</summary>
    public Origin Origin { get; init; } = Origin.None;

    /// <summary>
    /// The repetitions a <c>Repeat</c> made: each one's report, with the value of the repeated parameter it was made
    /// for. Their outputs are read together, as those of <c>--repeat</c>: mean ± std and paired comparisons.
    /// </summary>
    public ImmutableArray<Repetition> Repetitions { get; init; } = [];

    /// <summary>Turns a script's final value into a report, or null when it is not something ensdsl can plan.</summary>
    public static Report? From(object? value) => value switch
    {
        Report r => r,
        IReportable item => new Report([item]),
        Members members => new Report([members.Ensemble()]),
        IEnumerable<IReportable> items => new Report([.. items]),
        IEnumerable<Members> groups => new Report([.. groups.Select(m => (IReportable)m.Ensemble())]),
        _ => null,
    };
}

/// <summary>One repetition of a report: the repeated parameter's name, its value here, and the report made with it.</summary>
/// <param name="Name">The parameter, e.g. <c>seed</c>.</param>
/// <param name="Value">Its value, as text (<c>3</c>).</param>
/// <param name="Report">What this repetition reports.</param>
public sealed record Repetition(string Name, string Value, Report Report);
