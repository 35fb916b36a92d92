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

    /// <summary>How the tests start ensdsl (or the ensdsl.dll at <paramref name="cli"/>): with the tests' compile cache and <paramref name="env"/>.</summary>
    public static ProcessStartInfo Info(string workingDirectory, IEnumerable<string> args, IDictionary<string, string>? env = null, string? cli = null)
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
    public static Result Run(ProcessStartInfo start, TimeSpan? timeout = null) => RunTogether([start], timeout)[0];

    /// <summary>
    /// Starts every process at once and waits for all of them, as <see cref="Run(ProcessStartInfo, TimeSpan?)"/> waits
    /// for one (synchronously; each killed with its children when it outlasts <paramref name="timeout"/>).
    /// </summary>
    public static Result[] RunTogether(IReadOnlyList<ProcessStartInfo> starts, TimeSpan? timeout = null)
    {
        var running = starts.Select(Launch).ToList();
        try
        {
            return [.. running.Select(r => r.Wait(timeout))];
        }
        finally
        {
            foreach (var r in running) r.Dispose();
        }
    }

    /// <summary>Starts a process with its output read, to be waited for later (<see cref="Running.Wait"/>) while the test does other things.</summary>
    public static Running Launch(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        return new Running(start, Process.Start(start)!);
    }

    /// <summary>A process started by <see cref="Launch"/>.</summary>
    public sealed class Running : IDisposable
    {
        readonly ProcessStartInfo start;
        readonly Process process;
        readonly Task<string> stdout, stderr;
        readonly Stopwatch clock = Stopwatch.StartNew();

        internal Running(ProcessStartInfo start, Process process)
        {
            (this.start, this.process) = (start, process);
            stdout = process.StandardOutput.ReadToEndAsync();
            stderr = process.StandardError.ReadToEndAsync();
        }

        /// <summary>True once the process has ended.</summary>
        public bool HasExited => process.HasExited;

        /// <summary>Waits for the process, without yielding the thread; kills it with its children when it runs longer than <paramref name="timeout"/> in all.</summary>
        public Result Wait(TimeSpan? timeout = null)
        {
            var left = (timeout ?? TimeSpan.FromMinutes(5)) - clock.Elapsed;
            if (left < TimeSpan.Zero || !process.WaitForExit(left))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{start.FileName} {string.Join(" ", start.ArgumentList)} did not finish");
            }
            process.WaitForExit();                                   // the output read to its end
            return new Result(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
        }

        public void Dispose()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
        }
    }

    public static Result InFixtures(params string[] args) => Run(Fixtures, args);

    public static Result InRepo(params string[] args) => Run(RepoRoot, args);
}
