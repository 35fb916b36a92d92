using System.Globalization;

namespace EnsDsl.Cli.Output;

/// <summary>Byte counts for people, in decimal units as <c>du --si</c> and disk vendors write them.</summary>
public static class Sizes
{
    /// <summary>E.g. <c>950 B</c>, <c>1.2 kB</c>, <c>95.1 MB</c>, <c>41.7 GB</c>.</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1000 && unit < units.Length - 1) { value /= 1000; unit++; }
        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
