using EnsDsl.Documents;
using EnsDsl.Planning;
using EnsDsl.Runtime.Reports;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Results;

/// <summary>
/// <c>results.json</c>: what a run produced, as one typed record written and read through <see cref="DocumentJson"/>
/// (<c>docs/results.schema.json</c> is generated from these types). <c>ensdsl compare</c>, <c>eval --run</c> and
/// <c>store gc</c> read runs through it. Items that did not finish keep their entry, with their status and error and
/// without numbers: a partial result is visibly partial, never a wrong number.
/// </summary>
/// <param name="Format">The version of this layout (<see cref="CurrentFormat"/>); files from before it had none and read as 0.</param>
/// <param name="Experiment">The experiment's name.</param>
/// <param name="Script">The script, relative to where the run started.</param>
/// <param name="Started">When the run started (ISO 8601, with its offset).</param>
/// <param name="Finished">When it finished.</param>
/// <param name="Store">The store it used.</param>
/// <param name="Plan">The plan, as <c>plan --json</c> gives it.</param>
/// <param name="Nodes">Every node's outcome, in plan order.</param>
/// <param name="Outputs">Every reported item, in report order, with its metrics and result.</param>
/// <param name="Ensembles">The ensembles: members, curve over sizes, diversity.</param>
/// <param name="Soups">The soups: members, the greedy soup's choice, BatchNorm, scores.</param>
/// <param name="Evaluations">The single models evaluated: scores.</param>
/// <param name="Analyses">Interpolation paths, basin reports and planes.</param>
/// <param name="Overrides">The <c>--set</c> values as written.</param>
/// <param name="Axes">The swept parameters, in axis order, the repetition parameter last.</param>
/// <param name="Repeat">The <c>--repeat</c> parameter, or null.</param>
/// <param name="Groups">With repetitions, each output's metrics over them.</param>
/// <param name="Comparisons">With repetitions, paired differences between outputs.</param>
/// <param name="Host">Where and with what it computed (absent in files written before it was recorded).</param>
/// <param name="Tracking">Where it is recorded in MLflow; null when it is not.</param>
public sealed record RunDocument(int Format, string Experiment, string Script, DateTimeOffset Started, DateTimeOffset Finished, string Store,
    PlanDocument Plan, IReadOnlyList<NodeEntry> Nodes, IReadOnlyList<OutputEntry> Outputs, IReadOnlyList<EnsembleEntry> Ensembles,
    IReadOnlyList<SoupEntry> Soups, IReadOnlyList<EvaluationEntry> Evaluations, IReadOnlyList<AnalysisEntry> Analyses,
    IReadOnlyDictionary<string, string> Overrides, IReadOnlyList<string> Axes, string? Repeat, IReadOnlyList<GroupEntry> Groups,
    IReadOnlyList<ComparisonEntry> Comparisons, [property: AbsentInOlderFiles] RunHost? Host = null, [property: AbsentInOlderFiles] RunTracking? Tracking = null)
{
    /// <summary>The layout this ensdsl writes. Raise it when a member changes meaning or goes away (adding one does not).</summary>
    public const int CurrentFormat = 1;

    /// <summary>The file every run folder holds.</summary>
    public const string FileName = "results.json";

    /// <summary>The document as the file's text.</summary>
    public string ToText() => DocumentJson.ToText(this);

    /// <summary>The run folder a command's argument names: the folder itself, or the folder of a results file given instead.</summary>
    public static string FolderOf(string run) => File.Exists(run) ? Path.GetDirectoryName(Path.GetFullPath(run))! : run;

    /// <summary>
    /// The results of a run folder that <c>ensdsl run</c> wrote (or the file itself), for the commands that read
    /// finished runs; null with <paramref name="problem"/> saying what is wrong and what to give instead.
    /// </summary>
    public static RunDocument? Read(string run, out string problem)
    {
        var file = Directory.Exists(run) ? Path.Combine(run, FileName) : run;
        problem = "";
        JObject json;
        try { json = JObject.Parse(File.ReadAllText(file)); }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            problem = $"{run}: no readable {FileName} ({e.Message}); give a run folder that 'ensdsl run' wrote";
            return null;
        }
        // The layout before it was versioned is this one without the version.
        var format = json["format"] is { Type: JTokenType.Integer } f ? (int)f : 0;
        if (format > CurrentFormat)
        {
            problem = $"{file}: written in results format {format} by a newer ensdsl (this one reads up to {CurrentFormat}); update ensdsl to read it";
            return null;
        }
        json["format"] = format;
        try { return DocumentJson.Read<RunDocument>(json); }
        catch (JsonException e)
        {
            problem = $"{file}: not the results of an ensdsl run ({e.Message}); give a run folder that 'ensdsl run' wrote";
            return null;
        }
    }
}

