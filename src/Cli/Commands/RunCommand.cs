using System.ComponentModel;
using EnsDsl.Cli.Output;
using EnsDsl.Host.Scripting;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Runs;
using EnsDsl.Runtime.Slurm;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands;

/// <summary>Settings of <c>ensdsl run</c>.</summary>
public sealed class RunSettings : ExecutorSettings
{
    /// <summary>Where results go.</summary>
    [CommandOption("--out <DIR>")]
    [Description("Where results.json goes (default: runs/<script name>/<timestamp>, or <timestamp>-2, -3, ... for runs started in the same second).")]
    public string? Out { get; init; }

    /// <summary>The device.</summary>
    [CommandOption("--device <DEVICE>")]
    [Description("auto (CUDA when available, else CPU), cpu, cuda or cuda:N.")]
    public string Device { get; init; } = "auto";

    /// <summary>Several devices.</summary>
    [CommandOption("--devices <LIST>")]
    [Description("Run independent nodes at the same time, one per device: a list such as cuda:0,cuda:1 (or cpu,cpu), or N for the first N GPUs. Results do not depend on it.")]
    public string? Devices { get; init; }

    /// <summary>Compute only these nodes.</summary>
    [CommandOption("--nodes <IDS>")]
    [Description("Compute only these nodes (comma-separated ids, or their first 8+ characters), whose other inputs must be finished in the store: what a Slurm job runs. Writes no results files and records nothing in MLflow.")]
    public string? Nodes { get; init; }

    /// <summary>Concurrent nodes.</summary>
    [CommandOption("--jobs <N>")]
    [Description("How many independent nodes to compute at once (one per device is the useful maximum; results do not depend on it).")]
    public int Jobs { get; init; } = 1;

    /// <summary>Image-loader threads.</summary>
    [CommandOption("--loader-workers <N>")]
    [Description("Threads that decode and transform images for the image pipeline (default: one per core; results do not depend on it).")]
    public int? LoaderWorkers { get; init; }

    /// <summary>Per-epoch test scores.</summary>
    [CommandOption("--test-every-epoch")]
    [Description("Evaluate every training step on its test split after each epoch (test_acc and test_nll per epoch in MLflow; costs an evaluation per epoch).")]
    public bool TestEveryEpoch { get; init; }

    /// <summary>No MLflow tracking.</summary>
    [CommandOption("--no-tracking")]
    [Description("Record nothing in MLflow (by default runs are recorded in ./mlruns, or the file store MLFLOW_TRACKING_URI names, and uploaded when it names a server).")]
    public bool NoTracking { get; init; }

    /// <summary>Which finished steps keep their optimizer state.</summary>
    [CommandOption("--keep-optimizer-state <WHICH>")]
    [Description("all (default: nothing in the store has to be recomputed later) or unfinished (drop a step's optimizer state once no step of this run continues it: about two fifths of the store at the paper's scale; a later step continuing it retrains its parent first).")]
    public OptimizerStatePolicy KeepOptimizerState { get; init; } = OptimizerStatePolicy.All;

    /// <summary>Skip the free-space check.</summary>
    [CommandOption("--no-space-check")]
    [Description("Start even when the store's filesystem has less free space than the plan is estimated to need ('ensdsl plan' shows the estimate).")]
    public bool NoSpaceCheck { get; init; }

    /// <summary>Stop at the first failure.</summary>
    [CommandOption("--fail-fast")]
    [Description("Start no new node after the first failure.")]
    public bool FailFast { get; init; }

    /// <summary>No progress display.</summary>
    [CommandOption("--no-progress")]
    [Description("Print no progress, only the summary.")]
    public bool NoProgress { get; init; }

    /// <summary>Submit and exit.</summary>
    [CommandOption("--detach")]
    [Description("With --executor slurm: submit the jobs and exit, printing the run folder for 'ensdsl status', 'collect' and 'cancel'.")]
    public bool Detach { get; init; }

