using EnsDsl.Documents;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Planning;

/// <summary>
/// The plan as a file: what <c>ensdsl plan --json</c> prints and the <c>plan</c> of results.json, written and read
/// through <see cref="DocumentJson"/>.
/// </summary>
/// <param name="Nodes">Every node, parents first.</param>
/// <param name="Outputs">The reported items.</param>
/// <param name="Totals">What the plan costs.</param>
/// <param name="Diagnostics">The planner's warnings and errors.</param>
public sealed record PlanDocument(IReadOnlyList<PlanNodeEntry> Nodes, IReadOnlyList<PlanOutputEntry> Outputs, PlanTotalsEntry Totals,
    IReadOnlyList<DiagnosticEntry> Diagnostics)
{
    /// <summary>The document of <paramref name="plan"/>.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="relativeTo">Directory that script locations are made relative to (null keeps them as they are).</param>
    /// <param name="devices">When given, the totals include the makespan on that many devices (<see cref="Makespan"/>).</param>
    /// <param name="store">What the store already holds of the plan: the totals then say what is cached and what it adds.</param>
    public static PlanDocument Of(Plan plan, string? relativeTo = null, int? devices = null, StoreState? store = null) => new(
        [.. plan.Nodes.Select(n => PlanNodeEntry.Of(n, relativeTo))],
        [.. plan.Outputs.Select(o => new PlanOutputEntry(o.Name, o.Kind, o.NodeId, Location(o.Origin, relativeTo), o.Sweep, CellEntry.Of(o.Cell),
            [.. o.Covers.Select(c => c.Label)]))],
        PlanTotalsEntry.Of(plan, devices, store),
        [.. plan.Diagnostics.Select(d => new DiagnosticEntry(d.Severity, d.Code, d.Message, Location(d.Origin, relativeTo)))]);

    /// <summary>A script location as <c>file:line</c>, the file relative to <paramref name="relativeTo"/>; null when unknown.</summary>
    internal static string? Location(Origin origin, string? relativeTo)
    {
        if (!origin.IsKnown) return null;
        var file = relativeTo is null ? origin.File : Path.GetRelativePath(relativeTo, origin.File);
        return $"{file}:{origin.Line}";
    }
}

/// <summary>A node of the plan document.</summary>
/// <param name="Id">Its content-addressed id.</param>
/// <param name="Kind">Its kind, as ids hash it.</param>
/// <param name="Label">Its label for people.</param>
/// <param name="Parents">The ids of the nodes it needs.</param>
/// <param name="Epochs">Epochs it trains (0 for nodes that do not train).</param>
/// <param name="Seed">Its seed.</param>
/// <param name="LrPerEpoch">A training step's learning rate per epoch, when it changes once an epoch.</param>
/// <param name="LrSchedule">A training step's schedule, when its rate changes every batch.</param>
/// <param name="Op">Its resolved hyper-parameters, as its id hashes them.</param>
/// <param name="Locations">The script lines that asked for it (<c>file:line</c>).</param>
public sealed record PlanNodeEntry(string Id, string Kind, string Label, IReadOnlyList<string> Parents, int Epochs, int? Seed,
    [property: JsonProperty(NullValueHandling = NullValueHandling.Ignore)] IReadOnlyList<double>? LrPerEpoch,
    [property: JsonProperty(NullValueHandling = NullValueHandling.Ignore)] LrScheduleEntry? LrSchedule,
    JObject Op, IReadOnlyList<string?> Locations)
{
    /// <summary>The entry of <paramref name="n"/>.</summary>
    public static PlanNodeEntry Of(PlanNode n, string? relativeTo)
    {
        var (perEpoch, schedule) = n is TrainNode { Step: var step } train
            ? train.LrPerEpoch is { } lrs ? (lrs, null)
                : ((IReadOnlyList<double>?)null, new LrScheduleEntry(true, step.Schedule.Describe(), step.Schedule is Repeat r ? r.CycleEpochs : step.Epochs))
            : (null, (LrScheduleEntry?)null);
        return new PlanNodeEntry(n.Id, n.KindName, n.Label, n.Parents, n.Epochs, n.Seed, perEpoch, schedule, (JObject)ToToken(NodeOp.Canonical(n)),
            [.. n.Origins.Select(o => PlanDocument.Location(o, relativeTo))]);
    }

    static JToken ToToken(object? value) => value switch
    {
        null => JValue.CreateNull(),
        SortedDictionary<string, object?> map => new JObject(map.Select(kv => new JProperty(kv.Key, ToToken(kv.Value)))),
        string s => new JValue(s),
        System.Collections.IEnumerable list => new JArray(list.Cast<object?>().Select(ToToken)),
        _ => new JValue(value),
    };
}

/// <summary>A training step's per-batch learning-rate schedule.</summary>
/// <param name="PerBatch">Always true: the rate changes every batch.</param>
/// <param name="Formula">The schedule, as a formula.</param>
/// <param name="CycleEpochs">Epochs of one cycle (the step's epochs when it does not repeat).</param>
public sealed record LrScheduleEntry(bool PerBatch, string Formula, int CycleEpochs);

