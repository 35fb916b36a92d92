using System.Globalization;

namespace EnsDsl.Cli.Output;

/// <summary>Durations for people: the two largest units that matter.</summary>
public static class Durations
{
    /// <summary>E.g. <c>45 s</c>, <c>3 min</c>, <c>2 h 15 min</c>, <c>3 d 4 h</c>.</summary>
    public static string Format(TimeSpan t)
    {
        var c = CultureInfo.InvariantCulture;
        return t.TotalSeconds switch
        {
            < 90 => string.Format(c, "{0} s", Math.Max(1, Math.Round(t.TotalSeconds))),
            < 3600 => string.Format(c, "{0} min", Math.Round(t.TotalMinutes)),
            < 86400 => string.Format(c, "{0} h {1} min", (int)t.TotalHours, t.Minutes),
            _ => string.Format(c, "{0} d {1} h", (int)t.TotalDays, t.Hours),
        };
    }
}
