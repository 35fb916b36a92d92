using System.Diagnostics;

namespace EnsDsl.Runtime.Slurm;

/// <summary>A Slurm command failed or is missing: the message says which, with its own words.</summary>
public sealed class SlurmException(string message) : Exception(message);

/// <summary>Where a job is in Slurm's queue.</summary>
public enum QueueState
{
    /// <summary>Waiting (for its dependencies, resources, or a requeue's start time).</summary>
    Pending,
    /// <summary>Running, or ending (Slurm's COMPLETING).</summary>
    Running,
    /// <summary>No longer queued: it ended, one way or another.</summary>
    Ended,
}

/// <summary>A job as Slurm sees it.</summary>
/// <param name="State">Where it is.</param>
/// <param name="SlurmState">Slurm's own word for it (PENDING, RUNNING, TIMEOUT, CANCELLED, …), when known.</param>
/// <param name="Reason">Slurm's reason (Dependency, DependencyNeverSatisfied, NonZeroExitCode, …), when known.</param>
/// <param name="Elapsed">Its run time so far, as Slurm prints it.</param>
public sealed record JobState(QueueState State, string? SlurmState = null, string? Reason = null, string? Elapsed = null)
{
    /// <summary>A pending job whose dependency failed: Slurm cancels it (<c>--kill-on-invalid-dep</c>), but only at its next scheduling pass.</summary>
    public bool NeverStarts => State == QueueState.Pending && Reason == "DependencyNeverSatisfied";

    /// <summary>True when the job will compute nothing more: it ended, or it can never start.</summary>
    public bool Over => State == QueueState.Ended || NeverStarts;
}

/// <summary>The Slurm commands ensdsl uses. The real one runs sbatch, squeue, scontrol and scancel.</summary>
public interface ISlurm
{
    /// <summary>Submits a batch script to start after the jobs <paramref name="after"/> (dependency <paramref name="type"/>: afterok or afterany); returns the job id.</summary>
    string Submit(string script, IReadOnlyList<string> after, string type);

    /// <summary>The state of each of <paramref name="ids"/>.</summary>
    IReadOnlyDictionary<string, JobState> States(IReadOnlyCollection<string> ids);

    /// <summary>Cancels the jobs.</summary>
    void Cancel(IReadOnlyCollection<string> ids);
}

/// <summary>
/// Slurm's command-line tools. A run's jobs are asked about with one <c>squeue</c> in every state (ended jobs stay
/// listed while slurmctld remembers them, MinJobAge, 5 minutes by default), and those it has forgotten with one
/// <c>sacct</c> (where accounting is on); without it, such a job is just "ended", and the store and the job's events say
/// how its nodes ended. Never a call per job. Every command is made again while the
/// controller does not answer (<see cref="SlurmRetry"/>), so a busy or restarting slurmctld delays a run instead of
/// failing it.
/// </summary>
/// <param name="retry">When to try again (default <see cref="SlurmRetry.Default"/>).</param>
/// <param name="warn">Told when a command is tried again, and why.</param>
/// <param name="run">How a command runs (default: the process on PATH); tests give a scripted Slurm.</param>
public sealed class SlurmCommands(SlurmRetry? retry = null, Action<string>? warn = null, Func<string, IReadOnlyList<string>, SlurmCall>? run = null) : ISlurm
{
    /// <summary>The prefix of the <c>--comment</c> every submission carries: how a submission whose answer was lost is found.</summary>
    public const string SubmissionComment = "ensdsl-submission:";

    /// <inheritdoc />
    public string Submit(string script, IReadOnlyList<string> after, string type)
    {
        // A submission the controller took but whose answer was lost (a timeout) must not be made twice: each carries a
        // token of its own, and before sbatch is called again the queue is asked for a job with that token.
        var token = SubmissionComment + Guid.NewGuid().ToString("N");
        List<string> args = ["--parsable", $"--comment={token}"];
        if (after.Count > 0) args.Add($"--dependency={type}:{string.Join(':', after)}");
        args.Add(script);
        var result = Call("sbatch", args, before: () => Submitted(token));
        var id = result.Output.Trim().Split(';')[0];       // --parsable prints "ID" or "ID;CLUSTER"
        return result.Code == 0 && id.Length > 0 && id.All(char.IsAsciiDigit) ? id
            : throw new SlurmException($"sbatch {script} failed: {(result.Error + result.Output).Trim()}");
    }

