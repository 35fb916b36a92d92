using EnsDsl.Planning;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Training;

namespace EnsDsl.Runtime.Execution;

/// <summary>The outcome of one node.</summary>
/// <param name="Node">The plan node.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Record">Its store record, when done or cached.</param>
/// <param name="Error">Why it failed or was skipped.</param>
public sealed record NodeOutcome(PlanNode Node, NodeStatus Status, NodeRecord? Record, string? Error = null)
{
    /// <summary>True when the node stopped, or never started, because the run was interrupted.</summary>
    public bool Interrupted { get; init; }

    /// <summary>Not an ending: another process holds the node's lock, and the scheduler tries it again later.</summary>
    public bool Busy { get; init; }

    /// <summary>The full store that stopped the node, when it did.</summary>
    public StoreFullException? Full { get; init; }
}

/// <summary>The outcomes of a run, in plan order.</summary>
/// <param name="Outcomes">One per plan node.</param>
/// <param name="Interrupted">True when the run was cancelled.</param>
public sealed record ExecutionReport(IReadOnlyList<NodeOutcome> Outcomes, bool Interrupted)
{
    /// <summary>The failed nodes.</summary>
    public IEnumerable<NodeOutcome> Failures => Outcomes.Where(o => o.Status == NodeStatus.Failed);

    /// <summary>True when every node is done or cached.</summary>
    public bool Succeeded => Outcomes.All(o => o.Status.Finished());
}

/// <summary>
/// Which finished training steps keep their final optimizer state (<c>run --keep-optimizer-state</c>). The state is read
/// only by a step that continues it (<c>resetOptimizer: false</c>); a step that continues a dropped state trains its
/// parent again first, to the same weights.
/// </summary>
public enum OptimizerStatePolicy
{
    /// <summary>Every step keeps it (the default: a store never makes a later script recompute what it holds).</summary>
    All,
    /// <summary>Only while a step of this run still has to continue it: dropped as soon as every continuing step of the
    /// plan has finished (at the paper's scale, about two fifths of the store).</summary>
    Unfinished,
}

/// <summary>How to run a plan.</summary>
/// <param name="Jobs">How many nodes may compute at once (one per device is the useful maximum).</param>
/// <param name="FailFast">Stop starting nodes after the first failure.</param>
/// <param name="Device">Device name: auto, cpu, cuda, cuda:N.</param>
/// <param name="TestEveryEpoch">Evaluate every training step on its test split after each epoch (for per-epoch test curves; costs an evaluation per epoch).</param>
/// <param name="LoaderWorkers">Threads of the image pipelines (default: one per core; results do not depend on it).</param>
/// <param name="Devices">Several devices (<c>cuda:0</c>, <c>cuda:1</c>, … or <c>cpu</c> repeated): independent nodes run at
/// the same time, one per device, instead of <see cref="Jobs"/> nodes on <see cref="Device"/>.</param>
/// <param name="Only">Compute just these nodes (what a Slurm job does); the others they need must be finished in the store.</param>
/// <param name="KeepOptimizerState">Which finished steps keep their optimizer state in the store.</param>
public sealed record ExecutionOptions(int Jobs = 1, bool FailFast = false, string Device = "auto", bool TestEveryEpoch = false, int? LoaderWorkers = null,
    IReadOnlyList<string>? Devices = null, IReadOnlySet<string>? Only = null, OptimizerStatePolicy KeepOptimizerState = OptimizerStatePolicy.All)
{
    /// <summary>The device of each slot that computes a node: <see cref="Devices"/>, or <see cref="Jobs"/> times <see cref="Device"/>.</summary>
    public IReadOnlyList<string> Slots => Devices is { Count: > 0 } devices ? devices : [.. Enumerable.Repeat(Device, Math.Max(1, Jobs))];

    /// <summary>
    /// The devices of <c>--devices</c>: a comma-separated list (<c>cuda:0,cuda:1</c>, <c>cpu,cpu</c>) or a count N for the
    /// first N GPUs.
    /// </summary>
    /// <exception cref="ArgumentException">Neither a list nor a positive count.</exception>
    public static IReadOnlyList<string> ParseDevices(string text)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            return n >= 1 ? [.. Enumerable.Range(0, n).Select(i => $"cuda:{i}")] : throw new ArgumentException($"--devices {text}: give at least one device");
        var list = text.Split(',', StringSplitOptions.TrimEntries);
        return list.All(d => d.Length > 0) ? list : throw new ArgumentException($"--devices {text}: expected a list such as cuda:0,cuda:1 or cpu,cpu, or a number of GPUs");
    }

    /// <summary>How image pipelines read in this run.</summary>
    public Imaging.LoaderOptions Loader => LoaderWorkers is { } workers ? Imaging.LoaderOptions.Default with { Workers = workers } : Imaging.LoaderOptions.Default;
}

/// <summary>What a run reports while it goes (progress displays implement it; calls may come from several threads).</summary>
public interface IRunObserver
{
    /// <summary>A node starts computing.</summary>
    void NodeStarted(PlanNode node);

    /// <summary>A training node finished an epoch.</summary>
    void EpochEnded(PlanNode node, EpochReport report);

    /// <summary>A training node finished a batch (called per batch: keep it cheap; displays show it only for long epochs).</summary>
    void BatchDone(PlanNode node, BatchProgress progress) { }

    /// <summary>A node ended (done, cached, failed or skipped).</summary>
    void NodeFinished(NodeOutcome outcome);

    /// <summary>Something the user should know about a node (a discarded store entry, a resumed step).</summary>
    void Note(PlanNode node, string message);
}

/// <summary>
/// Runs a plan against a store. The local executor runs nodes in this process; a cluster executor (one job per node,
/// dependencies as job dependencies, the store on a shared filesystem) implements the same interface.
/// </summary>
public interface IExecutor
{
    /// <summary>Runs every node of <paramref name="plan"/> not already finished in <paramref name="store"/>.</summary>
    ExecutionReport Run(Plan plan, NodeStore store, ExecutionOptions options, IRunObserver observer, CancellationToken cancellation);

    /// <summary>How it runs steps, as a run's page and results.json name it: <c>local</c> (this process) unless it says otherwise.</summary>
    string Name => "local";
}
