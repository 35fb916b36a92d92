using System.Globalization;
using System.Text;

namespace EnsDsl.Runtime.Results;

/// <summary>
/// <c>results.csv</c>: the run's numbers in tidy long format, one row per (experiment, name, kind, k, metric, value),
/// ready for pandas, R or a spreadsheet pivot. <c>k</c> is the ensemble size for ensemble curves and diversity, the
/// number of members for soups, 1 for single models, the member's position for basin rows, and empty for paths.
/// Items that did not finish have no rows (results.json says why).
/// </summary>
public static class ResultsCsv
{
    /// <summary>The header line.</summary>
    public const string Header = "experiment,name,kind,k,metric,value";

    static readonly (string Column, string Metric)[] ScoreColumns =
        [("acc", "test_acc"), ("nll", "test_nll"), ("ece", "test_ece"), ("brier", "test_brier"), ("cnll", "test_cnll")];

    /// <summary>The rows of <paramref name="items"/>.</summary>
    public static IEnumerable<(string Name, string Kind, int? K, string Metric, double Value)> Rows(IEnumerable<ReportedItem> items)
    {
        foreach (var item in items.Where(i => i.HasResult))
        {
            switch (item.Kind)
            {
                case "ensemble":
                    foreach (var point in item.Result?["curve"] ?? Enumerable.Empty<Newtonsoft.Json.Linq.JToken>())
                        foreach (var (column, _) in ScoreColumns)
                            if (point[column] is { } v) yield return (item.Name, item.Kind, (int)point["k"]!, column, (double)v);
                    foreach (var d in new[] { "disagreement", "kl", "gain" })
                        if (item.Metric(d) is { } v) yield return (item.Name, item.Kind, item.Members.Count, d, v);
                    break;
                case "soup" or "evaluation":
                    int k = item.Kind == "soup" ? item.Members.Count : 1;
                    foreach (var (column, metric) in ScoreColumns)
                        if (item.Metric(metric) is { } v) yield return (item.Name, item.Kind, k, column, v);
                    break;
                case "basin":
                    foreach (var (member, i) in (item.Result?["members"] ?? Enumerable.Empty<Newtonsoft.Json.Linq.JToken>()).Select((m, i) => (m, i)))
                        foreach (var p in ((Newtonsoft.Json.Linq.JObject)member).Properties().Where(p => p.Value.Type is Newtonsoft.Json.Linq.JTokenType.Float or Newtonsoft.Json.Linq.JTokenType.Integer))
                            yield return (item.Name, item.Kind, i + 1, p.Name, (double)p.Value);
                    break;
                default:
                    foreach (var (metric, v) in item.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
                        yield return (item.Name, item.Kind, null, metric, v);
                    break;
            }
        }
    }

    /// <summary>The CSV text for <paramref name="experiment"/>.</summary>
    public static string Build(string experiment, IEnumerable<ReportedItem> items)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var (name, kind, k, metric, value) in Rows(items))
            text.Append(Field(experiment)).Append(',').Append(Field(name)).Append(',').Append(kind).Append(',')
                .Append(k?.ToString(CultureInfo.InvariantCulture)).Append(',').Append(metric).Append(',')
                .Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return text.ToString();
    }

    // RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
    static string Field(string value) => value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";
}
