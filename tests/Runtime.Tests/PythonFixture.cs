using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace EnsDsl.Runtime.Tests;

/// <summary>The fixture script a <see cref="PythonFixture"/> runs: its path under the test output folder, e.g. <c>Imaging/Fixtures/x.py</c>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PythonScriptAttribute(string path) : Attribute
{
    public string Path { get; } = path;

    /// <summary>About how long the script takes on one core, in seconds: the background preparation starts with the longest.</summary>
    public int Seconds { get; init; } = 1;
}

/// <summary>
/// Reference files too large to commit, made at test time by a fixture script (its <see cref="PythonScriptAttribute"/>)
/// with Debian's python3-torch and python3-torchvision (which .ci/run installs) in a fresh temporary folder, deleted with
/// the fixture. The first fixture a test run asks for starts making every fixture's files in the background, one script
/// at a time: the tests of this assembly run one at a time, so a script (the Swin reference takes about 20 s) runs on
/// the core they leave idle instead of before the class that needs it.
/// </summary>
public abstract class PythonFixture : IDisposable
{
    /// <summary>The folder the script wrote.</summary>
    public string Directory { get; }

    protected PythonFixture()
    {
        var script = GetType().GetCustomAttribute<PythonScriptAttribute>()?.Path
            ?? throw new InvalidOperationException($"{GetType().Name} names no fixture script ([PythonScript(\"...\")])");
        PrepareAllInTheBackground();
        Directory = Made(script).GetAwaiter().GetResult();
    }

    /// <summary>A file the script wrote.</summary>
    public string this[string name] => Path.Combine(Directory, name);

    /// <inheritdoc />
    public void Dispose()
    {
        System.IO.Directory.Delete(Directory, true);
        GC.SuppressFinalize(this);
    }

    static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Scripts = new();
    static readonly Lazy<Thread> Preparation = new(() =>
    {
        // Folders no fixture took (a filtered run) go when the test process ends.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var made in Scripts.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully))
                if (System.IO.Directory.Exists(made.Value.Result)) System.IO.Directory.Delete(made.Value.Result, true);
        };
        var all = typeof(PythonFixture).Assembly.GetTypes().Select(t => t.GetCustomAttribute<PythonScriptAttribute>()).OfType<PythonScriptAttribute>()
            .OrderByDescending(a => a.Seconds).ThenBy(a => a.Path, StringComparer.Ordinal).Select(a => a.Path).ToList();
        var thread = new Thread(() =>
        {
            foreach (var script in all)
            {
                try { Made(script).Wait(); }
                catch (AggregateException) { }                          // reported by the fixture that asks for it
            }
        }) { IsBackground = true, Name = "python fixtures" };
        thread.Start();
        return thread;
    });

    static void PrepareAllInTheBackground() => _ = Preparation.Value;

    /// <summary>The folder <paramref name="script"/> wrote, started now unless already started.</summary>
    static Task<string> Made(string script) => Scripts.GetOrAdd(script, s => new Lazy<Task<string>>(() => Task.Run(() => Run(s)))).Value;

    static string Run(string script)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("ensdsl-fixture-").FullName;
        var start = new ProcessStartInfo("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, script), directory])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start /usr/bin/python3");
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} failed; it needs Debian's python3-torch and python3-torchvision " +
                $"(apt-get install python3-torch python3-torchvision python3-scipy; .ci/run installs them):\n{error.Result}");
        return directory;
    }
}
