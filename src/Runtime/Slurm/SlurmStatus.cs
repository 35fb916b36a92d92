using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Training;

namespace EnsDsl.Runtime.Slurm;

/// <summary>Where a node of a Slurm run is, as <c>ensdsl status</c> shows it.</summary>
public enum NodeState
{
    /// <summary>Its job waits in the queue, or waits for another node of the same job.</summary>
    Pending,
    /// <summary>Computing.</summary>
    Running,
    /// <summary>Finished in the store.</summary>
    Done,
    /// <summary>Its job ended without it, or it failed.</summary>
    Failed,
    /// <summary>Its job was cancelled (by <c>ensdsl cancel</c>, scancel, or because a node it needs failed).</summary>
    Cancelled,
}

/// <summary>One node of a Slurm run, now.</summary>
/// <param name="Id">Node id.</param>
/// <param name="Label">Its label.</param>
/// <param name="State">Where it is.</param>
/// <param name="Job">Its job (null for a node found finished at submission, or whose job is not submitted yet).</param>
/// <param name="Elapsed">Since its first start, to its end or now.</param>
/// <param name="LastEpoch">Its last finished epoch, for a training node that has one.</param>
/// <param name="Reason">Why it failed, was cancelled or waits (Slurm's reason), when known.</param>
public sealed record NodeProgress(string Id, string Label, NodeState State, SubmittedJob? Job, TimeSpan? Elapsed, EpochReport? LastEpoch, string? Reason);

/// <summary>The state of every node of a Slurm run, from Slurm's queue, the jobs' events and the store; it computes and changes nothing.</summary>
public static class SlurmStatus
{
    /// <summary>The nodes of <paramref name="run"/>, cached ones first, then by job.</summary>
    public static IReadOnlyList<NodeProgress> Of(SlurmRun run, string runDirectory, ISlurm slurm)
    {
        var store = new NodeStore(run.Store);
        var states = slurm.States([.. run.Jobs.Select(j => j.SlurmId)]);
        var events = run.Jobs.SelectMany(j => new JobEventReader(SlurmRun.EventsPath(runDirectory, j.Job.Index)).ReadNew()).ToLookup(e => e.Node);
        var now = DateTimeOffset.Now;
        List<NodeProgress> rows = [.. run.Cached.Select(id => new NodeProgress(id, run.Labels.GetValueOrDefault(id, ""), NodeState.Done, null, null, null, "finished before submission"))];
        foreach (var job in run.Jobs)
        {
            var state = states[job.SlurmId];
            foreach (var id in job.Job.Nodes)
            {
                var mine = events[id].ToList();
                var started = mine.OfType<NodeStartedEvent>().FirstOrDefault()?.Time;
                var end = mine.LastOrDefault() as NodeEndedEvent;
                var running = mine.LastOrDefault() is NodeStartedEvent or EpochEndedEvent or NoteEvent;
                var (nodeState, reason) =
                    store.HasRecord(id) ? (NodeState.Done, null)
                    : end is { Status: NodeStatus.Failed, Interrupted: false } && state.State == QueueState.Ended ? (NodeState.Failed, end.Reason)
                    : state.NeverStarts ? (NodeState.Cancelled, "a node it needs failed")
                    : state.State == QueueState.Ended && state.SlurmState == "CANCELLED" ? (NodeState.Cancelled, state.Reason is { } r && r != "None" ? r : null)
                    : state.State == QueueState.Ended ? (NodeState.Failed, $"its job ended {state.SlurmState ?? ""} before finishing it".Replace("  ", " ") + (end?.Reason is { } said ? $": {said}" : ""))
                    : state.State == QueueState.Running && running ? (NodeState.Running, (string?)null)
                    : (NodeState.Pending, state.State == QueueState.Pending ? state.Reason : "after the other nodes of its job");
                var until = nodeState is NodeState.Running or NodeState.Pending ? now : mine.LastOrDefault()?.Time ?? now;
                rows.Add(new NodeProgress(id, run.Labels.GetValueOrDefault(id, ""), nodeState, job, started is { } s ? until - s : null,
                    mine.OfType<EpochEndedEvent>().LastOrDefault()?.Report, reason));
            }
        }
        // Jobs not yet submitted (--max-jobs): waiting for earlier jobs of the run to end.
        foreach (var job in run.Pending)
            foreach (var id in job.Nodes)
                rows.Add(new NodeProgress(id, run.Labels.GetValueOrDefault(id, ""), store.HasRecord(id) ? NodeState.Done : NodeState.Pending, null, null, null,
                    $"not submitted yet: at most {run.MaxJobs} of the run's jobs are in Slurm at once; ensdsl collect submits the rest as earlier ones end"));
        return rows;
    }
}
