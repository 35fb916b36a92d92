using System.Globalization;
using System.Text;

namespace EnsDsl.Planning;

/// <summary>
/// The canonical text form of plan values, used for node ids and seeds. Maps are written with keys sorted
/// ordinally, numbers in invariant round-trip form, strings JSON-escaped; so equal values give equal text on
/// every machine and every run. Values are: null, bool, int, long, double, string, a map
/// (<see cref="SortedDictionary{TKey,TValue}"/> with ordinal keys) or a list.
/// </summary>
public static class Canon
{
    /// <summary>A map from key/value pairs; keys are kept in ordinal order.</summary>
    public static SortedDictionary<string, object?> Map(params (string Key, object? Value)[] entries)
    {
        var map = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in entries) map[k] = v;
        return map;
    }

    /// <summary>The canonical text of a value.</summary>
    public static string Text(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value);
        return sb.ToString();
    }

    /// <summary>A number in the form used everywhere in plans: shortest round-trip, invariant culture.</summary>
    /// <exception cref="NonFiniteNumberException">NaN or an infinity, which has no canonical form.</exception>
    public static string Number(double d) =>
        double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : throw new NonFiniteNumberException(d);

    static void Write(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case int i: sb.Append(i.ToString(CultureInfo.InvariantCulture)); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: sb.Append(Number(d)); break;
            case string s: WriteString(sb, s); break;
            case SortedDictionary<string, object?> map:
                sb.Append('{');
                var first = true;
                foreach (var (k, v) in map)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    WriteString(sb, k);
                    sb.Append(':');
                    Write(sb, v);
                }
                sb.Append('}');
                break;
            case System.Collections.IEnumerable list:
                sb.Append('[');
                var firstItem = true;
                foreach (var item in list)
                {
                    if (!firstItem) sb.Append(',');
                    firstItem = false;
                    Write(sb, item);
                }
                sb.Append(']');
                break;
            default: throw new ArgumentException($"{value.GetType().Name} has no canonical form");
        }
    }

    static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case < ' ': sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}

/// <summary>A NaN or infinite value reached a plan node, where every number must have a canonical form.</summary>
/// <param name="value">The value.</param>
public sealed class NonFiniteNumberException(double value) : ArgumentException($"non-finite number {value} in a plan")
{
    /// <summary>The value.</summary>
    public double Value { get; } = value;
}
