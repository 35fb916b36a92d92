using System.Text.RegularExpressions;

namespace EnsDsl.Runtime.Tracking;

/// <summary>A key or value MLflow would refuse: the message names it and the rule.</summary>
public sealed class TrackingValueException(string message) : Exception(message);

/// <summary>
/// MLflow's limits on what a run may hold (<c>mlflow/utils/validation.py</c>, 3.x): keys of at most 250 characters of
/// <c>[/\w.\- :]</c> that are normalised relative paths (no <c>//</c>, <c>./</c>, <c>..</c>, leading or trailing
/// <c>/</c>), param values of at most 6,000 characters, tag values of at most 8,000. Over-long values are truncated as
/// MLflow's own stores do by default (<c>MLFLOW_TRUNCATE_LONG_VALUES</c>), with a warning; bad keys are refused.
/// </summary>
public static partial class MlflowLimits
{
    /// <summary>Longest metric, param or tag key.</summary>
    public const int KeyLength = 250;

    /// <summary>Longest param value.</summary>
    public const int ParamValueLength = 6000;

    /// <summary>Longest run-tag value.</summary>
    public const int TagValueLength = 8000;

    [GeneratedRegex(@"^[/\w.\- :]*$")]
    private static partial Regex KeyCharacters();

    /// <summary>Throws unless <paramref name="key"/> is a key MLflow accepts.</summary>
    /// <exception cref="TrackingValueException">The key is empty, too long, has other characters, or is not a normalised path.</exception>
    public static string Key(string key, string what)
    {
        if (key.Length == 0) throw new TrackingValueException($"{what} key is empty");
        if (key.Length > KeyLength) throw new TrackingValueException($"{what} key '{key[..40]}…' has {key.Length} characters; MLflow allows {KeyLength}");
        if (!KeyCharacters().IsMatch(key)) throw new TrackingValueException($"{what} key '{key}' has characters MLflow refuses (allowed: letters, digits, _ - . space : /)");
        var parts = key.Split('/');
        if (parts.Any(p => p is "" or "." or ".."))
            throw new TrackingValueException($"{what} key '{key}' is not a normalised path (no leading, trailing or double '/', no '.' or '..' parts)");
        return key;
    }

    /// <summary>A value cut to <paramref name="limit"/> characters, and the warning when it was cut.</summary>
    public static (string Value, string? Warning) Value(string value, int limit, string what, string key) =>
        value.Length <= limit
            ? (value, null)
            : (value[..limit], $"{what} '{key}': value of {value.Length} characters truncated to MLflow's limit of {limit}");
}
