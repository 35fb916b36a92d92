using System.Globalization;
using System.Reflection;
using EnsDsl.Cli.Output;
using EnsDsl.Host.Scripting;
using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Runs;
using EnsDsl.Runtime.Slurm;
using EnsDsl.Runtime.Store;
using Spectre.Console;

namespace EnsDsl.Cli.Commands;

/// <summary>
/// <c>ensdsl run --executor slurm</c> and what follows it: submitting the plan's jobs, following them with the same
/// progress as a local run, and writing the results when they have ended (also for <c>ensdsl collect</c>).
/// </summary>
static class SlurmRunning
{
    /// <summary>Submits the experiment's jobs; then follows them unless --detach.</summary>
    public static int Submit(Experiment experiment, RunSettings settings)
    {
        var cwd = Environment.CurrentDirectory;
        var script = experiment.ScriptPath;
        var resources = settings.Slurm(script);
        List<string> runOptions = settings.Repeat is { } repeat ? ["--repeat", repeat] : [];
        if (settings.TestEveryEpoch) runOptions.Add("--test-every-epoch");
        if (settings.LoaderWorkers is { } workers) runOptions.AddRange(["--loader-workers", workers.ToString(CultureInfo.InvariantCulture)]);
        var options = new ExecutionOptions(TestEveryEpoch: settings.TestEveryEpoch, LoaderWorkers: settings.LoaderWorkers);
        using var run = ExperimentRun.Open(experiment, new RunRequest(settings.Store, settings.Out, options, !settings.NoTracking && !settings.Detach, cwd), Terminal.Warn);
        if (StoreLocks.Problem(run.Store.Root) is { } unshared)
        {
            Terminal.Report([new Problem(DiagnosticCodes.StoreLocksUnshared, $"the store {DisplayPath.Of(run.Store.Root, cwd)} cannot be shared by Slurm jobs: {unshared}. " +
                "Give --store a folder on a filesystem whose flock locks every host sees (NFSv4, Lustre mounted with -o flock, GPFS, CephFS); see the README's Slurm section")]);
            return ExitCodes.UserError;
        }
        var runDirectory = Path.GetFullPath(Path.Combine(cwd, run.OutDirectory));
        var template = new JobTemplate(Current, script, settings.Sets, run.Store.Root, cwd, runOptions, resources) { Repeat = settings.Repeat };
        var submitted = SlurmSubmission.Submit(experiment.Name, experiment.Plan, run.Store, runDirectory, template, new SlurmCommands(warn: Terminal.Warn), out var cached, Terminal.Warn);
        var shown = DisplayPath.Of(runDirectory, cwd);
        var ids = submitted.Jobs.Select(j => j.SlurmId).ToList();
        Terminal.Error.WriteLine($"{DisplayPath.Of(script, cwd)}: {experiment.Plan.Nodes.Length} nodes ({submitted.Cached.Length} already in the store " +
            $"{DisplayPath.Of(run.Store.Root, cwd)}); submitted {ids.Count} Slurm jobs{(ids.Count > 0 ? $" ({ids[0]}–{ids[^1]})" : "")}" +
            (submitted.Pending.Length > 0 ? $", {submitted.Pending.Length} more as earlier ones end (at most {submitted.MaxJobs} at once: --max-jobs)" : "") +
            $"; run folder {shown}");
        if (settings.Detach)
        {
            if (submitted.Pending.Length > 0)
                Terminal.Warn($"{submitted.Pending.Length} jobs wait to be submitted until earlier ones end: 'ensdsl collect {shown}' submits them (nothing does while no one follows the run)");
            Terminal.Out.WriteLine(shown);
            Hints(shown);
            return ExitCodes.Success;
        }
        return Follow(run, submitted, runDirectory, settings.NoProgress, cached);
    }

    /// <summary>
    /// Follows a submitted run until its jobs have ended, then writes its results as a local run does;
    /// <paramref name="cached"/> are the records this process checked at submission, when it submitted.
    /// </summary>
    public static int Follow(ExperimentRun run, SlurmRun submitted, string runDirectory, bool quiet, IReadOnlyDictionary<string, Runtime.Store.NodeRecord>? cached = null)
    {
        using var interrupt = Interruption.Listen("detaching: the jobs go on in Slurm");
        ExecutionReport report;
        try { report = RunProgress.Run(quiet, observer => run.Execute(observer, interrupt.Token, new SlurmExecutor(submitted, runDirectory, new SlurmCommands(warn: Terminal.Warn), cached: cached, warn: Terminal.Warn))); }
        catch (SlurmException e)
        {
            Terminal.Error.WriteLine($"error: {e.Message}; the jobs are not affected: follow them again with 'ensdsl collect {DisplayPath.Of(runDirectory, Environment.CurrentDirectory)}'");
            return ExitCodes.Failure;
        }
        if (report.Interrupted)
        {
            Hints(DisplayPath.Of(runDirectory, Environment.CurrentDirectory));
            return ExitCodes.Success;
        }
        run.Finish(report, new ConsoleSummary(Terminal.Out));
        return report.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
    }

    static void Hints(string runDirectory)
    {
        Terminal.Error.WriteLine($"follow it:            ensdsl status {runDirectory}");
        Terminal.Error.WriteLine($"results when it ends: ensdsl collect {runDirectory}");
        Terminal.Error.WriteLine($"stop it:              ensdsl cancel {runDirectory}");
    }

    /// <summary>This ensdsl, as a job on a compute node starts it: the same dotnet host and ensdsl.dll, or the same launcher.</summary>
    static EnsdslCommand Current
    {
        get
        {
            var process = Environment.ProcessPath ?? "dotnet";
            return Path.GetFileNameWithoutExtension(process) == "dotnet"
                ? new EnsdslCommand(process, [Assembly.GetEntryAssembly()!.Location])
                : new EnsdslCommand(process, []);
        }
    }
}