/// <summary>A node's outcome in a run.</summary>
/// <param name="Id">The node's id.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Label">Its label.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Epochs">Epochs it trains.</param>
/// <param name="Seconds">Compute time, when it finished (cached: the time it took when it was computed).</param>
/// <param name="TrainImagesPerSecond">Training throughput, for training steps.</param>
/// <param name="Metrics">Its metrics, when it finished (<see cref="MetricNames"/>; scores on the test split as <c>test_acc</c>, …).</param>
/// <param name="Error">Why it failed or was skipped.</param>
public sealed record NodeEntry(string Id, string Kind, string Label, NodeStatus Status, int Epochs, double? Seconds, double? TrainImagesPerSecond,
    IReadOnlyDictionary<string, double>? Metrics, string? Error);

/// <summary>A reported item: its node's status, metrics and result.</summary>
/// <param name="Name">Its name (with its sweep cell).</param>
/// <param name="Kind">What it is.</param>
/// <param name="Node">The node whose result it is.</param>
/// <param name="Cell">Its sweep cell, or null.</param>
/// <param name="Status">How its node ended.</param>
/// <param name="Metrics">Its node's metrics, when it finished.</param>
/// <param name="Result">Its node's structured result (an ensemble's curve, a path, a basin report), if any.</param>
public sealed record OutputEntry(string Name, OutputKind Kind, string Node, CellEntry? Cell, NodeStatus Status, IReadOnlyDictionary<string, double>? Metrics,
    [property: JsonConverter(typeof(NodeResultByShape))] NodeResult? Result)
{
    /// <summary>True when the item has numbers.</summary>
    [JsonIgnore] public bool Finished => Status.Finished();
}

/// <summary>An ensemble.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Node">Its node.</param>
/// <param name="Status">How its node ended.</param>
/// <param name="Members">Its members' model nodes, in order.</param>
/// <param name="Curve">Its scores at every size k (null when it did not finish).</param>
/// <param name="Diversity">How differently its members predict (null when it did not finish).</param>
/// <param name="Error">Why it has no result.</param>
public sealed record EnsembleEntry(string Name, string Node, NodeStatus Status, IReadOnlyList<string> Members, IReadOnlyList<CurveScores>? Curve,
    Diversity? Diversity, string? Error);

/// <summary>A soup, evaluated.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Node">Its evaluation's node.</param>
/// <param name="Status">How that node ended.</param>
/// <param name="Kind">Uniform or greedy.</param>
/// <param name="Members">The models it averages (a greedy soup: its candidates).</param>
/// <param name="Chosen">A greedy soup's members kept, in the order added; null otherwise.</param>
/// <param name="HeldOut">The held-out images a greedy soup chose on, and its accuracy on them; null otherwise (and in files written before it was recorded).</param>
/// <param name="Bn">What was done with BatchNorm statistics.</param>
/// <param name="Error">Why it has no scores.</param>
public sealed record SoupEntry(string Name, string Node, NodeStatus Status, SoupKind? Kind, IReadOnlyList<string> Members, IReadOnlyList<string>? Chosen,
    [property: AbsentInOlderFiles] HeldOutEntry? HeldOut, string? Bn, [property: JsonProperty(Order = 2)] string? Error) : ScoresOf<double?>;

