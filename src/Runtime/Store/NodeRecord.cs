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
/// <param name="Metrics">Scalar metrics (e.g. <c>test_acc</c>, <c>test_nll</c>).</param>
/// <param name="Result">Structured results (curves, interpolation paths), or null.</param>
/// <param name="Files">File name → SHA-256.</param>
/// <param name="Version">ensdsl version that wrote it.</param>
public sealed record NodeRecord(int Format, string Id, string Kind, string Label, double Seconds, double? TrainImagesPerSecond,
    IReadOnlyDictionary<string, double> Metrics, JToken? Result, IReadOnlyDictionary<string, string> Files, string Version)
{
    /// <summary>The record as JSON.</summary>
    public JObject ToJson() => new()
    {
        ["format"] = Format,
        ["id"] = Id,
        ["kind"] = Kind,
        ["label"] = Label,
        ["seconds"] = Seconds,
        ["train_images_per_second"] = TrainImagesPerSecond,
        ["metrics"] = JObject.FromObject(Metrics),
        ["result"] = Result,
        ["files"] = JObject.FromObject(Files),
        ["ensdsl"] = Version,
    };

    /// <summary>Reads a record; null when the JSON lacks what a record needs.</summary>
    public static NodeRecord? FromJson(JObject j)
    {
        if (j["format"]?.Type != JTokenType.Integer || j["id"] is null || j["files"] is not JObject files) return null;
        return new NodeRecord((int)j["format"]!, (string)j["id"]!, (string?)j["kind"] ?? "", (string?)j["label"] ?? "",
            (double?)j["seconds"] ?? 0, (double?)j["train_images_per_second"],
            (j["metrics"] as JObject)?.Properties().ToDictionary(p => p.Name, p => (double)p.Value) ?? [],
            j["result"] is { Type: not JTokenType.Null } r ? r : null,
            files.Properties().ToDictionary(p => p.Name, p => (string)p.Value!), (string?)j["ensdsl"] ?? "");
    }
}
