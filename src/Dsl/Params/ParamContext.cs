using System.Globalization;

namespace EnsDsl.Overrides;

/// <summary>A parameter a script declared with <c>Param(name, default)</c>.</summary>
/// <param name="Name">Its name, the key of <c>--set</c>.</param>
/// <param name="Type">The type of its default (int, long, double, bool or string).</param>
/// <param name="Default">The default value.</param>
/// <param name="Origin">Where it was declared.</param>
public sealed record ParamDeclaration(string Name, Type Type, object Default, Origin Origin)
{
    /// <summary>The type as a user reads it.</summary>
    public string TypeName => ParamContext.Describe(Type);
}

/// <summary>
/// The values of one script execution's parameters (from <c>--set</c>), and a record of what the script declared.
/// The host enters a context around the script's execution; <c>Param</c> reads it. Outside any context (plain C#,
/// tests), every parameter takes its default.
/// </summary>
public sealed class ParamContext
{
    static readonly AsyncLocal<ParamContext?> current = new();
    readonly IReadOnlyDictionary<string, Scalar> values;
    readonly Dictionary<string, ParamDeclaration> declared = new(StringComparer.Ordinal);

    /// <summary>A context assigning <paramref name="values"/> (one scalar per key).</summary>
    public ParamContext(IReadOnlyDictionary<string, Scalar> values) => this.values = values;

    /// <summary>The context of the executing script, if any.</summary>
    public static ParamContext? Current => current.Value;

    /// <summary>Parameters the script declared, in the order first seen.</summary>
    public IReadOnlyCollection<ParamDeclaration> Declarations => declared.Values;

    /// <summary>Makes this the current context until the result is disposed.</summary>
    public IDisposable Enter()
    {
        var previous = current.Value;
        current.Value = this;
        return new Restore(() => current.Value = previous);
    }

    /// <summary>The value of parameter <paramref name="name"/>: its override converted to <typeparamref name="T"/>, or the default.</summary>
    public T Resolve<T>(string name, T @default, Origin origin) where T : notnull
    {
        if (!IsSupported(typeof(T)))
            throw new DslException($"Param \"{name}\": parameters are int, long, double, bool or string; got {typeof(T).Name}", origin);
        if (string.IsNullOrWhiteSpace(name))
            throw new DslException("Param needs a name", origin);
        if (declared.TryGetValue(name, out var earlier))
        {
            if (earlier.Type != typeof(T) || !Equals(earlier.Default, @default))
                throw new DslException(
                    $"Param \"{name}\" is declared as {Describe(typeof(T))} {Show(@default)} here and as {earlier.TypeName} {Show(earlier.Default)} at {earlier.Origin}; one name, one meaning",
                    origin, DiagnosticCodes.ConflictingParam);
        }
        else declared[name] = new ParamDeclaration(name, typeof(T), @default, origin);
        return values.TryGetValue(name, out var scalar) ? Convert<T>(name, scalar, @default, origin) : @default;
    }

    static T Convert<T>(string name, Scalar s, T @default, Origin origin)
    {
        object? converted = typeof(T) switch
        {
            var t when t == typeof(string) => s.Text,
            var t when t == typeof(bool) => s.Kind == ScalarKind.Bool ? s.Bool : null,
            var t when t == typeof(double) => s.Kind == ScalarKind.Number ? s.Number : null,
            var t when t == typeof(int) => s.Kind == ScalarKind.Number && s.Number == Math.Floor(s.Number) && s.Number is >= int.MinValue and <= int.MaxValue ? (int)s.Number : null,
            var t when t == typeof(long) => s.Kind == ScalarKind.Number && s.Number == Math.Floor(s.Number) && Math.Abs(s.Number) < 9e15 ? (long)s.Number : null,
            _ => null,
        };
        return converted is T value
            ? value
            : throw new OverrideException(DiagnosticCodes.OverrideType, name,
                $"'{name}' is {Article(typeof(T))} (default {Show(@default)}, declared at {origin}); '{s.Text}' is not");
    }

    static bool IsSupported(Type t) => t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(bool) || t == typeof(string);

    internal static string Describe(Type t) =>
        t == typeof(int) || t == typeof(long) ? "integer" : t == typeof(double) ? "number" : t == typeof(bool) ? "boolean" : "string";

    static string Article(Type t) => Describe(t) switch { "integer" => "an integer", var d => "a " + d };

    static string Show(object? v) => v switch
    {
        string s => $"\"{s}\"",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => System.Convert.ToString(v, CultureInfo.InvariantCulture) ?? "null",
    };

    sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}

/// <summary>Parameter lookup for DSL code: the current context, or the default when there is none.</summary>
internal static class Param
{
    public static T Resolve<T>(string name, T @default, Origin origin) where T : notnull =>
        ParamContext.Current is { } context ? context.Resolve(name, @default, origin) : @default;
}
