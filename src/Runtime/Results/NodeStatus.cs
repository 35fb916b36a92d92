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
