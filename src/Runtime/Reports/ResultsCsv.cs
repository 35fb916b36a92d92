using System.Globalization;
using System.Text;
using EnsDsl.Planning;
using EnsDsl.Runtime.Results;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// <c>results.csv</c>: the run's numbers in tidy long format, one row per (experiment, name, kind, k, metric, value),
/// ready for pandas, R or a spreadsheet pivot. <c>k</c> is the ensemble size for ensemble curves and diversity, the
/// number of members for soups, 1 for single models, the member's position for basin rows, and empty for paths.
/// Items that did not finish have no rows (results.json says why). With <c>--repeat</c>, each group of repetitions
/// adds rows under its own name whose <c>stat</c> is <c>mean</c>, <c>std</c> or <c>n</c>; a single run's rows leave
/// <c>stat</c> empty. A sweep adds one column per swept parameter, after <c>stat</c>, with the row's value of it.
/// </summary>
public static class ResultsCsv
{
    /// <summary>The header line.</summary>
    public const string Header = "experiment,name,kind,k,metric,value,stat";

    /// <summary>The rows of <paramref name="items"/>.</summary>
    public static IEnumerable<(string Name, string Kind, int? K, string Metric, double Value)> Rows(IEnumerable<ReportedItem> items)
    {
        foreach (var item in items.Where(i => i.HasResult))
        {
            var kind = item.Kind.Name();
            switch (item.Kind, item.Result)
            {
                case (OutputKind.Ensemble, EnsembleResult ensemble):
                    foreach (var point in ensemble.Curve)
                        foreach (var (metric, v) in point.Reported()) yield return (item.Name, kind, point.K, metric, v);
                    foreach (var d in new[] { MetricNames.Disagreement, MetricNames.Kl, MetricNames.Gain })
                        if (item.Metric(d) is { } v) yield return (item.Name, kind, item.Members.Count, d, v);
                    break;
                case (OutputKind.Soup or OutputKind.Evaluation, _):
                    int k = item.Kind == OutputKind.Soup ? item.Members.Count : 1;
                    foreach (var metric in MetricNames.Reported)
                        if (item.Score(metric) is { } v) yield return (item.Name, kind, k, metric, v);
                    break;
                case (OutputKind.Basin, BasinResult basin):
                    foreach (var (member, i) in basin.Members.Select((m, i) => (m, i)))
                        foreach (var (metric, v) in Numbers(member)) yield return (item.Name, kind, i + 1, metric, v);
                    break;
                default:
                    foreach (var (metric, v) in item.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
                        yield return (item.Name, kind, null, metric, v);
                    break;
            }
        }
    }

    // A basin member's numbers, named as in results.json; its stages' as STAGE/NAME (layer3/relative_to_pretrained).
    static IEnumerable<(string, double)> Numbers(BasinMember member) =>
        NumbersOf(member).Concat((member.Stages ?? []).SelectMany(stage => NumbersOf(stage).Select(n => ($"{stage.Stage}/{n.Name}", n.Value))));

    static IEnumerable<(string Name, double Value)> NumbersOf(object part) =>
        NodeResults.PartToJson(part).Children<Newtonsoft.Json.Linq.JProperty>()
            .Where(p => p.Value.Type is Newtonsoft.Json.Linq.JTokenType.Float or Newtonsoft.Json.Linq.JTokenType.Integer)
            .Select(p => (p.Name, (double)p.Value));

    /// <summary>The rows of the groups of repetitions: each metric's mean, std (when there are two or more) and n; ensembles per size.</summary>
    public static IEnumerable<(string Name, string Kind, int? K, string Metric, double Value, string Stat)> GroupRows(IEnumerable<ItemGroup> groups)
    {
        static IEnumerable<(double, string)> Stats(Summary s) =>
            s.Std is { } std ? [(s.Mean, "mean"), (std, "std"), (s.N, "n")] : [(s.Mean, "mean"), (s.N, "n")];
        foreach (var g in groups)
        {
            var kind = g.Kind.Name();
            foreach (var point in g.Curve)
                foreach (var (metric, summary) in point.Scores)
                    foreach (var (value, stat) in Stats(summary)) yield return (g.Name, kind, point.K, metric, value, stat);
            foreach (var (metric, summary) in g.Metrics.Where(m => g.Curve.Count == 0 || !MetricNames.Reported.Contains(m.Key)))
                foreach (var (value, stat) in Stats(summary)) yield return (g.Name, kind, null, metric, value, stat);
        }
    }

    /// <summary>
    /// The CSV text for <paramref name="experiment"/>: the items' rows, then the groups' (<paramref name="groups"/>),
    /// with a column for each swept parameter (<paramref name="axes"/>) holding the row's value of it.
    /// </summary>
    public static string Build(string experiment, IReadOnlyList<ReportedItem> items, IEnumerable<ItemGroup>? groups = null, IReadOnlyList<string>? axes = null)
    {
        axes ??= [];
        var text = new StringBuilder(Header);
        foreach (var axis in axes) text.Append(',').Append(Field(axis));
        text.Append('\n');
        void Row(string name, string kind, int? k, string metric, double value, string stat, SweepCell? cell)
        {
            text.Append(Field(experiment)).Append(',').Append(Field(name)).Append(',').Append(kind).Append(',')
                .Append(k?.ToString(CultureInfo.InvariantCulture)).Append(',').Append(metric).Append(',')
                .Append(value.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(stat);
            foreach (var axis in axes) text.Append(',').Append(Field(cell?.ValueOf(axis) ?? ""));
            text.Append('\n');
        }
        var cells = items.GroupBy(i => i.Name).ToDictionary(g => g.Key, g => g.First().Cell);
        foreach (var (name, kind, k, metric, value) in Rows(items)) Row(name, kind, k, metric, value, "", cells[name]);
        foreach (var g in groups ?? [])
            foreach (var (name, kind, k, metric, value, stat) in GroupRows([g])) Row(name, kind, k, metric, value, stat, g.Rest);
        return text.ToString();
    }

    /// <summary>A CSV field: quoted when it holds a comma, a quote or a line break, its quotes doubled (RFC 4180).</summary>
    internal static string Field(string value) => value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";
}
