using System.Collections.Immutable;
using EnsDsl.Runtime.Slurm;

namespace EnsDsl.Runtime.Tests.Slurm;

/// <summary>
/// The queue budget (<c>--max-jobs</c>): never more of a run's jobs in Slurm than it allows, the rest submitted as
/// earlier ones end, with the right dependencies; a refusal for a user's submit limit (the texts of Slurm 22.05+) lowers
/// the budget and waits instead of failing. A scripted Slurm here; the real cluster in the CLI tests.
/// </summary>
public sealed class SlurmQueueTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("ensdsl-slurm-queue-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    const string QosLimit = "sbatch: error: QOSMaxSubmitJobPerUserLimit\nsbatch: error: Batch job submission failed: Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)";

    /// <summary>A Slurm that numbers the jobs it takes from 100 and refuses the submissions the test says.</summary>
    sealed class ScriptedSlurm(Func<int, string?>? refuse = null) : ISlurm
    {
        public List<(string Script, IReadOnlyList<string> After)> Submitted { get; } = [];
        int attempts;

        public string Submit(string script, IReadOnlyList<string> after, string type)
        {
            if (refuse?.Invoke(attempts++) is { } error) throw new SlurmException($"sbatch {script} failed: {error}");
            Submitted.Add((Path.GetFileName(script), after));
            return $"{100 + Submitted.Count - 1}";
        }

        public IReadOnlyDictionary<string, JobState> States(IReadOnlyCollection<string> ids) => throw new NotSupportedException();
        public void Cancel(IReadOnlyCollection<string> ids) => throw new NotSupportedException();
    }

    // Jobs 0..n-1; job i needs the jobs `after[i]`.
    SlurmRun Run(int budget, params int[][] after) => new("e", "/x/e.csx", [], Path.Combine(folder, "store"), folder, DateTimeOffset.Now, [],
        ImmutableDictionary<string, string>.Empty, [])
    {
        Pending = [.. after.Select((a, i) => new SlurmJob(i, $"job {i}", [$"node{i}"], [.. a], 1))],
        MaxJobs = budget,
    };

    static List<string> Said(ScriptedSlurm slurm) => [.. slurm.Submitted.Select(s => $"{s.Script} after [{string.Join(",", s.After)}]")];

    static Dictionary<string, JobState> Ended(params string[] ids) => ids.ToDictionary(id => id, _ => new JobState(QueueState.Ended, "COMPLETED"));

    [Fact]
    public void No_more_than_the_budget_is_in_Slurm_and_the_rest_go_in_as_jobs_end()
    {
        var slurm = new ScriptedSlurm();
        var queue = new SlurmQueue(folder, slurm, _ => true);
        var run = queue.Fill(Run(2, [], [], [], [], []), Ended());
        Assert.Equal(["job-0.sh", "job-1.sh"], slurm.Submitted.Select(s => s.Script));
        Assert.Equal(3, SlurmRun.Read(folder).Pending.Length);                     // the record says what waits
        run = queue.Fill(run, Ended());                                              // nothing ended: nothing more
        Assert.Equal(2, slurm.Submitted.Count);
        run = queue.Fill(run, Ended("100"));
        Assert.Equal(["job-0.sh", "job-1.sh", "job-2.sh"], slurm.Submitted.Select(s => s.Script));
        run = queue.Fill(run, Ended("100", "101", "102"));
        Assert.Equal(5, slurm.Submitted.Count);
        Assert.Empty(run.Pending);
        Assert.Equal(["100", "101", "102", "103", "104"], SlurmRun.Read(folder).Jobs.Select(j => j.SlurmId));
    }

    [Fact]
    public void A_job_goes_in_after_those_it_needs_and_depends_only_on_those_still_in_Slurm()
    {
        var slurm = new ScriptedSlurm();
        var queue = new SlurmQueue(folder, slurm, _ => true);
        // Job 1 and 2 need job 0; with a budget of 2, job 2 waits for a slot.
        var run = queue.Fill(Run(2, [], [0], [0]), Ended());
        Assert.Equal(["job-0.sh after []", "job-1.sh after [100]"], Said(slurm));
        // Job 0 ended with its nodes finished: job 2 goes in without a dependency on it (Slurm may have forgotten it).
        queue.Fill(run, Ended("100"));
        Assert.Equal("job-2.sh after []", Said(slurm)[^1]);
    }

    [Fact]
    public void A_job_whose_needed_job_ended_without_its_nodes_is_never_submitted()
    {
        var slurm = new ScriptedSlurm();
        var queue = new SlurmQueue(folder, slurm, id => id != "node0");             // job 0 ended without its node
        var run = queue.Fill(Run(1, [], [0], []), Ended());
        run = queue.Fill(run, Ended("100"));
        Assert.Equal(["job-0.sh", "job-2.sh"], slurm.Submitted.Select(s => s.Script));
        Assert.Equal("100", queue.Blocking(run, run.Pending.Single(), Ended("100"))?.SlurmId);
    }

    [Fact]
    public void A_refusal_for_a_submit_limit_lowers_the_budget_and_waits()
    {
        var warnings = new List<string>();
        var slurm = new ScriptedSlurm(attempt => attempt == 3 ? QosLimit : null);
        var queue = new SlurmQueue(folder, slurm, _ => true, warnings.Add);
        var run = queue.Fill(Run(10, [], [], [], [], []), Ended());
        Assert.Equal(3, slurm.Submitted.Count);                                      // the fourth was refused
        Assert.Equal(3, queue.Budget(run));
        Assert.Contains("QOSMaxSubmitJobPerUserLimit", Assert.Single(warnings));
        Assert.Contains("at most 3", warnings[0]);
        run = queue.Fill(run, Ended("100"));                                         // one ended: one more goes in
        Assert.Equal(4, slurm.Submitted.Count);
        Assert.Single(run.Pending);
    }

    [Fact]
    public void Other_refusals_fail_the_submission()
    {
        var queue = new SlurmQueue(folder, new ScriptedSlurm(_ => "sbatch: error: Batch job submission failed: Invalid partition name specified"), _ => true);
        Assert.Throws<SlurmException>(() => queue.Fill(Run(10, [], []), Ended()));
        // Slurm's bare policy refusal of the very first job is about the job (its size or time), not about how many.
        var first = new SlurmQueue(folder, new ScriptedSlurm(_ => "sbatch: error: Batch job submission failed: Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)"), _ => true);
        Assert.Throws<SlurmException>(() => first.Fill(Run(10, [], []), Ended()));
    }

    [Theory]
    [InlineData(QosLimit, false, true)]
    [InlineData("sbatch: error: QOSMaxSubmitJobPerAccountLimit", false, true)]
    [InlineData("sbatch: error: AssocMaxSubmitJobLimit\nsbatch: error: Batch job submission failed: Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)", false, true)]
    [InlineData("sbatch: error: Batch job submission failed: Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)", true, true)]
    [InlineData("sbatch: error: Batch job submission failed: Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)", false, false)]
    [InlineData("sbatch: error: QOSMaxCpuPerJobLimit\nsbatch: error: Batch job submission failed: Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)", false, false)]
    [InlineData("sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified", true, false)]
    public void Submit_limits_are_told_from_other_refusals(string error, bool accepted, bool limit) =>
        Assert.Equal(limit, SlurmQueue.IsSubmitLimit(error, accepted));
}
