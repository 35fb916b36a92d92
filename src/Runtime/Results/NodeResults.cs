using EnsDsl.Documents;
using EnsDsl.Planning;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Results;

/// <summary>
/// The structured result of a finished node, one record per kind that has one: the <c>result</c> of its
/// <c>node.json</c>, and what results files, charts, the console and MLflow read. Scalar metrics are beside it in the
/// record (<see cref="MetricNames"/>). Evaluations, initialisations and uniform soups have metrics or weights only.
/// </summary>
public abstract record NodeResult;

/// <summary>A loaded checkpoint.</summary>
/// <param name="Format">How the file wrapped its state dict (<c>model_state</c>, <c>state_dict</c>, <c>model</c>, <c>bare</c>).</param>
/// <param name="HeadClasses">Classes of the checkpoint's own head, if it has one.</param>
/// <param name="Tensors">Tensors in the state dict.</param>
public sealed record PretrainedResult(string Format, int? HeadClasses, int Tensors) : NodeResult;

/// <summary>A training step, whose test predictions are cached with its weights.</summary>
/// <param name="TestData">The spec of the data whose test split was predicted.</param>
public sealed record TrainResult(string TestData) : NodeResult;

/// <summary>The scores of the ensemble of the first <see cref="K"/> members.</summary>
public sealed record CurveScores : ScoresOf<double>
{
    /// <summary>The scores of the ensemble of the first <paramref name="k"/> members (fill them with <see cref="ScoresOf{T}.Filled"/>).</summary>
    [JsonConstructor]
    public CurveScores(int k) => K = k;

    /// <summary>The scores of the ensemble of the first <paramref name="k"/> members.</summary>
    public CurveScores(int k, double accuracy, double nll, double ece, double brier, double calibratedNll) =>
        (K, Accuracy, Nll, Ece, Brier, CalibratedNll) = (k, accuracy, nll, ece, brier, calibratedNll);

    /// <summary>The ensemble size.</summary>
    public int K { get; init; }
}

/// <summary>An ensemble: its curve over sizes k = 1..K and its members' diversity.</summary>
/// <param name="Members">The member model nodes, in order.</param>
/// <param name="Curve">One point per size.</param>
/// <param name="Diversity">How differently the members predict.</param>
public sealed record EnsembleResult(IReadOnlyList<string> Members, IReadOnlyList<CurveScores> Curve, Diversity Diversity) : NodeResult;

/// <summary>The held-out images a greedy soup chose on.</summary>
/// <param name="Images">Their number.</param>
/// <param name="From">Which images they are, for people: the dataset and its split.</param>
public sealed record HeldOutSplit(int Images, string From);

/// <summary>A greedy soup's choice.</summary>
/// <param name="HeldOut">The split it chose on.</param>
/// <param name="MemberHeldOutAcc">Each member's held-out accuracy, in member order.</param>
/// <param name="Order">Member nodes by held-out accuracy, best first.</param>
/// <param name="Chosen">The members kept, in the order they were added.</param>
/// <param name="HeldOutAcc">The soup's held-out accuracy.</param>
public sealed record GreedySoupResult(HeldOutSplit HeldOut, IReadOnlyList<double> MemberHeldOutAcc, IReadOnlyList<string> Order,
    IReadOnlyList<string> Chosen, double HeldOutAcc) : NodeResult;

/// <summary>Loss and error along a straight line between two models.</summary>
/// <param name="Alpha">The points α.</param>
/// <param name="Nll">Test NLL at each point.</param>
/// <param name="Error">Test error at each point.</param>
public sealed record InterpolationResult(IReadOnlyList<double> Alpha,
    [property: JsonProperty(MetricNames.TestNll)] IReadOnlyList<double> Nll,
    [property: JsonProperty(MetricNames.TestError)] IReadOnlyList<double> Error) : NodeResult;

/// <summary>One member of a basin report.</summary>
/// <param name="Id">The member's node.</param>
/// <param name="Label">Its label.</param>
/// <param name="ErrorBarrier">Error barrier on the line to the centre (0 for the centre itself).</param>
/// <param name="LossBarrier">Loss barrier on that line.</param>
/// <param name="DistanceToCenter">L2 distance to the centre.</param>
/// <param name="DistanceToPretrained">L2 distance to the weights its fine-tune started from, if any.</param>
/// <param name="PathTestErr">Test error along the line (null for the centre).</param>
/// <param name="Stages">The distances stage by stage (null in results of builds before they were measured).</param>
public sealed record BasinMember(string Id, string Label,
    [property: JsonProperty(MetricNames.ErrorBarrier)] double ErrorBarrier,
    [property: JsonProperty(MetricNames.LossBarrier)] double LossBarrier,
    double DistanceToCenter, double? DistanceToPretrained, IReadOnlyList<double>? PathTestErr,
    [property: AbsentInOlderFiles] IReadOnlyList<StageDistance>? Stages = null);

