namespace EnsDsl;

/// <summary>
/// Thrown by a DSL call that cannot build a value from its arguments (for example <c>Chain(-1, …)</c>).
/// The script host reports it at <see cref="Origin"/>, never as a stack trace.
/// </summary>
public sealed class DslException : Exception
{
    /// <summary>Creates the exception for the call at <paramref name="origin"/>.</summary>
    public DslException(string message, Origin origin, string code = DiagnosticCodes.InvalidCall) : base(message)
    {
        Origin = origin;
        Code = code;
    }

    /// <summary>The script line of the offending call.</summary>
    public Origin Origin { get; }

    /// <summary>The diagnostic code to report.</summary>
    public string Code { get; }

    /// <summary>The exception as a diagnostic.</summary>
    public Diagnostic ToDiagnostic() => new(Code, Message, Origin);
}
