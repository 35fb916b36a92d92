using System.Globalization;
using System.Reflection;
using EnsDsl.Cli.Output;
using EnsDsl.Host.Experiments;
using EnsDsl.Host.Scripting;
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
        var script = experiment.Script.Closure.Main.Path;
        SlurmSettings resources;
        try { resources = settings.Slurm(Path.GetDirectoryName(script)!); }
        catch (SlurmSettingsException e)
        {
            Terminal.Report([new Problem(DiagnosticCodes.SlurmSettings, e.Message)]);
            return ExitCodes.UserError;
        }
        List<string> runOptions = settings.Repeat is { } repeat ? ["--repeat", repeat] : [];
        if (settings.TestEveryEpoch) runOptions.Add("--test-every-epoch");
        if (settings.LoaderWorkers is { } workers) runOptions.AddRange(["--loader-workers", workers.ToString(CultureInfo.InvariantCulture)]);
        var options = new ExecutionOptions(TestEveryEpoch: settings.TestEveryEpoch, LoaderWorkers: settings.LoaderWorkers);
        ExperimentRun run;
        try { run = ExperimentRun.Open(experiment, new RunRequest(settings.Store, settings.Out, options, !settings.NoTracking && !settings.Detach, cwd), Warn); }
        catch (RunSetupException e)
        {
            Terminal.Report([new Problem(e.Code, e.Message)]);
            return ExitCodes.UserError;
        }
        using var _ = run;
        if (StoreLocks.Problem(run.Store.Root) is { } unshared)
        {
            Terminal.Report([new Problem(DiagnosticCodes.StoreLocksUnshared, $"the store {Problem.Display(run.Store.Root, cwd)} cannot be shared by Slurm jobs: {unshared}. " +
                "Give --store a folder on a filesystem whose flock locks every host sees (NFSv4, Lustre mounted with -o flock, GPFS, CephFS); see the README's Slurm section")]);
            return ExitCodes.UserError;
        }
        var runDirectory = Path.GetFullPath(Path.Combine(cwd, run.OutDirectory));
        var template = new JobTemplate(Current, script, settings.Sets, run.Store.Root, cwd, runOptions, resources) { Repeat = settings.Repeat };
        SlurmRun submitted;
        try { submitted = SlurmSubmission.Submit(experiment.Name, experiment.Plan, run.Store, runDirectory, template, new SlurmCommands()); }
        catch (SlurmException e)
        {
            Terminal.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failure;
        }
        var shown = Problem.Display(runDirectory, cwd);
        var ids = submitted.Jobs.Select(j => j.SlurmId).ToList();
        Terminal.Error.WriteLine($"{Problem.Display(script, cwd)}: {experiment.Plan.Nodes.Length} nodes ({submitted.Cached.Length} already in the store " +
            $"{Problem.Display(run.Store.Root, cwd)}); submitted {ids.Count} Slurm jobs{(ids.Count > 0 ? $" ({ids[0]}–{ids[^1]})" : "")}; run folder {shown}");
        if (settings.Detach)
        {
            Terminal.Out.WriteLine(shown);
            Hints(shown);
            return ExitCodes.Success;
        }
        return Follow(run, submitted, runDirectory, settings.NoProgress);
    }

    /// <summary>Follows a submitted run until its jobs have ended, then writes its results as a local run does.</summary>
    public static int Follow(ExperimentRun run, SlurmRun submitted, string runDirectory, bool quiet)
    {
        using var interrupt = Interruption.Listen("detaching: the jobs go on in Slurm");
        ExecutionReport report;
        try { report = RunProgress.Run(quiet, observer => run.Execute(observer, interrupt.Token, new SlurmExecutor(submitted, runDirectory, new SlurmCommands()))); }
        catch (SlurmException e)
        {
            Terminal.Error.WriteLine($"error: {e.Message}; the jobs are not affected: follow them again with 'ensdsl collect {Problem.Display(runDirectory, Environment.CurrentDirectory)}'");
            return ExitCodes.Failure;
        }
        if (report.Interrupted)
        {
            Hints(Problem.Display(runDirectory, Environment.CurrentDirectory));
            return ExitCodes.Success;
        }
        var outputs = run.Finish(report);
        RunSummary.Write(Terminal.Out, run.Experiment, report, outputs.Items);
        Terminal.Out.WriteLine($"results: {outputs.Files[0]}, {string.Join(", ", outputs.Files.Skip(1).Select(Path.GetFileName))}");
        foreach (var line in outputs.TrackingLines) Terminal.Out.WriteLine(line);
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

    static void Warn(string message) => Terminal.Error.WriteLine($"warning: {message}");
}
