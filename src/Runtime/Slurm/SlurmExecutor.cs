using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Store;

namespace EnsDsl.Runtime.Slurm;

/// <summary>
/// Follows a run submitted to Slurm until every node has ended: it computes nothing itself. Progress comes from the
/// jobs' events (the same observer calls as a local run, so the same display and MLflow records); a node is done when
/// the store holds it; a node whose job ended without it failed, with the reason its job's ensdsl gave, or Slurm's
/// (time limit, cancellation, node failure), or was skipped because a node it needs failed. A job that can never start
/// (a dependency failed) is cancelled at once rather than left to Slurm's next pass. Cancelling the wait
/// (<see cref="ExecutionReport.Interrupted"/>) leaves the jobs running: <c>ensdsl collect</c> follows them again.
/// </summary>
/// <param name="run">The submitted run.</param>
/// <param name="runDirectory">Its folder.</param>
/// <param name="slurm">Slurm's commands.</param>
/// <param name="poll">How often Slurm's queue and the events are read (default <see cref="Poll"/>).</param>
/// <param name="cached">The records of the nodes cached at submission, when this process just checked them (their
/// files are then not read again); otherwise they are checked in the store.</param>
/// <param name="warn">Told when Slurm's limits make jobs wait.</param>
public sealed class SlurmExecutor(SlurmRun run, string runDirectory, ISlurm slurm, TimeSpan? poll = null,
    IReadOnlyDictionary<string, NodeRecord>? cached = null, Action<string>? warn = null) : IExecutor
{
    /// <inheritdoc />
    public string Name => "slurm";

    /// <summary>How often the queue is asked by default: often enough for a live display, rarely enough for slurmctld.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    // The last state seen of each job, by Slurm id.
    readonly Dictionary<string, JobState> states = [];

    // The run as submitted so far: jobs beyond the queue budget are submitted while it is followed (SlurmQueue).
    SlurmRun current = run;

    // Asked of every unfinished node at every poll: an index, not a search of every job's nodes.
    readonly Dictionary<string, SubmittedJob> jobOf = new(run.JobOfNode());

    // The job not yet submitted that will compute each node.
    readonly Dictionary<string, SlurmJob> pendingOf = run.Pending.SelectMany(j => j.Nodes.Select(id => (id, j))).ToDictionary(x => x.id, x => x.j);

    /// <inheritdoc />
    public ExecutionReport Run(Plan plan, NodeStore store, ExecutionOptions options, IRunObserver observer, CancellationToken cancellation)
    {
        var outcomes = new Dictionary<string, NodeOutcome>();
        void End(NodeOutcome outcome)
        {
            outcomes[outcome.Node.Id] = outcome;
            observer.NodeFinished(outcome);
        }
        foreach (var id in current.Cached)
            End((cached?.GetValueOrDefault(id) ?? store.Finished(id, out _)) is { } record ? new NodeOutcome(plan[id], NodeStatus.Cached, record)
                : new NodeOutcome(plan[id], NodeStatus.Failed, null, "finished in the store at submission, but no longer there; run again"));

        var readers = current.Jobs.ToDictionary(j => j.Job.Index, j => new JobEventReader(SlurmRun.EventsPath(runDirectory, j.Job.Index)));
        var queue = new SlurmQueue(runDirectory, slurm, store.HasRecord, warn);
        var lastEnd = new Dictionary<string, NodeEndedEvent>();
        var ended = new HashSet<int>();
        bool interrupted = false;
        while (true)
        {
            // The queue first, then the events: a job seen ended has written all of its events.
            var open = current.Jobs.Where(j => !ended.Contains(j.Job.Index)).ToList();
            foreach (var (id, state) in slurm.States([.. open.Select(j => j.SlurmId)])) states[id] = state;
            foreach (var job in open)
            {
                var state = states[job.SlurmId];
                if (state.NeverStarts) slurm.Cancel([job.SlurmId]);
                if (state.Over) ended.Add(job.Job.Index);
            }
            // Jobs beyond the budget go in as others end.
            if (current.Pending.Length > 0)
            {
                var known = current.Jobs.Length;
                current = queue.Fill(current, states);
                foreach (var job in current.Jobs.Skip(known))
                {
                    readers[job.Job.Index] = new JobEventReader(SlurmRun.EventsPath(runDirectory, job.Job.Index));
                    foreach (var id in job.Job.Nodes)
                    {
                        jobOf[id] = job;
                        pendingOf.Remove(id);
                    }
                }
            }
            foreach (var e in readers.Values.SelectMany(r => r.ReadNew()))
            {
                if (outcomes.ContainsKey(e.Node) || !plan.Contains(e.Node)) continue;
                var node = plan[e.Node];
                switch (e)
                {
                    case NodeStartedEvent: observer.NodeStarted(node); break;
                    case EpochEndedEvent epoch: observer.EpochEnded(node, epoch.Report); break;
                    case NoteEvent note: observer.Note(node, note.Message); break;
                    case NodeEndedEvent end:
                        lastEnd[e.Node] = end;
                        if (end.Status.Finished() && store.Finished(node.Id, out _) is { } record)
                            End(new NodeOutcome(node, end.Status, record));
                        break;
                }
            }
            foreach (var node in plan.Nodes.Where(n => !outcomes.ContainsKey(n.Id)))
            {
                if (jobOf.TryGetValue(node.Id, out var job) && ended.Contains(job.Job.Index))
                    End(Ended(node, job, store, outcomes, lastEnd.GetValueOrDefault(node.Id)));
                else if (pendingOf.TryGetValue(node.Id, out var waiting) && NeverSubmitted(node, waiting, queue, outcomes) is { } skipped)
                    End(skipped);
            }
            if (outcomes.Count == plan.Nodes.Length) break;
            if (cancellation.WaitHandle.WaitOne(poll ?? Poll)) { interrupted = true; break; }
        }
        return new ExecutionReport([.. plan.Nodes.Select(n => outcomes.GetValueOrDefault(n.Id) ?? StillQueued(n))], interrupted);
    }

    // A node whose job was not submitted, and never will be: a node it needs failed or was skipped, or a job it waits for
    // ended without finishing its nodes.
    NodeOutcome? NeverSubmitted(PlanNode node, SlurmJob job, SlurmQueue queue, Dictionary<string, NodeOutcome> outcomes)
    {
        if (node.Parents.Select(outcomes.GetValueOrDefault).FirstOrDefault(o => o?.Status is NodeStatus.Failed or NodeStatus.Skipped) is { } blocked)
            return new NodeOutcome(node, NodeStatus.Skipped, null, $"needs {blocked.Node.Label} ({blocked.Node.Id[..8]}), which {(blocked.Status == NodeStatus.Failed ? "failed" : "was skipped")}");
        return queue.Blocking(current, job, states) is { } needed
            ? new NodeOutcome(node, NodeStatus.Skipped, null, $"not submitted: the job it waits for ({needed.SlurmId}) ended without finishing its nodes")
            : null;
    }

    NodeOutcome StillQueued(PlanNode node)
    {
        if (pendingOf.ContainsKey(node.Id))
            return new NodeOutcome(node, NodeStatus.Skipped, null,
                $"not submitted yet (at most {current.MaxJobs} of the run's jobs in Slurm at once); 'ensdsl collect' submits it") { Interrupted = true };
        var job = jobOf[node.Id];
        return new NodeOutcome(node, NodeStatus.Skipped, null,
            $"still in Slurm (job {job.SlurmId}, {states.GetValueOrDefault(job.SlurmId)?.SlurmState?.ToLowerInvariant() ?? "queued"})") { Interrupted = true };
    }

    // How a node ended whose job is over.
    NodeOutcome Ended(PlanNode node, SubmittedJob job, NodeStore store, Dictionary<string, NodeOutcome> outcomes, NodeEndedEvent? end)
    {
        if (store.Finished(node.Id, out _) is { } record) return new NodeOutcome(node, end?.Status == NodeStatus.Cached ? NodeStatus.Cached : NodeStatus.Done, record);
        var blocked = node.Parents.Select(outcomes.GetValueOrDefault).FirstOrDefault(o => o?.Status is NodeStatus.Failed or NodeStatus.Skipped);
        if (blocked is not null)
            return new NodeOutcome(node, NodeStatus.Skipped, null, $"needs {blocked.Node.Label} ({blocked.Node.Id[..8]}), which {(blocked.Status == NodeStatus.Failed ? "failed" : "was skipped")}");
        if (end is { Status: NodeStatus.Failed or NodeStatus.Skipped, Interrupted: false, Reason: { } reason }) return new NodeOutcome(node, end.Status, null, reason);
        var state = states.GetValueOrDefault(job.SlurmId);
        if (state?.NeverStarts == true)
            return new NodeOutcome(node, NodeStatus.Skipped, null, $"its Slurm job {job.SlurmId} never started: a job it waits for failed");
        if (state?.SlurmState == "CANCELLED")       // by ensdsl cancel or scancel: nothing failed
            return new NodeOutcome(node, NodeStatus.Skipped, null, $"its Slurm job {job.SlurmId} was cancelled");
        var how = state?.SlurmState is { } s ? $"ended {s}" + (state.Reason is { } r && r != "None" ? $" ({r})" : "") : "ended";
        var last = end?.Reason is { } said ? $"; its last word: {said}" : "";
        return new NodeOutcome(node, NodeStatus.Failed, null,
            $"Slurm job {job.SlurmId} {how} before finishing it{last}; see {SlurmRun.LogPath(runDirectory, job.Job.Index)}");
    }
}
