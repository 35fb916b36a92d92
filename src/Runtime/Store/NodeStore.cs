using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

using EnsDsl.Runtime.Torch;
namespace EnsDsl.Runtime.Store;

/// <summary>The store cannot be used (unwritable, or written by an incompatible ensdsl).</summary>
public sealed class StoreException(string message) : Exception(message);

/// <summary>
/// The content-addressed store: one folder per plan node, <c>nodes/&lt;id&gt;/</c>, holding
/// <list type="bullet">
/// <item><c>node.json</c>: the <see cref="NodeRecord"/>, written last (its presence means "finished");</item>
/// <item>result files (<see cref="NodeFile"/>: <c>weights.tensors</c>, <c>optimizer.tensors</c>,
/// <c>predictions.tensors</c>), checked against their SHA-256 in node.json whenever they are read;</item>
/// <item><c>train-state.json</c> and <c>train-state-eNNNN.tensors</c>: what an interrupted training step resumes from
/// (weights and optimizer state at the end of epoch NNNN; all other randomness is derived from the seed and the
/// epoch), replaced at every epoch end;</item>
/// <item><c>.lock</c>: held while a process computes the node, so that two writers never meet; another process that
/// needs the node waits for it and then reads its result.</item>
/// </list>
/// Every write is atomic (temporary file, flush, rename). An entry that fails its checksum or comes from another
/// store format is discarded and recomputed, never reused.
/// </summary>
public sealed partial class NodeStore
{
    /// <summary>The store format this build reads and writes.</summary>
    public const int Format = 1;

    const string RecordFile = "node.json", LockFile = ".lock", MarkerFile = "store.json", NodesFolder = "nodes";
    const string TrainStateFile = "train-state.json", TrainStatePrefix = "train-state";

    /// <summary>True when <paramref name="root"/> holds a store (for commands that read one and must not create it).</summary>
    public static bool Exists(string root) => File.Exists(Path.Combine(root, MarkerFile));

