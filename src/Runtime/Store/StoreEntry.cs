namespace EnsDsl.Runtime.Store;

/// <summary>What a file in a node's folder holds, for sizes and cleaning (<c>ensdsl store du</c>).</summary>
public enum ContentKind
{
    /// <summary>A model's weights (<see cref="NodeFile.Weights"/>; older stores also hold a <c>weights.pt</c> copy).</summary>
    Weights,
    /// <summary>A finished training step's optimizer state (<see cref="NodeFile.Optimizer"/>): only steps that continue it read it.</summary>
    OptimizerState,
    /// <summary>Test-set predictions (<see cref="NodeFile.Predictions"/>).</summary>
    Predictions,
    /// <summary>The saved state of an unfinished training step (weights and optimizer state at its last epoch end).</summary>
    TrainingState,
    /// <summary>Records and locks: node.json, train-state.json, .lock.</summary>
    Metadata,
}

/// <summary>How far a store entry got.</summary>
public enum EntryState
{
    /// <summary>It has a record: its result is stored (checksums are checked when it is read).</summary>
    Finished,
    /// <summary>A training step stopped (or still running) after some epochs: a run resumes it.</summary>
    Unfinished,
    /// <summary>Result files without a record (from an ensdsl older than the one that cleans up after a failed node): of no use.</summary>
    Incomplete,
    /// <summary>No result at all (only its lock): a node that failed, or is starting.</summary>
    Empty,
}

/// <summary>One file of a store entry.</summary>
/// <param name="Name">File name in the node's folder.</param>
/// <param name="Kind">What it holds.</param>
/// <param name="Bytes">Its size.</param>
public sealed record EntryFile(string Name, ContentKind Kind, long Bytes);

/// <summary>One node's folder in the store, as <c>ensdsl store ls</c> shows it (read without checking checksums).</summary>
/// <param name="Id">The node id.</param>
/// <param name="State">How far it got.</param>
/// <param name="Record">Its record, when finished.</param>
/// <param name="Modified">When it was last written (its record, else its newest file).</param>
/// <param name="Files">Its files.</param>
/// <param name="EpochsDone">Epochs of an unfinished training step that a run resumes from.</param>
/// <param name="Locked">True while a process computes it.</param>
public sealed record StoreEntry(string Id, EntryState State, NodeRecord? Record, DateTime Modified, IReadOnlyList<EntryFile> Files, int? EpochsDone, bool Locked)
{
    /// <summary>Bytes of all its files.</summary>
    public long Bytes => Files.Sum(f => f.Bytes);

    /// <summary>Bytes of its files of <paramref name="kind"/>.</summary>
    public long BytesOf(ContentKind kind) => Files.Where(f => f.Kind == kind).Sum(f => f.Bytes);

    /// <summary>The first characters of an id, as tables show it.</summary>
    public static string Short(string id) => id[..Math.Min(12, id.Length)];

    /// <summary>Its kind as tables show it: the node's kind, or its state when it has no record.</summary>
    public string KindName => Record?.Kind.Name() ?? State.Key();

    /// <summary>Its label: the record's, or what its state says.</summary>
    public string Label => Record?.Label ?? State switch
    {
        EntryState.Unfinished => $"(training, {EpochsDone} epochs saved)",
        EntryState.Empty => "(empty)",
        _ => "(incomplete)",
    };
}

/// <summary>The names of <see cref="ContentKind"/> and <see cref="EntryState"/> in tables and JSON: the one place they are spelled.</summary>
public static class StoreNames
{
    /// <summary>The kind in JSON: <c>weights</c>, <c>optimizer_state</c>, <c>predictions</c>, <c>training_state</c>, <c>metadata</c>.</summary>
    /// <example><code>ContentKind.OptimizerState.Key()   // "optimizer_state"</code></example>
    public static string Key(this ContentKind kind) => kind switch
    {
        ContentKind.OptimizerState => "optimizer_state",
        ContentKind.TrainingState => "training_state",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The kind for people: its key with spaces.</summary>
    /// <example><code>ContentKind.OptimizerState.Display()   // "optimizer state"</code></example>
    public static string Display(this ContentKind kind) => kind.Key().Replace('_', ' ');

    /// <summary>The state in tables and JSON: <c>finished</c>, <c>unfinished</c>, <c>incomplete</c>.</summary>
    public static string Key(this EntryState state) => state.ToString().ToLowerInvariant();
}
