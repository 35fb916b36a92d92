using System.Text;

namespace EnsDsl.Runtime.Slurm;

/// <summary>How a job starts ensdsl on a compute node: the same program the user ran, by the same path.</summary>
/// <param name="Program">The executable (the <c>dotnet</c> host, or ensdsl's own launcher).</param>
/// <param name="Arguments">Its first arguments (ensdsl.dll when started through dotnet).</param>
public sealed record EnsdslCommand(string Program, IReadOnlyList<string> Arguments);

/// <summary>What every job of one run shares: how to start ensdsl, the script and its parameters, the store, the resources.</summary>
/// <param name="Command">How to start ensdsl.</param>
/// <param name="Script">The script's full path.</param>
/// <param name="Sets">Its <c>--set</c> values.</param>
/// <param name="Store">The store's full path.</param>
/// <param name="WorkingDirectory">The folder the job starts in (the submitter's).</param>
/// <param name="RunOptions">Further options of <c>ensdsl run</c> that every job passes on (e.g. <c>--test-every-epoch</c>).</param>
/// <param name="Settings">The sbatch resources.</param>
public sealed record JobTemplate(EnsdslCommand Command, string Script, IReadOnlyList<string> Sets, string Store, string WorkingDirectory,
    IReadOnlyList<string> RunOptions, SlurmSettings Settings)
{
    /// <summary>The <c>--repeat</c> argument the script was planned with (also in <see cref="RunOptions"/>), for <c>collect</c> to plan it the same way.</summary>
    public string? Repeat { get; init; }
}

/// <summary>
/// The batch script of a job. It runs <c>ensdsl run SCRIPT --nodes …</c> against the shared store, writing the job's
/// events. Slurm's warning signal before the time limit (<c>--signal=B:USR1@…</c>) reaches the script, which asks
/// ensdsl to stop at the end of the current batch (SIGTERM); when ensdsl says it made progress that a rerun keeps
/// (exit <see cref="Requeue"/>), the job requeues itself, and its next attempt resumes from the last finished epoch.
/// An attempt that made no progress before the warning is not requeued (the time limit is shorter than an epoch):
/// the job fails, and says so. Preemption and node failure requeue the job through Slurm itself (<c>--requeue</c>).
/// </summary>
public static class JobScript
{
    /// <summary>The exit code of <c>ensdsl run --nodes</c> stopped by a signal after finishing an epoch or a node (sysexits' EX_TEMPFAIL).</summary>
    public const int Requeue = 75;

    /// <summary>How long before its time limit a job is warned, in seconds (Slurm may send it up to a minute earlier).</summary>
    public const int WarningSeconds = 60;

    /// <summary>The text of the batch script of <paramref name="job"/> in run folder <paramref name="runDirectory"/>.</summary>
    public static string Render(SlurmJob job, int jobCount, string experiment, string runDirectory, JobTemplate template)
    {
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append($"# ensdsl: job {job.Index + 1} of {jobCount} of run {runDirectory}: {job.Name}; {job.Epochs} epochs\n");
        foreach (var directive in new[]
                 {
                     $"--job-name=ensdsl-{experiment}-{job.Index}", $"--output={SlurmRun.LogPath(runDirectory, job.Index)}", "--open-mode=append",
                     "--requeue", "--kill-on-invalid-dep=yes", $"--signal=B:USR1@{WarningSeconds}",
                 }.Concat(template.Settings.SbatchOptions()))
            s.Append($"#SBATCH {directive}\n");
        List<string> command = [template.Command.Program, .. template.Command.Arguments, "run", template.Script];
        foreach (var set in template.Sets) command.AddRange(["--set", set]);
        command.AddRange(["--store", template.Store, "--nodes", string.Join(',', job.Nodes), "--events", SlurmRun.EventsPath(runDirectory, job.Index), "--no-progress"]);
        command.AddRange(template.RunOptions);
        s.Append($$"""
            cd {{Quote(template.WorkingDirectory)}} || exit 1
            echo "ensdsl job {{job.Index}}: attempt $((${SLURM_RESTART_COUNT:-0} + 1)) as Slurm job $SLURM_JOB_ID on $(hostname) at $(date -Is)"
            {{string.Join(' ', command.Select(Quote))}} &
            child=$!
            warned=0
            trap 'warned=1; echo "time limit near: stopping at the end of the current batch"; kill -TERM $child 2> /dev/null' USR1
            trap 'kill -TERM $child 2> /dev/null' TERM
            # A trapped signal interrupts wait: wait again until ensdsl has exited.
            while true; do wait $child; status=$?; kill -0 $child 2> /dev/null || break; done
            if [ $warned = 1 ] && [ $status = {{Requeue}} ]; then
              echo "requeueing: the next attempt resumes from the last finished epoch"
              scontrol requeue "$SLURM_JOB_ID" && sleep 600      # the requeue ends this attempt
            elif [ $warned = 1 ]; then
              echo "the time limit came before this attempt finished an epoch: give the jobs a longer --time"
            fi
            exit $status

            """);
        return s.ToString();
    }

    /// <summary>A word for bash, in single quotes where it needs them.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-=:,@+".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";
}
