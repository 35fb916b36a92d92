using System.Collections.Immutable;

namespace EnsDsl.Overrides;

/// <summary>What kind of literal a scalar override is.</summary>
public enum ScalarKind
{
    /// <summary>A number such as <c>0.05</c>, <c>-3</c>, <c>1e-4</c>.</summary>
    Number,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Bool,
    /// <summary>A bare word (<c>checkpoints/byol-1000ep-2.pt</c>) or a quoted string.</summary>
    String,
}

/// <summary>One literal value of an override.</summary>
/// <param name="Kind">Number, boolean or string.</param>
/// <param name="Text">The value as written (without quotes), used for strings and messages.</param>
/// <param name="Number">The value when <paramref name="Kind"/> is Number.</param>
public sealed record Scalar(ScalarKind Kind, string Text, double Number = 0)
{
    /// <summary>The boolean value when <see cref="Kind"/> is Bool.</summary>
    public bool Bool => Kind == ScalarKind.Bool && Text.Equals("true", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override string ToString() => Text;
}

/// <summary>The value of a <c>--set key=value</c>: one scalar, or a list (which makes the key a sweep axis).</summary>
public abstract record OverrideValue;

/// <summary>A single value.</summary>
/// <param name="Value">The literal.</param>
public sealed record ScalarValue(Scalar Value) : OverrideValue;

/// <summary>A list of values (written <c>[a,b,c]</c> or as a range <c>1..5</c>): a sweep axis.</summary>
/// <param name="Values">The values in order.</param>
public sealed record ListValue(ImmutableArray<Scalar> Values) : OverrideValue;

/// <summary>A parsed <c>--set</c> argument.</summary>
/// <param name="Key">The parameter name, e.g. <c>cycleLr</c>.</param>
/// <param name="Value">Its value.</param>
/// <param name="Text">The whole argument as given, for messages.</param>
/// <param name="ValueOffset">Index in <paramref name="Text"/> where the value starts, for carets.</param>
public sealed record Override(string Key, OverrideValue Value, string Text, int ValueOffset)
{
    /// <summary>True when the value is a list: this key is a sweep axis.</summary>
    public bool IsSweep => Value is ListValue;

    /// <summary>The values this key takes (one for a scalar).</summary>
    public ImmutableArray<Scalar> Values => Value switch
    {
        ScalarValue s => [s.Value],
        ListValue l => l.Values,
        _ => [],
    };
}