    // The job that carries the token, as sbatch --parsable would have printed it; null when the queue has none.
    SlurmCall? Submitted(string token)
    {
        var queue = Call("squeue", ["-h", "--me", "-o", "%i|%k"]);
        if (queue.Code != 0) return null;
        var line = queue.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('|', 2)).FirstOrDefault(f => f.Length == 2 && f[1] == token);
        return line is null ? null : new SlurmCall(0, line[0], "");
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, JobState> States(IReadOnlyCollection<string> ids)
    {
        var states = new Dictionary<string, JobState>();
        if (ids.Count == 0) return states;
        // One squeue for the whole run, in every state: jobs that ended stay listed (COMPLETED, FAILED, …) for as long as
        // slurmctld remembers them (MinJobAge, 5 minutes by default).
        var (code, output, error) = Call("squeue", ["-h", "-t", "all", "-j", string.Join(',', ids), "-o", "%i|%T|%r|%M"]);
        // squeue fails when the only job asked about has been forgotten; with several it lists the ones it knows.
        if (code != 0 && !error.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
            throw new SlurmException($"squeue failed: {(error + output).Trim()}");
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split('|');
            if (f.Length < 4 || !ids.Contains(f[0])) continue;
            var state = f[1] is "PENDING" or "REQUEUED" or "REQUEUE_HOLD" or "REQUEUE_FED" or "SUSPENDED" or "CONFIGURING" or "RESV_DEL_HOLD" ? QueueState.Pending
                : f[1] is "RUNNING" or "COMPLETING" or "STAGE_OUT" or "SIGNALING" or "RESIZING" ? QueueState.Running
                : QueueState.Ended;
            states[f[0]] = new JobState(state, f[1], f[2], f[3]);
        }
        var forgotten = ids.Where(i => !states.ContainsKey(i)).ToList();
        if (forgotten.Count > 0) foreach (var (id, state) in Accounted(forgotten)) states[id] = state;
        return states;
    }

    // Jobs slurmctld has forgotten, in one sacct call where accounting is on; without it a job is just "ended", and the
    // store and the job's events say how its nodes ended.
    Dictionary<string, JobState> Accounted(IReadOnlyList<string> ids)
    {
        var (code, output, _) = Call("sacct", ["-n", "-P", "-X", "-j", string.Join(',', ids), "-o", "JobID,State,Elapsed"]);
        var rows = code != 0 ? [] : output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('|')).Where(f => f.Length == 3).GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.Last());
        return ids.ToDictionary(id => id, id => rows.TryGetValue(id, out var f) ? new JobState(QueueState.Ended, f[1].Split(' ')[0], null, f[2]) : new JobState(QueueState.Ended));
    }

    /// <inheritdoc />
    public void Cancel(IReadOnlyCollection<string> ids)
    {
        if (ids.Count == 0) return;
        var (code, output, error) = Call("scancel", [.. ids]);
        if (code != 0) throw new SlurmException($"scancel failed: {(error + output).Trim()}");
    }

    // A command, made again while the controller does not take it; the caller judges the last answer.
    SlurmCall Call(string command, IReadOnlyList<string> args, Func<SlurmCall?>? before = null)
    {
        var (result, waited) = (retry ?? SlurmRetry.Default).Run(() => (run ?? Run)(command, args), before,
            (failed, pause) => warn?.Invoke($"{command}: Slurm did not answer ({Said(failed)}); trying again in {pause.TotalSeconds:0} s"));
        if (waited > TimeSpan.Zero && result.Code != 0 && SlurmRetry.IsTransient(result.Error + result.Output))
            return result with { Error = $"{Said(result)} (Slurm did not answer for {waited.TotalMinutes:0.#} min; is slurmctld up? 'scontrol ping' says)" };
        return result;
    }

    static string Said(SlurmCall call) => (call.Error + call.Output).Trim().Split('\n')[^1].Trim();

    static SlurmCall Run(string command, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return new SlurmCall(process.ExitCode, output.GetAwaiter().GetResult(), error);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new SlurmException($"'{command}' is not on PATH: the Slurm executor needs Slurm's commands (sbatch, squeue, scontrol, scancel) on this machine");
        }
    }
}
