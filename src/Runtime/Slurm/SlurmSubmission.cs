using System.Collections.Immutable;
using EnsDsl.Planning;
using EnsDsl.Runtime.Store;

namespace EnsDsl.Runtime.Slurm;

/// <summary>Submits a plan's jobs (<see cref="SlurmJobs"/>) to Slurm and records them in the run folder.</summary>
public static class SlurmSubmission
{
    /// <summary>
    /// Writes every job's batch script into <paramref name="runDirectory"/> and submits them in order, each after the
    /// jobs it needs, as many as the budget allows (<see cref="SlurmSettings.Budget"/>; the rest wait in the run's
    /// record for <see cref="SlurmQueue"/>); the record is rewritten after each submission. When a submission fails,
    /// the jobs already submitted are cancelled, so nothing is left half-submitted.
    /// </summary>
    /// <param name="experiment">The experiment's name.</param>
    /// <param name="plan">Its plan.</param>
    /// <param name="store">The store.</param>
    /// <param name="runDirectory">The run folder.</param>
    /// <param name="template">What every job shares.</param>
    /// <param name="slurm">Slurm's commands.</param>
    /// <param name="cached">The records of the nodes found finished (and checked) in the store, which no job computes.</param>
    /// <param name="warn">Told when Slurm's limits make jobs wait.</param>
    /// <exception cref="SlurmException">sbatch refused a job (its message says why).</exception>
    public static SlurmRun Submit(string experiment, Plan plan, NodeStore store, string runDirectory, JobTemplate template, ISlurm slurm,
        out IReadOnlyDictionary<string, NodeRecord> cached, Action<string>? warn = null)
    {
        var records = new Dictionary<string, NodeRecord>();
        foreach (var node in plan.Nodes)
            if (store.Finished(node.Id, out _) is { } record) records[node.Id] = record;
        cached = records;
        var done = records.Keys.ToHashSet();
        var jobs = SlurmJobs.For(plan, done, template.Settings.Packing);
        var run = new SlurmRun(experiment, template.Script, [.. template.Sets], template.Store, template.WorkingDirectory, DateTimeOffset.Now,
            [.. plan.Nodes.Select(n => n.Id).Where(done.Contains)],
            plan.Nodes.ToImmutableDictionary(n => n.Id, n => n.Label), [])
        {
            Repeat = template.Repeat, Pending = [.. jobs], MaxJobs = template.Settings.Budget,
        };
        run.Write(runDirectory);
        foreach (var job in jobs)
            File.WriteAllText(SlurmRun.ScriptPath(runDirectory, job.Index), JobScript.Render(job, jobs.Count, experiment, runDirectory, template));
        var queue = new SlurmQueue(runDirectory, slurm, id => records.ContainsKey(id) || store.HasRecord(id), warn);
        try { return queue.Fill(run, new Dictionary<string, JobState>()); }
        catch (SlurmException)
        {
            var submitted = SlurmRun.Read(runDirectory);
            try { slurm.Cancel([.. submitted.Jobs.Select(j => j.SlurmId)]); } catch (SlurmException) { }
            submitted.Abandon(runDirectory);
            throw;
        }
    }
}
