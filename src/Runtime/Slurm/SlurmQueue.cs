namespace EnsDsl.Runtime.Slurm;

/// <summary>
/// Keeps at most a budget of a run's jobs in Slurm, queued or running (as Nextflow's <c>queueSize</c>): the first jobs
/// at submission, the rest as earlier ones end, submitted by whoever follows the run (the process that submitted it,
/// or <c>ensdsl collect</c> after <c>--detach</c> or a lost follower). A job is submitted only after the jobs it needs
/// are: with a dependency on those still in Slurm, and without one on those that ended having finished their nodes. A
/// job whose needed job ended without them is never submitted (its nodes are skipped, as Slurm would cancel it).
/// When Slurm refuses a job for a user's submit limit (<see cref="IsSubmitLimit"/>) the budget drops to the jobs the
/// run has in Slurm and the job waits: a run larger than a lab's limits goes on instead of failing partway.
/// </summary>
/// <param name="runDirectory">The run folder (job scripts, the run's record).</param>
/// <param name="slurm">Slurm's commands.</param>
/// <param name="finished">Whether the store holds a node finished.</param>
/// <param name="warn">Told when the budget drops.</param>
public sealed class SlurmQueue(string runDirectory, ISlurm slurm, Func<string, bool> finished, Action<string>? warn = null)
{
    int? lowered;

    /// <summary>The budget in force: the run's, or less since Slurm refused a job for a submit limit.</summary>
    public int Budget(SlurmRun run) => Math.Min(lowered ?? int.MaxValue, run.MaxJobs > 0 ? run.MaxJobs : int.MaxValue);

    /// <summary>
    /// True when sbatch's <paramref name="error"/> refuses a job for a limit on the jobs a user, account or QOS may
    /// have submitted (<c>QOSMaxSubmitJobPerUserLimit</c>, <c>QOSMaxSubmitJobPerAccountLimit</c>,
    /// <c>AssocMaxSubmitJobLimit</c>), or with Slurm's bare accounting-policy refusal once Slurm has taken jobs of the
    /// same run (<paramref name="accepted"/>): the same job was within the limits on size and time then, so the count is
    /// what it exceeds now.
    /// </summary>
    /// <example><code>SlurmQueue.IsSubmitLimit("sbatch: error: QOSMaxSubmitJobPerUserLimit", accepted: false)   // true</code></example>
    public static bool IsSubmitLimit(string error, bool accepted) =>
        error.Contains("MaxSubmitJob", StringComparison.OrdinalIgnoreCase)
        || (accepted && error.Contains("Job violates accounting/QOS policy", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Submits <paramref name="run"/>'s waiting jobs, in order, while fewer than the budget are in Slurm; the run's
    /// record is rewritten after each. <paramref name="states"/> holds the last state seen of its submitted jobs (a job
    /// without one counts as in Slurm).
    /// </summary>
    /// <exception cref="SlurmException">sbatch refused a job for another reason.</exception>
    public SlurmRun Fill(SlurmRun run, IReadOnlyDictionary<string, JobState> states)
    {
        // Two followers of one run (the submitting process and a 'collect' started beside it) take turns, and each
        // submits from the record as the other left it: no job is submitted twice.
        using var turn = Turn();
        if (File.Exists(SlurmRun.RecordPath(runDirectory))) run = SlurmRun.Read(runDirectory);
        bool Ended(SubmittedJob job) => states.GetValueOrDefault(job.SlurmId)?.Over == true;
        var submitted = run.Jobs.ToDictionary(j => j.Job.Index);
        var open = run.Jobs.Count(j => !Ended(j));
        foreach (var job in run.Pending)
        {
            if (open >= Budget(run)) break;
            if (job.After.Any(a => !submitted.ContainsKey(a))) continue;          // a job it needs is not in Slurm yet
            if (Blocking(run, job, states) is not null) continue;                 // can never start
            var after = job.After.Select(a => submitted[a]).Where(n => !Ended(n)).Select(n => n.SlurmId).ToList();
            string id;
            try { id = slurm.Submit(SlurmRun.ScriptPath(runDirectory, job.Index), after, job.DependencyType); }
            catch (SlurmException e) when (IsSubmitLimit(e.Message, accepted: run.Jobs.Length > 0))
            {
                var budget = Math.Max(1, open);
                if (budget != lowered)
                    warn?.Invoke($"Slurm refused the job {job.Name} for a submit limit ({Said(e.Message)}): keeping at most {budget} of this run's jobs in Slurm; the rest wait for earlier ones to end");
                lowered = budget;
                break;
            }
            var entry = new SubmittedJob(job, id);
            submitted[job.Index] = entry;
            run = run with { Jobs = run.Jobs.Add(entry), Pending = run.Pending.Remove(job) };
            run.Write(runDirectory);
            open++;
        }
        return run;
    }

    /// <summary>
    /// The submitted job that <paramref name="job"/> (not yet submitted) needs and that ended without finishing its
    /// nodes, so that <paramref name="job"/> can never start (as Slurm would never start it after an afterok
    /// dependency that failed); null when there is none.
    /// </summary>
    public SubmittedJob? Blocking(SlurmRun run, SlurmJob job, IReadOnlyDictionary<string, JobState> states) =>
        job.AfterAny ? null : run.Jobs.Where(n => job.After.Contains(n.Job.Index))
            .FirstOrDefault(n => states.GetValueOrDefault(n.SlurmId)?.Over == true && !n.Job.Nodes.All(finished));

    // The run's submission lock: flock on RUN/slurm/submit.lock (FileShare.None on Unix), which the OS drops if its holder dies.
    FileStream Turn()
    {
        var path = Path.Combine(runDirectory, SlurmRun.Folder, "submit.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException e) when (e.HResult == 11) { Thread.Sleep(100); }          // EWOULDBLOCK: the other follower's turn
        }
    }

    static string Said(string message) => message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .FirstOrDefault(l => l.Contains("Limit", StringComparison.Ordinal) || l.Contains("policy", StringComparison.Ordinal)) ?? message.Trim();
}
