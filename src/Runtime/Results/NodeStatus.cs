namespace EnsDsl.Runtime.Results;

/// <summary>How a node ended in a run.</summary>
public enum NodeStatus
{
    /// <summary>Computed in this run.</summary>
    Done,
    /// <summary>Found finished in the store; not recomputed.</summary>
    Cached,
    /// <summary>Failed (its reason is in the outcome).</summary>
    Failed,
    /// <summary>Not run: a node it needs failed, or the run stopped (--fail-fast, interruption).</summary>
    Skipped,
}

/// <summary>What a node's status says about its result.</summary>
public static class NodeStatuses
{
    /// <summary>True when the node has its result: computed in this run, or found in the store.</summary>
    public static bool Finished(this NodeStatus status) => status is NodeStatus.Done or NodeStatus.Cached;
}
