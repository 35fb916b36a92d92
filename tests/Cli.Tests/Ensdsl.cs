using System.Diagnostics;
using System.Reflection;

namespace EnsDsl.Cli.Tests;

/// <summary>Runs the real <c>ensdsl</c> process.</summary>
static class Ensdsl
{
    public sealed record Result(int ExitCode, string Out, string Err)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";

        /// <summary>Both streams with every whitespace run made one space: the console wraps long lines.</summary>
        public string Flat => System.Text.RegularExpressions.Regex.Replace(Out + " " + Err, @"\s+", " ");
    }

    static string Metadata(string key) => typeof(Ensdsl).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static string RepoRoot => Path.GetFullPath(Metadata("RepoRoot"));

    public static string Fixtures => Path.Combine(RepoRoot, "tests", "Cli.Tests", "Fixtures");

    /// <summary>The ensdsl.dll the tests run.</summary>
    public static string CliPath => Path.GetFullPath(Metadata("EnsDslCli"));

    /// <summary>A compile cache private to the tests, kept beside them (entries of older builds are never hit again).</summary>
    public static readonly string Cache = Path.Combine(AppContext.BaseDirectory, "ensdsl-cache");

    /// <summary>Starts ensdsl without waiting (output discarded): for tests that kill it.</summary>
    public static Process Start(string workingDirectory, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var start = Info(workingDirectory, args, env);
        start.RedirectStandardOutput = start.RedirectStandardError = false;
        start.StandardOutputEncoding = null;
        return Process.Start(start)!;
    }

    /// <summary>
    /// Starts ensdsl without waiting, its output to be read from the process: for tests that signal it. It gets
    /// SIGINT's default disposition, as a command started from a terminal has: a test run started in the background
    /// by a non-interactive shell (<c>bash .ci/run &amp;</c>) ignores SIGINT, and its children inherit that.
    /// </summary>
    public static Process StartReading(string workingDirectory, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var start = Info(workingDirectory, args, env);
        start.ArgumentList.Insert(0, start.FileName);
        start.ArgumentList.Insert(0, "--default-signal=INT");
        start.FileName = "env";
        return Process.Start(start)!;
    }

    static ProcessStartInfo Info(string workingDirectory, IEnumerable<string> args, IDictionary<string, string>? env, string? cli = null)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cli ?? CliPath);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["ENSDSL_CACHE"] = Cache;
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) start.Environment[k] = v;
        return start;
    }

    /// <summary>Runs ensdsl (or the ensdsl.dll at <paramref name="cli"/>) and waits for it.</summary>
    public static Result Run(string workingDirectory, IEnumerable<string> args, IDictionary<string, string>? env = null, string? cli = null, TimeSpan? timeout = null) =>
        Run(Info(workingDirectory, args, env, cli), timeout);

    /// <summary>
    /// Runs a prepared process (ensdsl, dotnet, an installed tool, a pseudo-terminal) with its output read, and waits
    /// for it without yielding the test's thread — an awaiting test lets xUnit start another class, and training
    /// processes would then share the cores — killing it, with its children, when it outlasts <paramref name="timeout"/>.
    /// </summary>
    public static Result Run(ProcessStartInfo start, TimeSpan? timeout = null)
    {
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(" ", start.ArgumentList)} did not finish");
        }
        process.WaitForExit();                                   // the output read to its end
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static Result InFixtures(params string[] args) => Run(Fixtures, args);

    public static Result InRepo(params string[] args) => Run(RepoRoot, args);
}
