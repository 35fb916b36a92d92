using System.Collections.Immutable;

namespace EnsDsl.Host.Scripting;

/// <summary>
/// A message for the user about their script or command line, printed like a compiler diagnostic:
/// <c>experiments/x.csx(12,9): error CS1061: …</c>, or <c>error ENS0301: …</c> when it has no file, followed by
/// <see cref="Context"/> lines (for example a caret under the offending character of a <c>--set</c>).
/// </summary>
/// <param name="Code">Diagnostic code (ENS… or the compiler's CS…).</param>
/// <param name="Message">What is wrong and what to do.</param>
/// <param name="File">Script file, if the problem is in one.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Severity">Error or warning.</param>
public sealed record Problem(string Code, string Message, string? File = null, int Line = 0, int Column = 0, Severity Severity = Severity.Error)
{
    /// <summary>Lines printed under the diagnostic (indented), such as a caret.</summary>
    public ImmutableArray<string> Context { get; init; } = [];

    /// <summary>The diagnostic line, with the file relative to <paramref name="directory"/> when it lies below it.</summary>
    public string Format(string? directory = null)
    {
        var severity = Severity == Severity.Error ? "error" : "warning";
        var where = File is null ? "" : $"{DisplayPath.Of(File, directory)}({Line},{Math.Max(Column, 1)}): ";
        return $"{where}{severity} {Code}: {Message}";
    }

    /// <summary>A problem at a DSL value's origin; the column is found by looking for the call on that line.</summary>
    public static Problem At(Origin origin, string code, string message, Severity severity = Severity.Error) =>
        origin.IsKnown
            ? new(code, message, origin.File, origin.Line, ColumnOf(origin), severity)
            : new(code, message, Severity: severity);

    static int ColumnOf(Origin origin)
    {
        try
        {
            var lines = System.IO.File.ReadLines(origin.File).Skip(origin.Line - 1).Take(1).ToList();
            if (lines.Count == 0 || origin.Member.Length == 0) return 1;
            var index = lines[0].IndexOf(origin.Member + "(", StringComparison.Ordinal);
            return index >= 0 ? index + 1 : 1;
        }
        catch (IOException) { return 1; }
        catch (UnauthorizedAccessException) { return 1; }
    }
}
