using System.ComponentModel;
using EnsDsl.Cli.Output;
using EnsDsl.Host.Experiments;
using EnsDsl.Host.Scripting;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Runs;
using EnsDsl.Runtime.Slurm;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands;

/// <summary>Settings of <c>ensdsl collect</c>.</summary>
public sealed class CollectSettings : RunFolderSettings
{
    /// <summary>No progress display.</summary>
    [CommandOption("--no-progress")]
    [Description("Print no progress, only the summary.")]
    public bool NoProgress { get; init; }

    /// <summary>No MLflow tracking.</summary>
    [CommandOption("--no-tracking")]
    [Description("Record nothing in MLflow.")]
    public bool NoTracking { get; init; }
}

/// <summary>
/// <c>ensdsl collect RUN</c>: follows a run submitted to Slurm until its jobs have ended and writes its results into
/// the run folder (results.json, CSV, charts, the MLflow runs), as the submitting process would have: after
/// <c>--detach</c>, after Ctrl+C, or when the waiting process died. It plans the script again, as submitted.
/// </summary>
public sealed class CollectCommand : Command<CollectSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CollectSettings settings, CancellationToken cancellationToken)
    {
        var runDirectory = Path.GetFullPath(settings.Run);
        var submitted = SlurmRun.Read(runDirectory);
        // The jobs planned the script from the submitter's folder: so does collect (relative paths in the script).
        Environment.CurrentDirectory = submitted.WorkingDirectory;
        var (experiment, _, problems) = ExperimentLoader.Load(submitted.Script, submitted.Sets, new ScriptHost(new ScriptCache(ScriptCache.DefaultDirectory)), submitted.Repeat);
        Terminal.Report(problems);
        if (experiment is null || problems.Any(p => p.Severity == Severity.Error)) return ExitCodes.UserError;
        var missing = submitted.Jobs.SelectMany(j => j.Job.Nodes).Concat(submitted.Cached).FirstOrDefault(id => !experiment.Plan.Contains(id));
        if (missing is not null)
        {
            Terminal.Error.WriteLine($"error: {submitted.Script} (with its --set values) no longer plans node {missing[..8]} " +
                $"({submitted.Labels.GetValueOrDefault(missing, "?")}) that this run computes: the script changed since submission. " +
                "Restore it as it was, or run it again");
            return ExitCodes.UserError;
        }
        using var run = ExperimentRun.Open(experiment, new RunRequest(submitted.Store, runDirectory, new ExecutionOptions(), !settings.NoTracking, submitted.WorkingDirectory),
            Terminal.Warn);
        return SlurmRunning.Follow(run, submitted, runDirectory, settings.NoProgress);
    }
}
