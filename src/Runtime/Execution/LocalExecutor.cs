using System.Runtime.InteropServices;
using EnsDsl.Planning;
using EnsDsl.Runtime.Data;
using EnsDsl.Runtime.Execution.Runners;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Torch;
using EnsDsl.Runtime.Training;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Execution;

/// <summary>
/// Runs a plan in this process: nodes in dependency order, finished ones taken from the store (status cached), one
/// node per slot at a time (<see cref="ExecutionOptions.Slots"/>: <c>--jobs</c> on one device, or one slot per device of
/// <c>--devices</c>), each on its slot's device. A node that fails (diverged loss, missing data, out of memory, …)
/// fails alone: the nodes that need it are skipped, the others go on, unless --fail-fast.
/// </summary>
public sealed class LocalExecutor : IExecutor
{
    /// <inheritdoc />
    public ExecutionReport Run(Plan plan, NodeStore store, ExecutionOptions options, IRunObserver observer, CancellationToken cancellation)
    {
        // Every node computes with libtorch's default thread count whatever --jobs is: results then do not depend on
        // --jobs (a different thread count changes the last bits of reductions), as a content-addressed store needs.
        var free = new Queue<Device>(options.Slots.Select(TorchInfo.Resolve));
        int jobs = free.Count;
        // A full store stops every node (at its next batch; each resumes from its last saved epoch), not only the one
        // whose write failed: the others would fail at their next write too, having trained for nothing.
        using var halt = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        StoreFullException? full = null;
        var context = new RunContext(plan, store, free.Peek(), observer, halt.Token) { TestEveryEpoch = options.TestEveryEpoch, Loader = options.Loader };
        var outcomes = new Dictionary<string, NodeOutcome>();
        var waiting = plan.Nodes.Where(n => options.Only?.Contains(n.Id) ?? true).ToList();
        var computed = waiting.Select(n => n.Id).ToHashSet();
        var running = new Dictionary<Task<NodeOutcome>, Device>();
        // Nodes another process is computing (a run sharing the store): when this run last found them locked. They
        // wait while this run has other work, are tried again every BusyRetry, and are waited for when nothing else can start.
        var busy = new Dictionary<string, DateTime>();
        bool stop = false;

        // A parent this run does not compute is the store's to give (RunContext.Finished says when it cannot).
        bool Ready(PlanNode node) => node.Parents.Where(computed.Contains).All(outcomes.ContainsKey);

        void Start(PlanNode node, bool wait)
        {
            waiting.Remove(node);
            var device = free.Dequeue();
            running[Task.Run(() => RunNode(node, context with { Device = device }, wait), CancellationToken.None)] = device;
        }

        // A finished step's optimizer state goes once no step of the plan that continues it is left to run: its own,
        // when it finishes with none, and its parent's, when it was the last to continue it.
        void DropUnneededOptimizerState(PlanNode node)
        {
            var candidates = node is TrainNode { Step.ResetOptimizer: false } ? [node.Id, node.Parents[0]] : new[] { node.Id };
            foreach (var id in candidates)
                if (plan[id] is TrainNode && plan.Continuing(id).All(c => outcomes.GetValueOrDefault(c.Id)?.Status.Finished() == true))
                    store.DropFile(id, NodeFile.Optimizer);
        }

        void Finish(NodeOutcome outcome)
        {
            if (outcome.Full is { } e && full is null)
            {
                full = e;
                stop = true;
                halt.Cancel();
                outcome = outcome with { Error = Full(e, plan, outcomes.Values.Where(o => o.Status.Finished()).Select(o => o.Node.Id)) };
            }
            else if (full is not null && outcome.Interrupted && !cancellation.IsCancellationRequested)
                outcome = outcome with { Error = "stopped: the store's filesystem is full; free space and run again to resume from its last saved epoch" };
            outcomes[outcome.Node.Id] = outcome;
            if (options.KeepOptimizerState == OptimizerStatePolicy.Unfinished && outcome.Status.Finished())
                DropUnneededOptimizerState(outcome.Node);
            observer.NodeFinished(outcome);
            if (outcome.Status == NodeStatus.Failed && options.FailFast) stop = true;
        }

        while (waiting.Count > 0 || running.Count > 0)
        {
            stop |= cancellation.IsCancellationRequested;
            foreach (var node in waiting.ToList())
            {
                if (stop)
                {
                    waiting.Remove(node);
                    Finish(cancellation.IsCancellationRequested
                        ? new NodeOutcome(node, NodeStatus.Skipped, null, "the run was interrupted") { Interrupted = true }
                        : full is not null ? new NodeOutcome(node, NodeStatus.Skipped, null, "not started: the store's filesystem is full")
                        : new NodeOutcome(node, NodeStatus.Skipped, null, "not started: --fail-fast after a failure"));
                    continue;
                }
                var blocked = node.Parents.Select(p => outcomes.GetValueOrDefault(p)).FirstOrDefault(o => o?.Status is NodeStatus.Failed or NodeStatus.Skipped);
                if (blocked is not null)
                {
                    waiting.Remove(node);
                    Finish(new NodeOutcome(node, NodeStatus.Skipped, null, $"needs {blocked.Node.Label} ({blocked.Node.Id[..8]}), which {(blocked.Status == NodeStatus.Failed ? "failed" : "was skipped")}"));
                    continue;
                }
                if (running.Count >= jobs || !Ready(node)) continue;
                if (busy.TryGetValue(node.Id, out var tried) && DateTime.UtcNow - tried < BusyRetry) continue;
                Start(node, wait: false);
            }
            if (running.Count == 0)
            {
                // Nothing could start: every ready node is being computed by another process. Wait for one of them.
                if (!stop && waiting.FirstOrDefault(Ready) is { } next) Start(next, wait: true);
                else if (waiting.Count > 0) throw new InvalidOperationException("the plan has nodes whose parents never run");
                else break;
            }
            var retry = busy.Count > 0 ? Task.Delay(BusyRetry, CancellationToken.None) : null;
            var first = Task.WhenAny(retry is null ? running.Keys : running.Keys.Cast<Task>().Append(retry)).GetAwaiter().GetResult();
            if (first is not Task<NodeOutcome> done || !running.ContainsKey(done)) continue;
            free.Enqueue(running[done]);
            running.Remove(done);
            var outcome = done.GetAwaiter().GetResult();
            if (outcome.Busy)
            {
                if (!busy.ContainsKey(outcome.Node.Id)) observer.Note(outcome.Node, "another process is computing it; working on other nodes meanwhile");
                busy[outcome.Node.Id] = DateTime.UtcNow;
                waiting.Add(outcome.Node);
            }
            else Finish(outcome);
        }
        return new ExecutionReport([.. plan.Nodes.Where(n => computed.Contains(n.Id)).Select(n => outcomes[n.Id])], cancellation.IsCancellationRequested);
    }

