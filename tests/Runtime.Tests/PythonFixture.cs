using System.Diagnostics;

namespace EnsDsl.Runtime.Tests;

/// <summary>
/// Runs a fixture script with Debian's python3-torch and python3-torchvision (which .ci/run installs) into a fresh
/// temporary folder, for reference files too large to commit; the folder is deleted with the fixture.
/// </summary>
public abstract class PythonFixture : IDisposable
{
    /// <summary>The folder the script wrote.</summary>
    public string Directory { get; }

    /// <param name="script">The script's path under the test output folder, e.g. <c>Imaging/Fixtures/x.py</c>.</param>
    protected PythonFixture(string script)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("ensdsl-fixture-").FullName;
        var start = new ProcessStartInfo("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, script), Directory])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Directory,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start /usr/bin/python3");
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} failed; it needs Debian's python3-torch and python3-torchvision " +
                $"(apt-get install python3-torch python3-torchvision python3-scipy; .ci/run installs them):\n{error.Result}");
    }

    /// <summary>A file the script wrote.</summary>
    public string this[string name] => Path.Combine(Directory, name);

    /// <inheritdoc />
    public void Dispose()
    {
        System.IO.Directory.Delete(Directory, true);
        GC.SuppressFinalize(this);
    }
}
