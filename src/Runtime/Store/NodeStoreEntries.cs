using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Store;

// The store as a collection of entries: listing, sizing, and removing them (ensdsl store ...).
public sealed partial class NodeStore
{
    /// <summary>Every entry of the store, by id, read without checking checksums (a listing stays cheap at tens of gigabytes).</summary>
    public IReadOnlyList<StoreEntry> Entries() =>
        [.. Directory.EnumerateDirectories(Path.Combine(Root, NodesFolder)).Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(id => Entry(id!)!)];

    /// <summary>The entry of node <paramref name="id"/>, or null when the store has no folder for it.</summary>
    public StoreEntry? Entry(string id)
    {
        var dir = NodeDirectory(id);
        if (!Directory.Exists(dir)) return null;
        var infos = new DirectoryInfo(dir).GetFiles();
        var files = infos.Select(f => new EntryFile(f.Name, KindOf(f.Name), f.Length)).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var recordPath = Path.Combine(dir, RecordFile);
        var record = File.Exists(recordPath) ? ReadRecord(recordPath) : null;
        var epochs = record is null ? SavedEpochs(dir) : null;
        var state = record is not null ? EntryState.Finished : epochs is not null ? EntryState.Unfinished
            : files.Any(f => f.Kind != ContentKind.Metadata) ? EntryState.Incomplete : EntryState.Empty;
        var modified = infos.FirstOrDefault(f => f.Name == RecordFile)?.LastWriteTimeUtc
            ?? (infos.Length > 0 ? infos.Max(f => f.LastWriteTimeUtc) : Directory.GetLastWriteTimeUtc(dir));
        bool locked;
        using (var held = TryLock(id)) locked = held is null;
        return new StoreEntry(id, state, record, modified, files, epochs, locked);
    }

    // Stores written before 'ensdsl export' also hold a torch.save copy of each model's weights.
    const string LegacyPyTorchWeights = "weights.pt";

    /// <summary>What the store at <paramref name="root"/> holds of <paramref name="plan"/> (nothing when there is no store; never creates one).</summary>
    public static Planning.StoreState StateOf(Planning.Plan plan, string root)
    {
        if (!Exists(root)) return Planning.StoreState.Empty;
        // Read without opening the store: looking never writes (a read-only or another user's store can be planned against).
        var nodes = Path.Combine(Path.GetFullPath(root), NodesFolder);
        var finished = Finished(plan.Nodes, nodes);
        var saved = new Dictionary<string, int>();
        foreach (var node in plan.Nodes.Where(n => n.Epochs > 0 && !finished.Contains(n.Id)))
            if (SavedEpochs(Path.Combine(nodes, node.Id)) is { } epochs) saved[node.Id] = epochs;
        return new Planning.StoreState(finished, saved, Measured(nodes));
    }

    /// <summary>Which of <paramref name="nodes"/> the store at <paramref name="root"/> has finished (none when there is no store; never creates one).</summary>
    public static IReadOnlySet<string> FinishedOf(IEnumerable<Planning.PlanNode> nodes, string root) =>
        Exists(root) ? Finished(nodes, Path.Combine(Path.GetFullPath(root), NodesFolder)) : new HashSet<string>();

    static HashSet<string> Finished(IEnumerable<Planning.PlanNode> nodes, string nodesFolder) =>
        nodes.Where(n => File.Exists(Path.Combine(nodesFolder, n.Id, RecordFile))).Select(n => n.Id).ToHashSet();

    // The training speeds of every finished step in the store (any plan's), from their records.
    static List<Planning.Throughput> Measured(string nodes)
    {
        var measured = new List<Planning.Throughput>();
        foreach (var dir in Directory.EnumerateDirectories(nodes))
        {
            var path = Path.Combine(dir, RecordFile);
            if (File.Exists(path) && ReadRecord(path)?.Throughput is { } t) measured.Add(t);
        }
        return measured;
    }

    /// <summary>What a file of a node's folder holds, by its name.</summary>
    public static ContentKind KindOf(string fileName) => NodeFiles.FromName(fileName) switch
    {
        NodeFile.Weights => ContentKind.Weights,
        NodeFile.Optimizer => ContentKind.OptimizerState,
        NodeFile.Predictions => ContentKind.Predictions,
        _ when fileName == LegacyPyTorchWeights => ContentKind.Weights,
        _ when fileName.StartsWith(TrainStatePrefix, StringComparison.Ordinal) && fileName.EndsWith(".tensors", StringComparison.Ordinal) => ContentKind.TrainingState,
        _ => ContentKind.Metadata,
    };