    /// <summary>How often a run with other work tries again a node that another process is computing.</summary>
    static readonly TimeSpan BusyRetry = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Computes a node, or takes it from the store. Without <paramref name="wait"/>, a node another process holds is
    /// returned <see cref="NodeOutcome.Busy"/> at once, for the scheduler to try again later.
    /// </summary>
    static NodeOutcome RunNode(PlanNode node, RunContext context, bool wait)
    {
        var store = context.Store;
        if (Usable(store.Finished(node.Id, out var discarded), node, context, note: false) is { } cached) return new NodeOutcome(node, NodeStatus.Cached, cached);
        if (discarded is not null) context.Observer.Note(node, $"stored result discarded ({discarded}); computing it again");
        try
        {
            using var nodeLock = wait
                ? store.Lock(node.Id, context.Cancellation, () => context.Observer.Note(node, "another process is computing it; waiting for its result"))
                : store.TryLock(node.Id);
            if (nodeLock is null) return new NodeOutcome(node, NodeStatus.Skipped, null) { Busy = true };
            if (store.HasPartialResults(node.Id))
                context.Observer.Note(node, "stored result discarded (result files without node.json: a write was cut off, or the record is lost); computing it again");
            // Another process may have finished it while we waited for the lock.
            if (Usable(store.Finished(node.Id, out _), node, context, note: true) is { } finished) return new NodeOutcome(node, NodeStatus.Cached, finished);
            context.Observer.NodeStarted(node);
            try { return new NodeOutcome(node, NodeStatus.Done, NodeRunner.Run(node, context)); }
            catch
            {
                store.DiscardPartialResults(node.Id);   // still holding the lock: no other process writes here now
                throw;
            }
        }
        catch (Exception e)
        {
            if (e is NonFiniteLossException) store.ClearTrainState(node.Id);   // a diverged step starts afresh next time
            return new NodeOutcome(node, NodeStatus.Failed, null, Reason(e)) { Interrupted = e is OperationCanceledException, Full = e as StoreFullException };
        }
    }

