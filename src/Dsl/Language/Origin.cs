namespace EnsDsl;

/// <summary>
/// Where a DSL value was written: the script file, the line, and the DSL member that was called there.
/// Captured with caller-info attributes, so plan errors point at the user's own line.
/// </summary>
/// <param name="File">Path of the script file as the compiler saw it.</param>
/// <param name="Line">1-based line of the call.</param>
/// <param name="Member">The DSL member called on that line (used to find the column).</param>
public sealed record Origin(string File, int Line, string Member)
{
    /// <summary>A value created outside any script (for example in C# tests).</summary>
    public static readonly Origin None = new("", 0, "");

    /// <summary>True when the value came from a script line.</summary>
    public bool IsKnown => Line > 0 && File.Length > 0;

    /// <summary>The file name and line, e.g. <c>starsse.csx:12</c>, for messages (directories left out).</summary>
    public override string ToString() => IsKnown ? $"{Path.GetFileName(File)}:{Line}" : "(no script location)";
}
