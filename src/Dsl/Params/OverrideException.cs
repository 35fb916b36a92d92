namespace EnsDsl.Overrides;

/// <summary>
/// A <c>--set</c> value that the script's parameter cannot take (wrong type, malformed spec). The host reports it
/// against the <c>--set</c> argument of <see cref="Key"/>.
/// </summary>
public sealed class OverrideException : Exception
{
    /// <summary>Creates the exception for the override of <paramref name="key"/>.</summary>
    public OverrideException(string code, string key, string message) : base(message) => (Code, Key) = (code, key);

    /// <summary>The diagnostic code.</summary>
    public string Code { get; }

    /// <summary>The parameter whose override is wrong.</summary>
    public string Key { get; }
}
