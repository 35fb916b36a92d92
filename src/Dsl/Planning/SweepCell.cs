using System.Collections.Immutable;

namespace EnsDsl.Planning;

/// <summary>One parameter's value in a sweep cell.</summary>
/// <param name="Key">The parameter, as <c>Param("key", …)</c> declares it.</param>
/// <param name="Value">Its value, as written on the command line (<c>0.05</c>, <c>true</c>, <c>"a"</c>).</param>
public sealed record CellValue(string Key, string Value);

/// <summary>
/// The parameter values of one run of a script in a sweep (<c>--set k=[a,b]</c>) or a repetition
/// (<c>--repeat seed=1..5</c>), in axis order: what an output's name carries in brackets, as data.
/// </summary>
/// <param name="Values">The swept parameters' values, in axis order.</param>
public sealed record SweepCell(ImmutableArray<CellValue> Values)
{
    /// <summary>The cell as written in output names: <c>cycleLr=0.05, seed=2</c>.</summary>
    public string Label => string.Join(", ", Values.Select(v => $"{v.Key}={v.Value}"));

    /// <summary>The cell of <paramref name="values"/>, in order.</summary>
    /// <example><code>SweepCell.Of(("cycleLr", "0.05"), ("seed", "2")).Label // "cycleLr=0.05, seed=2"</code></example>
    public static SweepCell Of(params (string Key, string Value)[] values) => new([.. values.Select(v => new CellValue(v.Key, v.Value))]);

    /// <summary>The value of <paramref name="key"/> in this cell, or null.</summary>
    public string? ValueOf(string key) => Values.FirstOrDefault(v => v.Key == key)?.Value;

    /// <summary>This cell without <paramref name="key"/>: what the repetitions of one configuration share.</summary>
    public SweepCell Without(string key) => new([.. Values.Where(v => v.Key != key)]);

    /// <inheritdoc />
    public bool Equals(SweepCell? other) => other is not null && Values.SequenceEqual(other.Values);

    /// <inheritdoc />
    public override int GetHashCode() => Label.GetHashCode(StringComparison.Ordinal);
}
