using EnsDsl.Documents;
using EnsDsl.Planning;
using EnsDsl.Runtime.Results;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Store;

/// <summary>
/// The <c>node.json</c> of a finished node: what was computed (kind, op, parents, seed, as in the plan), how long it
/// took, its metrics and results, and the SHA-256 of each of its files. Written last, atomically: a node folder
/// without it holds no finished result.
/// </summary>
/// <param name="Format">Store format version that wrote it.</param>
/// <param name="Id">Node id.</param>
/// <param name="Kind">Node kind.</param>
/// <param name="Label">Node label.</param>
/// <param name="Seconds">Compute time.</param>
/// <param name="TrainImagesPerSecond">Training throughput, for train nodes.</param>
/// <param name="Metrics">Scalar metrics, named as in <see cref="MetricNames"/> (e.g. <c>test_acc</c>, <c>test_nll</c>).</param>
/// <param name="Result">The structured result of its kind (curves, interpolation paths), or null.</param>
/// <param name="Files">File name → SHA-256.</param>
/// <param name="Version">ensdsl version that wrote it.</param>
public sealed record NodeRecord(int Format, string Id, NodeKind Kind, string Label, double Seconds, double? TrainImagesPerSecond,
    IReadOnlyDictionary<string, double> Metrics, [property: JsonConverter(typeof(NodeResultByShape))] NodeResult? Result,
    IReadOnlyDictionary<string, string> Files, [property: JsonProperty("ensdsl")] string Version)
{
    /// <summary>What a training step's throughput was measured on (for plans' time estimates); null for other nodes and old records.</summary>
    [JsonProperty("trained_with"), AbsentInOlderFiles] public TrainedWith? Setup { get; init; }

    /// <summary>The record as JSON.</summary>
    public JObject ToJson() => DocumentJson.ToJson(this);

    /// <summary>Reads a record; null when the JSON lacks what a record needs or its result is not one of its kind.</summary>
    public static NodeRecord? FromJson(JObject j)
    {
        try { return DocumentJson.Read<NodeRecord>(j) is { } record && NodeResults.Fits(record.Kind, record.Result) ? record : null; }
        catch (JsonException) { return null; }
    }

    /// <summary>The training speed it measured, with what it was measured on; null for nodes that did not train.</summary>
    [JsonIgnore] public Throughput? Throughput => Setup is { } t && TrainImagesPerSecond is > 0 and var ips
        ? new Throughput(t.Arch, t.ImageSize, t.BatchSize, t.Device, ips) : null;
}

/// <summary>What a training step ran with, as far as its speed goes.</summary>
/// <param name="Arch">Architecture name.</param>
/// <param name="ImageSize">Training image size (0: the images' own).</param>
/// <param name="BatchSize">Batch size.</param>
/// <param name="Device">Device type: <c>cpu</c> or <c>cuda</c>.</param>
public sealed record TrainedWith(string Arch, int ImageSize, int BatchSize, string Device);
