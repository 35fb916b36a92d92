using EnsDsl.Cli.Output;
using EnsDsl.Runtime.Slurm;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands;

/// <summary>
/// <c>ensdsl cancel RUN</c>: cancels the run's jobs that have not ended. What finished stays in the store; a training
/// step cut short resumes from its last finished epoch when the script runs again.
/// </summary>
public sealed class CancelCommand : Command<RunFolderSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, RunFolderSettings settings, CancellationToken cancellationToken)
    {
        var run = SlurmRun.Read(settings.Run);
        var slurm = new SlurmCommands(warn: Terminal.Warn);
        var open = slurm.States([.. run.Jobs.Select(j => j.SlurmId)]).Where(s => s.Value.State != QueueState.Ended).Select(s => s.Key).Order().ToList();
        slurm.Cancel(open);
        var waiting = run.Pending.Length;
        if (waiting > 0) run.Abandon(settings.Run);          // no follower submits them now
        Terminal.Out.WriteLine((open.Count == 0 ? "no job of this run is still queued or running"
            : $"cancelled {open.Count} of {run.Jobs.Length} jobs ({string.Join(", ", open)}); finished nodes stay in the store {run.Store}")
            + (waiting > 0 ? $"; {waiting} jobs not yet submitted will not be" : ""));
        return ExitCodes.Success;
    }
}