/// <summary>A reported item of the plan document.</summary>
/// <param name="Name">Its name (with its sweep cell).</param>
/// <param name="Kind">What it is.</param>
/// <param name="Node">The node whose result it is.</param>
/// <param name="Location">The script line that reported it.</param>
/// <param name="Sweep">Its sweep cell as written in its name, or null.</param>
/// <param name="Cell">Its sweep cell, parameter by parameter, or null.</param>
/// <param name="Covers">The cells it answers when its node is the same in several.</param>
public sealed record PlanOutputEntry(string Name, OutputKind Kind, string Node, string? Location, string? Sweep, CellEntry? Cell, IReadOnlyList<string> Covers);

/// <summary>A sweep cell: each swept parameter's value, as written.</summary>
public sealed class CellEntry : Dictionary<string, string>
{
    /// <summary>The entry of <paramref name="cell"/>, or null.</summary>
    public static CellEntry? Of(SweepCell? cell)
    {
        if (cell is null) return null;
        var entry = new CellEntry();
        foreach (var v in cell.Values) entry[v.Key] = v.Value;
        return entry;
    }
}

/// <summary>What the plan costs, and with a store what is cached and what it adds.</summary>
/// <param name="Epochs">Epochs trained by the plan (each node once).</param>
/// <param name="EpochsWithoutSharing">Epochs if every item trained what it needs alone.</param>
/// <param name="EpochsSaved">The difference.</param>
/// <param name="CriticalPathEpochs">Epochs on the longest chain of training steps.</param>
public sealed record PlanTotalsEntry(int Epochs, int EpochsWithoutSharing, int EpochsSaved, int CriticalPathEpochs)
{
    /// <summary>Nodes the store has finished (with a store).</summary>
    [JsonProperty(NullValueHandling = NullValueHandling.Ignore)] public int? NodesCached { get; init; }

    /// <summary>Epochs the store holds (with a store).</summary>
    [JsonProperty(NullValueHandling = NullValueHandling.Ignore)] public int? EpochsCached { get; init; }

    /// <summary>Epochs left to train (with a store).</summary>
    [JsonProperty(NullValueHandling = NullValueHandling.Ignore)] public int? EpochsToTrain { get; init; }

    /// <summary>Training steps left (with a store).</summary>
    [JsonProperty(NullValueHandling = NullValueHandling.Ignore)] public int? TrainStepsLeft { get; init; }

    /// <summary>Of those, the steps the store's measured speeds estimate (with a store).</summary>
    [JsonProperty(NullValueHandling = NullValueHandling.Ignore)] public int? TrainStepsEstimated { get; init; }

    /// <summary>Seconds those steps should take, or null when none is estimated (written with a store).</summary>
    public double? TrainSecondsEstimate { get; init; }

    /// <summary>Bytes the plan adds to the store (with a store).</summary>
    [JsonProperty(NullValueHandling = NullValueHandling.Ignore)] public long? DiskBytes { get; init; }

    /// <summary>What those bytes are (with a store).</summary>
    [JsonProperty(NullValueHandling = NullValueHandling.Ignore)] public DiskEntry? Disk { get; init; }

    /// <summary>Devices the makespan is for (<c>plan --devices N</c>).</summary>
    [JsonProperty(NullValueHandling = NullValueHandling.Ignore)] public int? Devices { get; init; }

    /// <summary>Epochs on the critical schedule over <see cref="Devices"/>.</summary>
    [JsonProperty(NullValueHandling = NullValueHandling.Ignore)] public int? MakespanEpochs { get; init; }

    /// <summary>The totals of <paramref name="plan"/>.</summary>
    public static PlanTotalsEntry Of(Plan plan, int? devices, StoreState? store)
    {
        var totals = new PlanTotalsEntry(plan.Totals.Epochs, plan.Totals.EpochsWithoutSharing, plan.Totals.EpochsSaved, plan.Totals.CriticalPathEpochs);
        if (store is not null)
        {
            var add = store.ToAdd(plan);
            var time = store.TimeToTrain(plan);
            totals = totals with
            {
                NodesCached = store.NodesCached(plan), EpochsCached = store.EpochsCached(plan), EpochsToTrain = store.EpochsToTrain(plan),
                TrainStepsLeft = time.Steps, TrainStepsEstimated = time.Estimated,
                TrainSecondsEstimate = time.Estimated > 0 ? Math.Round(time.Seconds, 1) : null,
                DiskBytes = add.Bytes, Disk = new DiskEntry(add.Weights, add.OptimizerState, add.Predictions, add.TrainingState, add.Exact),
            };
        }
        if (devices is { } n) totals = totals with { Devices = n, MakespanEpochs = Makespan.Epochs(plan, n) };
        return totals;
    }

    /// <summary>Keeps <see cref="TrainSecondsEstimate"/>'s null out of plans made without a store, as before it was typed.</summary>
    public bool ShouldSerializeTrainSecondsEstimate() => TrainStepsLeft is not null;
}

/// <summary>What a plan adds to the store, by kind of file.</summary>
/// <param name="Weights">Model weights.</param>
/// <param name="OptimizerState">Optimizer states kept for continued training.</param>
/// <param name="Predictions">Cached test predictions.</param>
/// <param name="TrainingState">The room one running step needs for its resumable state.</param>
/// <param name="Exact">True when every size is known rather than estimated.</param>
public sealed record DiskEntry(long Weights, long OptimizerState, long Predictions, long TrainingState, bool Exact);

/// <summary>A planner's diagnostic.</summary>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">Its code (<c>ENSxxxx</c>).</param>
/// <param name="Message">What is wrong and what to do.</param>
/// <param name="Location">The script line, when known.</param>
public sealed record DiagnosticEntry(Severity Severity, string Code, string Message, string? Location);