/// <summary>
/// How far one stage of a member's network (<c>conv1</c>, <c>layer3</c>, a Swin's <c>layers.2</c>; head and BN
/// statistics left out) lies from the centre and from the weights its fine-tune started from: the L2 distance and the
/// relative change ‖w − w₀‖/‖w₀‖.
/// </summary>
/// <param name="Stage">The stage.</param>
/// <param name="ToCenter">‖w − w_centre‖ over the stage.</param>
/// <param name="RelativeToCenter">‖w − w_centre‖/‖w_centre‖.</param>
/// <param name="ToPretrained">‖w − w_pretrained‖, when the member has pre-trained weights.</param>
/// <param name="RelativeToPretrained">‖w − w_pretrained‖/‖w_pretrained‖, likewise.</param>
public sealed record StageDistance(string Stage, double ToCenter, double RelativeToCenter, double? ToPretrained, double? RelativeToPretrained);

/// <summary>A basin report.</summary>
/// <param name="Center">The centre's node.</param>
/// <param name="Pretrained">The weights the centre's fine-tune started from, if any.</param>
/// <param name="CenterDistanceToPretrained">The centre's L2 distance to them.</param>
/// <param name="Points">Points on each line.</param>
/// <param name="Bn">What happened to BN statistics along the lines.</param>
/// <param name="Members">One row per member.</param>
/// <param name="PairwiseDistances">L2 distances between members (a symmetric matrix).</param>
public sealed record BasinResult(string Center, string? Pretrained, double? CenterDistanceToPretrained, int Points, string Bn,
    IReadOnlyList<BasinMember> Members, IReadOnlyList<IReadOnlyList<double>> PairwiseDistances) : NodeResult;

/// <summary>Where a model lies relative to a plane.</summary>
/// <param name="Id">Its node.</param>
/// <param name="X">Its first coordinate (along b − a, from a).</param>
/// <param name="Y">Its second coordinate.</param>
/// <param name="DistanceToPlane">Its L2 distance to the plane (0 for the three that span it).</param>
public sealed record PlanePosition(string Id, double X, double Y, double DistanceToPlane);

/// <summary>
/// The frame of a plane through a, b and c: the orthonormal basis (a at (0, 0), b at (<see cref="B"/>, 0), c at
/// (<see cref="Cx"/>, <see cref="Cy"/>)), where every model of the plane lies, and the grid's coordinates, which span
/// them all.
/// </summary>
/// <param name="B">‖b − a‖.</param>
/// <param name="Cx">c's first coordinate.</param>
/// <param name="Cy">c's second coordinate (its distance from the line through a and b).</param>
/// <param name="X">The grid's first coordinates, ascending.</param>
/// <param name="Y">The grid's second coordinates, ascending.</param>
/// <param name="Models">a, b, c, then the projected models.</param>
public sealed record PlaneFrameResult(double B, double Cx, double Cy, IReadOnlyList<double> X, IReadOnlyList<double> Y,
    IReadOnlyList<PlanePosition> Models) : NodeResult;

/// <summary>Where one point of a plane's grid lies, and what it is made of.</summary>
/// <param name="X">Its first coordinate (along b − a).</param>
/// <param name="Y">Its second coordinate.</param>
/// <param name="Mix">Its weights as α·a + β·b + γ·c: [α, β, γ].</param>
public sealed record PlanePointResult(double X, double Y, IReadOnlyList<double> Mix) : NodeResult;

/// <summary>A model on a plane's picture.</summary>
/// <param name="Id">Its node.</param>
/// <param name="Label">Its label.</param>
/// <param name="X">Its first coordinate (along b − a, from a).</param>
/// <param name="Y">Its second coordinate.</param>
/// <param name="DistanceToPlane">Its L2 distance to the plane (0 for the three that span it).</param>
/// <param name="Spans">True for the three models that span the plane, false for projected ones.</param>
public sealed record PlaneModel(string Id, string Label, double X, double Y, double DistanceToPlane, bool Spans);