    /// <summary>Where a Slurm job's process writes its events.</summary>
    [CommandOption("--events <FILE>", IsHidden = true)]
    [Description("With --nodes: append what happens to each node to FILE, one JSON object per line (what a Slurm job does).")]
    public string? Events { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate() =>
        Jobs < 1 ? ValidationResult.Error("--jobs must be at least 1")
        : Executor == ExecutorKind.Slurm && (Devices is not null || Nodes is not null || Jobs != 1 || Device != "auto")
            ? ValidationResult.Error("--executor slurm runs every node in a job of its own: use it without --device, --devices, --jobs and --nodes (a job's resources are --gpus-per-job, --cpus-per-job, --mem)")
        : Detach && Executor != ExecutorKind.Slurm ? ValidationResult.Error("--detach is for --executor slurm: a local run computes in this process")
        : Events is not null && Nodes is null ? ValidationResult.Error("--events goes with --nodes")
        : Devices is not null && (Jobs != 1 || Device != "auto") ? ValidationResult.Error("--devices gives the devices and how many nodes run at once: use it without --device and --jobs")
        : LoaderWorkers < 1 ? ValidationResult.Error("--loader-workers must be at least 1")
        : ValidationResult.Success();
}

/// <summary>
/// <c>ensdsl run</c>: plans the script, runs the plan (finished nodes come from the store; interrupted training resumes
/// from its last epoch), writes OUT/results.json, and prints a summary. Exit 0 when every node succeeded, 1 when some
/// failed, 2 for user mistakes. The run itself is the runtime's <see cref="ExperimentRun"/>; this command parses,
/// shows progress and prints.
/// </summary>
public sealed class RunCommand : ExperimentCommand<RunSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        var (experiment, hasErrors) = Load(settings);
        if (experiment is null || hasErrors) return ExitCodes.UserError;

        if (settings.Executor == ExecutorKind.Slurm) return SlurmRunning.Submit(experiment, settings);
        var cwd = Environment.CurrentDirectory;
        IReadOnlyList<string>? devices;
        try { devices = settings.Devices is { } list ? ExecutionOptions.ParseDevices(list) : null; }
        catch (ArgumentException e)
        {
            Terminal.Report([new Problem(DiagnosticCodes.DeviceUnavailable, e.Message)]);
            return ExitCodes.UserError;
        }
        var only = settings.Nodes is { } ids ? ExperimentRun.Nodes(experiment.Plan, ids) : null;
        // Every dataset and checkpoint is in place before anything trains (and before a run is recorded).
        if (!InputChecking.Passes(experiment.Plan, only is null ? null : experiment.Plan.Nodes.Where(n => only.Contains(n.Id)))) return ExitCodes.UserError;
        var options = new ExecutionOptions(settings.Jobs, settings.FailFast, settings.Device, settings.TestEveryEpoch, settings.LoaderWorkers, devices, only,
            settings.KeepOptimizerState);
        using var run = ExperimentRun.Open(experiment, new RunRequest(settings.Store, settings.Out, options, !settings.NoTracking && only is null, cwd, !settings.NoSpaceCheck), Terminal.Warn);

        using var interrupt = Interruption.Listen("interrupting: finishing the current batch; run again to resume");

        var plan = experiment.Plan;
        Terminal.Error.WriteLine($"{DisplayPath.Of(experiment.ScriptPath, cwd)}: {plan.Nodes.Length} nodes, {plan.Totals.Epochs} epochs; store {DisplayPath.Of(run.Store.Root, cwd)}");
        if (settings.Nodes is not null)
        {
            // A part of a run (a Slurm job's work): the whole run's results are not here.
            JobEventLog? events = null;
            var part = RunProgress.Run(settings.NoProgress, observer => run.Execute(
                settings.Events is { } file ? events = new JobEventLog(Path.GetFullPath(file), observer) : observer, interrupt.Token));
            RunSummary.WriteNodes(Terminal.Out, part);
            return part.Succeeded ? ExitCodes.Success
                : part.Interrupted && events?.MadeProgress == true && part.Outcomes.All(o => o.Status != NodeStatus.Failed || o.Interrupted) ? JobScript.Requeue
                : ExitCodes.Failure;
        }
        var report = RunProgress.Run(settings.NoProgress, observer => run.Execute(observer, interrupt.Token));
        run.Finish(report, new ConsoleSummary(Terminal.Out));
        return report.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
    }
}