/// <summary>The held-out images a greedy soup chose on.</summary>
/// <param name="Images">Their number.</param>
/// <param name="From">Which images they are: the dataset and its split.</param>
/// <param name="Acc">The soup's accuracy on them.</param>
public sealed record HeldOutEntry(int Images, string From, double Acc);

/// <summary>A single model, evaluated.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Node">Its evaluation's node.</param>
/// <param name="Status">How that node ended.</param>
/// <param name="Model">The model node evaluated.</param>
/// <param name="Error">Why it has no scores.</param>
public sealed record EvaluationEntry(string Name, string Node, NodeStatus Status, string Model, [property: JsonProperty(Order = 2)] string? Error) : ScoresOf<double?>;

/// <summary>An interpolation path or a basin report.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Node">Its node.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Kind">Interpolation or basin.</param>
/// <param name="Models">A path's two ends; a basin's members.</param>
/// <param name="Metrics">Its barriers and distances, when it finished.</param>
/// <param name="Result">The path or the report, when it finished.</param>
/// <param name="Error">Why it has no result.</param>
public sealed record AnalysisEntry(string Name, string Node, NodeStatus Status, OutputKind Kind, IReadOnlyList<string> Models,
    IReadOnlyDictionary<string, double>? Metrics, [property: JsonConverter(typeof(NodeResultByShape))] NodeResult? Result, string? Error);

/// <summary>One output over its repetitions.</summary>
/// <param name="Name">The output's name with the rest of its cell.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Axis">The repetition parameter.</param>
/// <param name="Items">The repeated items' names, in repetition order.</param>
/// <param name="Repetitions">Their values of the repetition parameter.</param>
/// <param name="N">The number of repetitions with results.</param>
/// <param name="Metrics">Each metric's summary (scores on the test split by their plain names: <c>acc</c>, …).</param>
/// <param name="Curve">An ensemble's summary at every size.</param>
public sealed record GroupEntry(string Name, OutputKind Kind, string Axis, IReadOnlyList<string> Items, IReadOnlyList<string> Repetitions, int N,
    IReadOnlyDictionary<string, SummaryEntry> Metrics, IReadOnlyList<GroupCurveEntry> Curve);

/// <summary>A metric over repetitions.</summary>
/// <param name="Mean">Its mean.</param>
/// <param name="Std">Its sample standard deviation (null for one repetition).</param>
/// <param name="Values">Its values, in repetition order.</param>
public sealed record SummaryEntry(double Mean, double? Std, IReadOnlyList<double> Values);

/// <summary>A score over repetitions, at one point of a curve.</summary>
/// <param name="Mean">Its mean.</param>
/// <param name="Std">Its sample standard deviation (null for one repetition).</param>
public sealed record MeanStd(double Mean, double? Std);

/// <summary>An ensemble's scores over repetitions at size <paramref name="K"/>.</summary>
/// <param name="K">The ensemble size.</param>
public sealed record GroupCurveEntry(int K) : ScoresOf<MeanStd>;

/// <summary>Two outputs compared over the repetitions they share: the mean of <c>A − B</c>, paired by repetition.</summary>
/// <param name="A">The first group's name.</param>
/// <param name="B">The second's.</param>
/// <param name="Metric">The metric.</param>
/// <param name="N">The number of pairs.</param>
/// <param name="Mean">The mean difference.</param>
/// <param name="Low">Its interval's lower end.</param>
/// <param name="High">Its upper end.</param>
/// <param name="Confidence">The interval's level.</param>
/// <param name="Decided">True when the interval excludes zero.</param>
public sealed record ComparisonEntry(string A, string B, string Metric, int N, double Mean, double Low, double High, double Confidence, bool Decided);