/// <summary>
/// A plane through three models: the grid's coordinates and its test error and NLL, row by row (row i at
/// <see cref="Y"/>[i], column j at <see cref="X"/>[j]), and where each model lies.
/// </summary>
/// <param name="X">The grid's first coordinates, ascending.</param>
/// <param name="Y">The grid's second coordinates, ascending.</param>
/// <param name="Error">Test error at each point: one row per <see cref="Y"/>.</param>
/// <param name="Nll">Test NLL at each point: one row per <see cref="Y"/>.</param>
/// <param name="Models">The three models that span it, then the projected ones.</param>
/// <param name="Bn">What happened to BN statistics at the points.</param>
public sealed record PlaneResult(IReadOnlyList<double> X, IReadOnlyList<double> Y,
    [property: JsonProperty(MetricNames.TestError)] IReadOnlyList<IReadOnlyList<double>> Error,
    [property: JsonProperty(MetricNames.TestNll)] IReadOnlyList<IReadOnlyList<double>> Nll,
    IReadOnlyList<PlaneModel> Models, string Bn) : NodeResult;

/// <summary>Node results as the JSON of <c>node.json</c> and <c>results.json</c>: the one place they are written and read.</summary>
public static class NodeResults
{
    /// <summary>
    /// Each node kind with a result: its result's type, and the member only that type has, by which a result is read
    /// where its kind is not beside it (an output's result).
    /// </summary>
    static readonly (NodeKind Kind, Type Type, string Member)[] Kinds =
    [
        (NodeKind.Pretrained, typeof(PretrainedResult), "tensors"),
        (NodeKind.Train, typeof(TrainResult), "test_data"),
        (NodeKind.Soup, typeof(GreedySoupResult), "held_out"),
        (NodeKind.Ensemble, typeof(EnsembleResult), "curve"),
        (NodeKind.Interpolate, typeof(InterpolationResult), "alpha"),
        (NodeKind.Basin, typeof(BasinResult), "center"),
        (NodeKind.PlaneFrame, typeof(PlaneFrameResult), "cy"),
        (NodeKind.PlanePoint, typeof(PlanePointResult), "mix"),
        (NodeKind.Plane, typeof(PlaneResult), "models"),
    ];

    /// <summary>True when <paramref name="result"/> is what a node of <paramref name="kind"/> gives (or none at all).</summary>
    public static bool Fits(NodeKind kind, NodeResult? result) => result is null || Kinds.Any(k => k.Kind == kind && k.Type == result.GetType());

    /// <summary>The JSON of a result (null for none).</summary>
    public static JToken? ToJson(NodeResult? result) => result is null ? null : PartToJson(result);

    /// <summary>The JSON of a part of a result (a curve, a diversity), written as within the whole.</summary>
    public static JToken PartToJson(object part) => JToken.FromObject(part, DocumentJson.Serializer);

    /// <summary>A result of <paramref name="kind"/> read back (null for kinds without one); throws <see cref="JsonException"/> when the JSON is not one.</summary>
    public static NodeResult? FromJson(NodeKind kind, JToken? json)
    {
        if (json is null || !Kinds.Any(k => k.Kind == kind)) return null;
        var result = Read(json, DocumentJson.Serializer);
        return Fits(kind, result) ? result : throw new JsonSerializationException($"not a {kind.Name()} result: a {result!.GetType().Name}");
    }

    /// <summary>A result read by the member only its type has; null for JSON null.</summary>
    /// <exception cref="JsonException">The JSON is no result ensdsl writes, or lacks one of its members.</exception>
    public static NodeResult? Read(JToken json, JsonSerializer serializer)
    {
        if (json.Type == JTokenType.Null) return null;
        var type = json is JObject o ? Kinds.FirstOrDefault(k => o.ContainsKey(k.Member)).Type : null;
        var text = json.ToString(Formatting.None);
        return type is null ? throw new JsonSerializationException($"a result of no kind ensdsl writes: {text[..Math.Min(80, text.Length)]}")
            : (NodeResult?)json.ToObject(type, serializer);
    }
}

/// <summary>
/// Reads a node's or an output's result by the member only its type has (<see cref="NodeResults.Read"/>): the kind
/// beside it says the same (a node's kind, an output's kind), and this keeps the entry a plain record.
/// </summary>
public sealed class NodeResultByShape : JsonConverter
{
    /// <inheritdoc />
    public override bool CanConvert(Type objectType) => objectType == typeof(NodeResult);

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer) => throw new NotSupportedException();

    /// <inheritdoc />
    public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
        NodeResults.Read(JToken.Load(reader), serializer);
}
