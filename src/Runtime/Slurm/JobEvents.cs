using System.Globalization;
using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Training;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Slurm;

/// <summary>
/// What a job's ensdsl process reports about its nodes, one JSON object per line in the job's events file: the
/// waiting process (or <c>ensdsl collect</c>) reads them to show the same progress as a local run, to record the
/// nodes' MLflow runs, and to give a failed node its reason. The file is on the shared filesystem with the store, so
/// nothing is lost when a job or the waiting process dies; a requeued job appends to it.
/// </summary>
public abstract record JobEvent(DateTimeOffset Time, string Node)
{
    /// <summary>This event as one line of JSON.</summary>
    public string ToLine()
    {
        var j = new JObject { ["time"] = Time.ToString("o", CultureInfo.InvariantCulture), ["node"] = Node };
        switch (this)
        {
            case NodeStartedEvent: j["event"] = "started"; break;
            case EpochEndedEvent e:
                j["event"] = "epoch";
                j["epoch"] = e.Report.Epoch; j["epochs"] = e.Report.Epochs; j["loss"] = e.Report.Loss; j["acc"] = e.Report.Accuracy;
                j["seconds"] = e.Report.Seconds; j["images_per_second"] = e.Report.ImagesPerSecond;
                if (e.Report.Test is { } test) { j["test_acc"] = test.Accuracy; j["test_nll"] = test.Nll; }
                break;
            case NodeEndedEvent e:
                j["event"] = "ended"; j["status"] = e.Status.Name(); j["reason"] = e.Reason; j["interrupted"] = e.Interrupted;
                break;
            case NoteEvent e: j["event"] = "note"; j["message"] = e.Message; break;
        }
        return j.ToString(Formatting.None);
    }

    static readonly JsonSerializerSettings Dates = new() { DateParseHandling = DateParseHandling.None };

    /// <summary>The event of one line; null for a line that is not one (a torn write is never parsed: see <see cref="JobEventReader"/>).</summary>
    public static JobEvent? FromLine(string line)
    {
        try
        {
            var j = JsonConvert.DeserializeObject<JObject>(line, Dates)!;
            var time = DateTimeOffset.Parse((string)j["time"]!, CultureInfo.InvariantCulture);
            var node = (string)j["node"]!;
            return (string?)j["event"] switch
            {
                "started" => new NodeStartedEvent(time, node),
                "epoch" => new EpochEndedEvent(time, node, new EpochReport((int)j["epoch"]!, (int)j["epochs"]!, (double)j["loss"]!, (double)j["acc"]!,
                    (double)j["seconds"]!, (double)j["images_per_second"]!)
                { Test = j["test_acc"] is { } acc ? ((double)acc, (double)j["test_nll"]!) : null }),
                "ended" => new NodeEndedEvent(time, node, Enum.Parse<NodeStatus>((string)j["status"]!, ignoreCase: true), (string?)j["reason"], (bool)j["interrupted"]!),
                "note" => new NoteEvent(time, node, (string)j["message"]!),
                _ => null,
            };
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or FormatException or ArgumentException or InvalidCastException)
        {
            return null;
        }
    }
}

/// <summary>A node started computing.</summary>
public sealed record NodeStartedEvent(DateTimeOffset Time, string Node) : JobEvent(Time, Node);

/// <summary>A training node finished an epoch (its state at this epoch's end is in the store).</summary>
public sealed record EpochEndedEvent(DateTimeOffset Time, string Node, EpochReport Report) : JobEvent(Time, Node);

/// <summary>A node ended in this job's process.</summary>
public sealed record NodeEndedEvent(DateTimeOffset Time, string Node, NodeStatus Status, string? Reason, bool Interrupted) : JobEvent(Time, Node);

/// <summary>Something the user should know about a node.</summary>
public sealed record NoteEvent(DateTimeOffset Time, string Node, string Message) : JobEvent(Time, Node);

/// <summary>
/// Writes a job's events while passing every call on to <paramref name="inner"/>. Each event opens, appends and
/// closes the file: on NFS, close-to-open consistency is what makes a line visible to a reader on another host.
/// </summary>
public sealed class JobEventLog(string path, IRunObserver inner) : IRunObserver
{
    readonly Lock gate = new();

    /// <summary>True once this process finished an epoch or a node: it made progress that a rerun keeps.</summary>
    public bool MadeProgress { get; private set; }

    void Append(JobEvent e)
    {
        lock (gate) File.AppendAllText(path, e.ToLine() + "\n");
    }

    /// <inheritdoc />
    public void NodeStarted(PlanNode node)
    {
        Append(new NodeStartedEvent(DateTimeOffset.Now, node.Id));
        inner.NodeStarted(node);
    }

    /// <inheritdoc />
    public void EpochEnded(PlanNode node, EpochReport report)
    {
        MadeProgress = true;
        Append(new EpochEndedEvent(DateTimeOffset.Now, node.Id, report));
        inner.EpochEnded(node, report);
    }

    /// <inheritdoc />
    public void NodeFinished(NodeOutcome outcome)
    {
        if (outcome.Status == NodeStatus.Done) MadeProgress = true;
        Append(new NodeEndedEvent(DateTimeOffset.Now, outcome.Node.Id, outcome.Status, outcome.Error, outcome.Interrupted));
        inner.NodeFinished(outcome);
    }

    /// <inheritdoc />
    public void BatchDone(PlanNode node, BatchProgress progress) => inner.BatchDone(node, progress);

    /// <inheritdoc />
    public void Note(PlanNode node, string message)
    {
        Append(new NoteEvent(DateTimeOffset.Now, node.Id, message));
        inner.Note(node, message);
    }
}

/// <summary>Reads the events appended to a file since the last read; a line still being written waits for its end.</summary>
public sealed class JobEventReader(string path)
{
    long offset;

    /// <summary>The events written since the last call.</summary>
    public IReadOnlyList<JobEvent> ReadNew()
    {
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length <= offset) return [];
        stream.Seek(offset, SeekOrigin.Begin);
        var bytes = new byte[stream.Length - offset];
        stream.ReadExactly(bytes);
        var end = Array.LastIndexOf(bytes, (byte)'\n');
        if (end < 0) return [];
        offset += end + 1;
        return [.. System.Text.Encoding.UTF8.GetString(bytes, 0, end).Split('\n').Select(JobEvent.FromLine).OfType<JobEvent>()];
    }
}