    /// <summary>
    /// The ids of the store's entries that start with <paramref name="prefix"/> (a whole id, or its first characters as
    /// <c>ensdsl plan</c> prints them).
    /// </summary>
    public IReadOnlyList<string> Matching(string prefix) =>
        [.. Directory.EnumerateDirectories(Path.Combine(Root, NodesFolder)).Select(d => Path.GetFileName(d)!)
            .Where(id => id.StartsWith(prefix.Trim(), StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The one entry whose id starts with <paramref name="prefix"/>; null, with <paramref name="problem"/> saying what
    /// to do, when none or several do.
    /// </summary>
    public string? Resolve(string prefix, out string? problem)
    {
        var ids = Matching(prefix);
        problem = ids.Count switch
        {
            1 => null,
            0 => $"no entry {prefix} in the store {Root}; 'ensdsl store ls' lists them",
            _ => $"{prefix} starts {ids.Count} entries ({string.Join(", ", ids.Take(5).Select(StoreEntry.Short))}{(ids.Count > 5 ? ", …" : "")}); give more characters",
        };
        return problem is null ? ids[0] : null;
    }

    /// <summary>
    /// Removes node <paramref name="id"/>'s entry; false (and nothing removed) while a process holds its lock. A process
    /// that starts computing the node meanwhile keeps its files: the folder goes only when it is empty.
    /// </summary>
    public bool Remove(string id)
    {
        var dir = NodeDirectory(id);
        if (!Directory.Exists(dir)) return true;
        using (var held = TryLock(id))
        {
            if (held is null) return false;
            // The record goes first: an entry is never seen finished with its files half removed.
            var record = Path.Combine(dir, RecordFile);
            if (File.Exists(record)) File.Delete(record);
            Discard(dir);
            ClearTrainState(id);
            File.Delete(Path.Combine(dir, LockFile));
        }
        try { Directory.Delete(dir); }
        catch (IOException) { }   // another process has begun to write in it
        return true;
    }

    /// <summary>True when node <paramref name="id"/> has result files but no record: a write that was cut off (a kill) or a lost record.</summary>
    public bool HasPartialResults(string id)
    {
        var dir = NodeDirectory(id);
        return Directory.Exists(dir) && !File.Exists(Path.Combine(dir, RecordFile))
            && Enum.GetValues<NodeFile>().Any(f => File.Exists(Path.Combine(dir, f.FileName())));
    }

    /// <summary>
    /// Removes the result files of node <paramref name="id"/> when it has no record (a computation that failed part-way
    /// through writing them), keeping its training state to resume from. Call it holding the node's lock.
    /// </summary>
    public void DiscardPartialResults(string id)
    {
        var dir = NodeDirectory(id);
        if (!Directory.Exists(dir) || File.Exists(Path.Combine(dir, RecordFile))) return;
        foreach (var file in Enum.GetValues<NodeFile>().Select(f => Path.Combine(dir, f.FileName())).Where(File.Exists)) File.Delete(file);
    }

    /// <summary>
    /// Drops a finished node's <paramref name="file"/> (e.g. its optimizer state) and its line in the record, keeping the
    /// rest; returns the bytes freed, or null while a process holds the node's lock.
    /// </summary>
    public long? DropFile(string id, NodeFile file)
    {
        using var held = TryLock(id);
        if (held is null) return null;
        var dir = NodeDirectory(id);
        var path = Path.Combine(dir, file.FileName());
        var recordPath = Path.Combine(dir, RecordFile);
        if (!File.Exists(recordPath) || !File.Exists(path) || ReadRecord(recordPath) is not { } record) return 0;
        var bytes = new FileInfo(path).Length;
        // The record no longer lists the file before the file goes: it is never found listed and missing.
        WriteRecord(dir, record with { Files = record.Files.Where(f => f.Key != file.FileName()).ToDictionary() });
        File.Delete(path);
        return bytes;
    }
}
