namespace EnsDsl;

/// <summary>
/// The call site of the exploration method being built (see <see cref="Prelude.Method"/>): while it is set, every DSL
/// value made takes it as its <see cref="Origin"/>, so plan errors point at the line that called the method. Scripts
/// build their plans on one thread; the outermost method wins.
/// </summary>
static class CallSite
{
    [ThreadStatic] static Origin? current;

    /// <summary>The origin of a DSL call at <paramref name="file"/>:<paramref name="line"/>, or the enclosing method's call site.</summary>
    public static Origin At(string file, int line, string member) => current ?? new Origin(file, line, member);

    /// <summary>Runs <paramref name="body"/> with <paramref name="origin"/> as the call site (unless one is already set).</summary>
    public static T Within<T>(Origin origin, Func<T> body)
    {
        if (current is not null) return body();
        current = origin;
        try { return body(); }
        finally { current = null; }
    }
}
