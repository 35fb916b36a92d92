using System.Collections.Immutable;
using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Slurm;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Training;
using static EnsDsl.Prelude;

namespace EnsDsl.Runtime.Tests.Slurm;

/// <summary>How the Slurm executor tells how nodes ended, from the store, the jobs' events and Slurm's job states (a scripted Slurm here; the real cluster in the CLI tests).</summary>
public sealed class SlurmExecutorTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("ensdsl-slurm-executor-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>A Slurm whose jobs are in the states the test gives; it records what is cancelled.</summary>
    sealed class ScriptedSlurm(Func<string, JobState> state) : ISlurm
    {
        public List<string> Cancelled { get; } = [];
        public string Submit(string script, IReadOnlyList<string> after, string type) => throw new NotSupportedException();
        public IReadOnlyDictionary<string, JobState> States(IReadOnlyCollection<string> ids) => ids.ToDictionary(id => id, state);
        public void Cancel(IReadOnlyCollection<string> ids) => Cancelled.AddRange(ids);
    }

    sealed class Recorder : IRunObserver
    {
        public List<string> Calls { get; } = [];
        public void NodeStarted(PlanNode node) => Calls.Add($"started {node.Label}");
        public void EpochEnded(PlanNode node, EpochReport report) => Calls.Add($"epoch {report.Epoch} {node.Label}");
        public void NodeFinished(NodeOutcome outcome) => Calls.Add($"{outcome.Status.Name()} {outcome.Node.Label}");
        public void Note(PlanNode node, string message) => Calls.Add($"note {node.Label}: {message}");
    }

    // A star of two branches: jobs 0 (pretrained + fine-tune), 1 and 2 (the branches), 3 (evaluations and the ensemble).
    static readonly Plan Star = Planner.Build(Report(Pretrained("byol").FineTune(epochs: 2, lr: 0.05, seed: 1).StarSnapshots(cycles: 3, epochs: 1).Ensemble()));

    SlurmRun Submitted() => new("star", "/x/star.csx", [], Path.Combine(folder, "store"), folder, DateTimeOffset.Now, [],
        Star.Nodes.ToDictionary(n => n.Id, n => n.Label).ToImmutableDictionary(),
        [.. SlurmJobs.For(Star).Select(j => new SubmittedJob(j, $"{100 + j.Index}"))]);

    static void Finish(NodeStore store, PlanNode node) =>
        store.Complete(new NodeRecord(NodeStore.Format, node.Id, node.Kind, node.Label, 1, null, new Dictionary<string, double>(), null, new Dictionary<string, string>(), "test"));

    void Events(int job, params JobEvent[] events) =>
        File.AppendAllLines(Directory.CreateDirectory(Path.Combine(folder, SlurmRun.Folder)) is { } ? SlurmRun.EventsPath(folder, job) : "", events.Select(e => e.ToLine()));

    [Fact]
    public void Nodes_end_as_the_store_the_events_and_Slurm_say_and_a_job_that_can_never_start_is_cancelled()
    {
        var run = Submitted();
        var store = new NodeStore(run.Store);
        var jobs = run.Jobs;
        var (branch1, branch2) = (Star[jobs[1].Job.Nodes[0]], Star[jobs[2].Job.Nodes[0]]);
        foreach (var id in jobs[0].Job.Nodes) Finish(store, Star[id]);
        Events(0, [.. jobs[0].Job.Nodes.Select(id => new NodeStartedEvent(DateTimeOffset.Now, id)),
            new EpochEndedEvent(DateTimeOffset.Now, jobs[0].Job.Nodes[^1], new EpochReport(1, 2, 2.0, 0.1, 1, 100)),
            .. jobs[0].Job.Nodes.Select(id => new NodeEndedEvent(DateTimeOffset.Now, id, NodeStatus.Done, null, false))]);
        Events(1, new NodeStartedEvent(DateTimeOffset.Now, branch1.Id),
            new NodeEndedEvent(DateTimeOffset.Now, branch1.Id, NodeStatus.Failed, "the training loss became NaN in epoch 1", false));
        var slurm = new ScriptedSlurm(id => id switch
        {
            "100" => new JobState(QueueState.Ended, "COMPLETED"),
            "101" => new JobState(QueueState.Ended, "FAILED", "NonZeroExitCode"),
            "102" => new JobState(QueueState.Ended, "TIMEOUT"),
            _ => new JobState(QueueState.Pending, "PENDING", "DependencyNeverSatisfied"),
        });
        var observer = new Recorder();
        var report = new SlurmExecutor(run, folder, slurm, TimeSpan.FromMilliseconds(10)).Run(Star, store, new ExecutionOptions(), observer, CancellationToken.None);

        Assert.False(report.Interrupted);
        var byLabel = report.Outcomes.ToLookup(o => o.Node.Label);
        Assert.All(jobs[0].Job.Nodes, id => Assert.Equal(NodeStatus.Done, report.Outcomes.Single(o => o.Node.Id == id).Status));
        var failed = report.Outcomes.Single(o => o.Node == branch1);
        Assert.Equal((NodeStatus.Failed, "the training loss became NaN in epoch 1"), (failed.Status, failed.Error));
        var timedOut = report.Outcomes.Single(o => o.Node == branch2);
        Assert.Equal(NodeStatus.Failed, timedOut.Status);
        Assert.Contains("Slurm job 102 ended TIMEOUT before finishing it", timedOut.Error);
        Assert.Contains(SlurmRun.LogPath(folder, 2), timedOut.Error);
        // The last job's nodes: those that need a failed branch are skipped for it; the centre's evaluation for its job.
        var last = jobs[3].Job.Nodes.Select(id => report.Outcomes.Single(o => o.Node.Id == id)).ToList();
        Assert.All(last, o => Assert.Equal(NodeStatus.Skipped, o.Status));
        Assert.Contains(last, o => o.Error!.StartsWith($"needs {branch1.Label}", StringComparison.Ordinal));
        Assert.Contains(last, o => o.Error == "its Slurm job 103 never started: a job it waits for failed");
        Assert.Equal(["103"], slurm.Cancelled);
        // The jobs' events drive the observer as a local run would: starts, epochs, then one end per node.
        var (source, fineTune) = (Star[jobs[0].Job.Nodes[0]].Label, Star[jobs[0].Job.Nodes[1]].Label);
        Assert.Equal([$"started {source}", $"started {fineTune}", $"epoch 1 {fineTune}", $"done {source}", $"done {fineTune}"], observer.Calls.Take(5));
        Assert.Equal(Star.Nodes.Length, observer.Calls.Count(c => c.Split(' ')[0] is "done" or "failed" or "skipped"));
    }

    [Fact]
    public void A_cancelled_wait_leaves_the_jobs_and_reports_the_nodes_still_queued()
    {
        var run = Submitted();
        var store = new NodeStore(run.Store);
        var slurm = new ScriptedSlurm(id => id == "100" ? new JobState(QueueState.Running, "RUNNING") : new JobState(QueueState.Pending, "PENDING", "Dependency"));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var report = new SlurmExecutor(run, folder, slurm).Run(Star, store, new ExecutionOptions(), new Recorder(), cancelled.Token);
        Assert.True(report.Interrupted);
        Assert.All(report.Outcomes, o => Assert.True(o is { Status: NodeStatus.Skipped, Interrupted: true }));
        Assert.Contains("still in Slurm (job 100, running)", report.Outcomes[0].Error);
        Assert.Empty(slurm.Cancelled);
    }

    [Fact]
    public void A_node_cancelled_by_the_user_is_skipped_not_failed()
    {
        var run = Submitted();
        var slurm = new ScriptedSlurm(_ => new JobState(QueueState.Ended, "CANCELLED", "None"));
        var report = new SlurmExecutor(run, folder, slurm).Run(Star, new NodeStore(run.Store), new ExecutionOptions(), new Recorder(), CancellationToken.None);
        Assert.Equal("its Slurm job 100 was cancelled", report.Outcomes[0].Error);
        Assert.DoesNotContain(report.Outcomes, o => o.Status == NodeStatus.Failed);
    }

    [Fact]
    public void Jobs_beyond_the_budget_are_reported_waiting_and_never_submitted_after_the_job_they_need_failed()
    {
        // Only the first job (the fine-tune) is in Slurm; the branches and the evaluations wait for it (--max-jobs 1).
        var all = Submitted();
        var run = all with { Jobs = [all.Jobs[0]], Pending = [.. all.Jobs.Skip(1).Select(j => j.Job)], MaxJobs = 1 };
        run.Write(folder);
        var waiting = new ScriptedSlurm(_ => new JobState(QueueState.Running, "RUNNING"));
        using (var cancelled = new CancellationTokenSource())
        {
            cancelled.Cancel();
            var report = new SlurmExecutor(run, folder, waiting).Run(Star, new NodeStore(run.Store), new ExecutionOptions(), new Recorder(), cancelled.Token);
            Assert.Contains("not submitted yet (at most 1 of the run's jobs in Slurm at once); 'ensdsl collect' submits it", report.Outcomes[^1].Error);
        }
        // The fine-tune's job ends without it: nothing more is submitted (this Slurm refuses any), and every node after it is skipped.
        var failed = new ScriptedSlurm(_ => new JobState(QueueState.Ended, "FAILED", "NonZeroExitCode"));
        var ended = new SlurmExecutor(run, folder, failed).Run(Star, new NodeStore(run.Store), new ExecutionOptions(), new Recorder(), CancellationToken.None);
        var firstJob = run.Jobs[0].Job.Nodes.ToHashSet();
        Assert.Equal(NodeStatus.Failed, ended.Outcomes[0].Status);
        Assert.All(ended.Outcomes.Where(o => !firstJob.Contains(o.Node.Id)), o =>
        {
            Assert.Equal(NodeStatus.Skipped, o.Status);
            Assert.StartsWith("needs ", o.Error);
        });
    }
}
