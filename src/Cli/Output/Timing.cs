using System.Diagnostics;

namespace EnsDsl.Cli.Output;

/// <summary>
/// Start-up stage times since process start, printed to standard error when <c>ENSDSL_TIMING=1</c> (used by
/// bench/plan-startup.sh and by the tests of the compile cache).
/// </summary>
public static class Timing
{
    static readonly bool Enabled = Environment.GetEnvironmentVariable("ENSDSL_TIMING") == "1";

    /// <summary>Prints the milliseconds since the process started, with a label.</summary>
    public static void Mark(string stage)
    {
        if (!Enabled) return;
        var elapsed = DateTime.Now - Process.GetCurrentProcess().StartTime;
        Console.Error.WriteLine($"timing: {elapsed.TotalMilliseconds,6:F0} ms  {stage}");
    }

    /// <summary>Prints a line when timing is on.</summary>
    public static void Note(string text)
    {
        if (Enabled) Console.Error.WriteLine($"timing: {text}");
    }
}
