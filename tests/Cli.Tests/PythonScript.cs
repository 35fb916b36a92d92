using System.Diagnostics;

namespace EnsDsl.Cli.Tests;

/// <summary>Test data written by Debian's Python (NumPy, Pillow; .ci/run installs them with python3-torchvision).</summary>
static class PythonScript
{
    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/>; a failure names <paramref name="what"/> and Python's error.</summary>
    public static void Run(string script, string what, params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", script, .. args]) { RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{what} failed (apt-get install python3-numpy python3-pil): {error}");
    }
}