    /// <summary>
    /// A stored record, unless this plan still needs something the store dropped from it: the optimizer state of a
    /// training step that an unfinished step continues (<c>ensdsl store prune --optimizer-state</c>). Then the step
    /// trains again (to the same weights) to give its state back.
    /// </summary>
    static NodeRecord? Usable(NodeRecord? record, PlanNode node, RunContext context, bool note)
    {
        if (record is null || node is not TrainNode || record.Has(NodeFile.Optimizer)) return record;
        var continuing = context.Plan.Continuing(node.Id).FirstOrDefault(c => !context.Store.HasRecord(c.Id));
        if (continuing is null) return record;
        if (note) context.Observer.Note(node, $"its optimizer state was pruned and {continuing.Label} continues it; training it again");
        return null;
    }

    /// <summary>What a full store means for this run: what the rest of the plan needs against what is free.</summary>
    static string Full(StoreFullException e, Plan plan, IEnumerable<string> finished)
    {
        var done = finished.ToHashSet();
        var need = StoreFootprint.Of(plan, plan.Nodes.Where(n => !done.Contains(n.Id)));
        return $"no space left on {e.Mount}: the rest of the plan needs about {StoreSpace.Megabytes(need.Bytes + need.TrainingState)}, " +
            $"{StoreSpace.Megabytes(e.Free)} free. Free space (ensdsl store gc, ensdsl store prune --optimizer-state) and run again: " +
            "finished nodes and saved epochs are kept";
    }

    /// <summary>What to tell the user about a node's failure.</summary>
    static string Reason(Exception e) => e switch
    {
        NodeFailure or NonFiniteLossException or DatasetException or UnsupportedArchitectureException or InputSizeException or NotSupportedException => e.Message,
        OperationCanceledException => "interrupted; run again to resume from the last finished epoch",
        OutOfMemoryException => "out of memory; use a smaller batch size or model",
        ExternalException x when IsOutOfMemory(x.Message) => $"out of memory ({FirstLine(x.Message)}); use a smaller batch size or model",
        InvalidDataException => $"a stored file is damaged: {e.Message}; it will be recomputed on the next run",
        IOException => $"cannot read or write the store: {e.Message}",
        _ => $"internal error {e.GetType().Name}: {e.Message} (a bug in ensdsl; please report it)",
    };

    static bool IsOutOfMemory(string message) =>
        message.Contains("not enough memory", StringComparison.OrdinalIgnoreCase)
        || message.Contains("out of memory", StringComparison.OrdinalIgnoreCase)
        || message.Contains("can't allocate", StringComparison.OrdinalIgnoreCase)
        || message.Contains("allocate", StringComparison.OrdinalIgnoreCase) && message.Contains("bytes", StringComparison.OrdinalIgnoreCase);

    static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