    /// <summary>Opens (creating if needed) the store at <paramref name="root"/>.</summary>
    /// <exception cref="StoreException">The folder cannot be created or written.</exception>
    public NodeStore(string root)
    {
        Root = Path.GetFullPath(root);
        try
        {
            Directory.CreateDirectory(Path.Combine(Root, NodesFolder));
            var marker = Path.Combine(Root, MarkerFile);
            if (File.Exists(marker))
            {
                var format = (int?)JObject.Parse(File.ReadAllText(marker))["format"];
                if (format != Format)
                    throw new StoreException($"the store {Root} has format {format?.ToString() ?? "unknown"}; this ensdsl uses format {Format}. Use another --store, or move the old one away");
            }
            else AtomicFile.Write(marker, System.Text.Encoding.UTF8.GetBytes(new JObject { ["format"] = Format, ["kind"] = "ensdsl store" }.ToString()));
            var probe = Path.Combine(Root, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new StoreException($"cannot use the store at {Root}: {e.Message}. Choose a writable folder with --store DIR");
        }
    }

    /// <summary>The store's folder.</summary>
    public string Root { get; }

    /// <summary>The folder of node <paramref name="id"/>.</summary>
    public string NodeDirectory(string id) => Path.Combine(Root, NodesFolder, id);

    /// <summary>True when node <paramref name="id"/> has a record: finished, as far as a look without reading its files can tell.</summary>
    public bool HasRecord(string id) => File.Exists(Path.Combine(NodeDirectory(id), RecordFile));

    /// <summary>
    /// The record of a finished node, after checking its format and every file's checksum. A damaged or foreign
    /// entry is removed (its reason in <paramref name="discarded"/>) and null returned, so the node is recomputed.
    /// </summary>
    public NodeRecord? Finished(string id, out string? discarded)
    {
        discarded = null;
        var dir = NodeDirectory(id);
        var path = Path.Combine(dir, RecordFile);
        if (!File.Exists(path)) return null;
        var record = ReadRecord(path);
        discarded = record switch
        {
            null => $"{RecordFile} is unreadable",
            { Format: not Format } r => $"written by store format {r.Format} (this ensdsl uses {Format})",
            { Id: var recorded } when recorded != id => $"{RecordFile} names node {recorded}",
            _ => record.Files.Select(f => Verify(dir, f.Key, f.Value)).FirstOrDefault(p => p is not null),
        };
        if (discarded is null) return record;
        Discard(dir);
        return null;
    }

    static string? Verify(string dir, string name, string sha)
    {
        var file = Path.Combine(dir, name);
        if (!File.Exists(file)) return $"{name} is missing";
        return AtomicFile.Sha256(File.ReadAllBytes(file)) == sha ? null : $"{name} fails its checksum";
    }

    static void Discard(string dir)
    {
        foreach (var f in Directory.GetFiles(dir))
            if (Path.GetFileName(f) != LockFile) File.Delete(f);
    }

    /// <summary>The node's lock for this process (dispose to release it), or null while another holder has it.</summary>
    /// <exception cref="IOException">The lock file cannot be opened for another reason than a holder.</exception>
    public IDisposable? TryLock(string id)
    {
        var dir = NodeDirectory(id);
        Directory.CreateDirectory(dir);
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix; the OS drops it if the process dies.
            var held = new FileStream(Path.Combine(dir, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            // Only a lock holder writes in a node's folder: temporary files here are a killed writer's, never finished.
            foreach (var partial in Directory.GetFiles(dir, $"*{AtomicFile.TempMarker}*")) File.Delete(partial);
            return held;
        }
        catch (IOException e) when (e.HResult is HeldByAnother)
        {
            return null;
        }
    }

    // What .NET on Linux (ensdsl's platform) reports when flock finds the lock taken: errno EWOULDBLOCK, 11 (checked on
    // .NET 10). Any other failure (permissions, a vanished folder) is an error to report, not a holder to wait for.
    const int HeldByAnother = 11;

    /// <summary>How often a waiting process tries the lock again.</summary>
    public static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Takes the node's lock, waiting while another process (or thread) computes the node; <paramref name="waiting"/>
    /// is told once when it has to wait. Dispose the result to release the lock. A holder that dies releases it.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> stopped the wait.</exception>
    public IDisposable Lock(string id, CancellationToken cancellation = default, Action? waiting = null)
    {
        for (bool told = false; ; told = true)
        {
            if (TryLock(id) is { } held) return held;
            if (!told) waiting?.Invoke();
            if (cancellation.WaitHandle.WaitOne(LockPoll)) cancellation.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Writes a tensor file of the node; returns it with its SHA-256, for the node's record. A model's weights are
    /// stored once, in this format: <c>ensdsl export</c> writes PyTorch's on request (a second copy per node would
    /// double the largest part of the store).
    /// </summary>
    public StoredFile WriteTensors(string id, NodeFile file, IEnumerable<KeyValuePair<string, Tensor>> tensors) =>
        Write(id, file, TensorFile.Serialize(tensors));

    StoredFile Write(string id, NodeFile file, byte[] bytes) =>
        new(file, AtomicFile.Write(Path.Combine(Directory.CreateDirectory(NodeDirectory(id)).FullName, file.FileName()), bytes));

    /// <summary>Reads a tensor file of a finished node, checking it against the record.</summary>
    public Dictionary<string, Tensor> ReadTensors(NodeRecord record, NodeFile file)
    {
        var name = file.FileName();
        var bytes = File.ReadAllBytes(Path.Combine(NodeDirectory(record.Id), name));
        if (!record.Files.TryGetValue(name, out var sha) || AtomicFile.Sha256(bytes) != sha)
            throw new InvalidDataException($"node {record.Id}: {name} fails its checksum");
        return TensorFile.Deserialize(bytes);
    }

    /// <summary>Marks the node finished: writes its record (last, atomically) and removes any training state.</summary>
    public void Complete(NodeRecord record)
    {
        var dir = Directory.CreateDirectory(NodeDirectory(record.Id)).FullName;
        WriteRecord(dir, record);
        ClearTrainState(record.Id);
    }

    static void WriteRecord(string dir, NodeRecord record) =>
        AtomicFile.Write(Path.Combine(dir, RecordFile), System.Text.Encoding.UTF8.GetBytes(record.ToJson().ToString(Formatting.Indented)));

    /// <summary>The record at <paramref name="path"/>, or null when it is not a record (unreadable, half a file, another layout).</summary>
    static NodeRecord? ReadRecord(string path)
    {
        try { return NodeRecord.FromJson(JObject.Parse(File.ReadAllText(path))); }
        catch (JsonException) { return null; }
    }

    /// <summary>The epochs an unfinished step in <paramref name="dir"/> saved, from its train-state.json, or null.</summary>
    static int? SavedEpochs(string dir)
    {
        var path = Path.Combine(dir, TrainStateFile);
        if (!File.Exists(path)) return null;
        try { return (int?)JObject.Parse(File.ReadAllText(path))["epochs_done"]; }
        catch (JsonException) { return null; }
    }

    /// <summary>Saves the state of a training step at the end of <paramref name="epochsDone"/> epochs.</summary>
    public void WriteTrainState(string id, int epochsDone, IEnumerable<KeyValuePair<string, Tensor>> tensors, JObject info)
    {
        var dir = Directory.CreateDirectory(NodeDirectory(id)).FullName;
        var name = $"{TrainStatePrefix}-e{epochsDone:D4}.tensors";
        var sha = AtomicFile.Write(Path.Combine(dir, name), TensorFile.Serialize(tensors));
        info["format"] = Format;
        info["epochs_done"] = epochsDone;
        info["file"] = name;
        info["sha256"] = sha;
        AtomicFile.Write(Path.Combine(dir, TrainStateFile), System.Text.Encoding.UTF8.GetBytes(info.ToString(Formatting.Indented)));
        // Older states are no longer referenced; a crash before this line only leaves garbage that the next write removes.
        foreach (var old in Directory.GetFiles(dir, $"{TrainStatePrefix}-e*.tensors"))
            if (Path.GetFileName(old) != name) File.Delete(old);
    }

    /// <summary>
    /// The last saved state of an interrupted training step: epochs done, tensors and info; null when there is none or
    /// it fails its checksum (then training restarts from the parent, and <paramref name="discarded"/> says why).
    /// </summary>
    public (int EpochsDone, Dictionary<string, Tensor> Tensors, JObject Info)? ReadTrainState(string id, out string? discarded)
    {
        discarded = null;
        var dir = NodeDirectory(id);
        var path = Path.Combine(dir, TrainStateFile);
        if (!File.Exists(path)) return null;
        try
        {
            var info = JObject.Parse(File.ReadAllText(path));
            var file = Path.Combine(dir, (string)info["file"]!);
            if ((int?)info["format"] != Format) discarded = "saved by another store format";
            else if (!File.Exists(file)) discarded = $"{info["file"]} is missing";
            else
            {
                var bytes = File.ReadAllBytes(file);
                if (AtomicFile.Sha256(bytes) != (string?)info["sha256"]) discarded = $"{info["file"]} fails its checksum";
                else return ((int)info["epochs_done"]!, TensorFile.Deserialize(bytes), info);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or NullReferenceException) { discarded = $"unreadable: {e.Message}"; }
        ClearTrainState(id);
        return null;
    }

    /// <summary>Removes a node's training state.</summary>
    public void ClearTrainState(string id)
    {
        var dir = NodeDirectory(id);
        if (!Directory.Exists(dir)) return;
        foreach (var f in Directory.GetFiles(dir, $"{TrainStatePrefix}*")) File.Delete(f);
    }
}
