using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>What every run's report.html must be, read from its text (a real browser reads it in a later test).</summary>
static class ReportPage
{
    /// <summary>
    /// The page is self-contained (no script, no stylesheet or image fetched, every image inline PNG data that decodes
    /// as PNG, one per chart of the run folder), its results table gives results.json's scores for every output, and
    /// its plan has a step per node.
    /// </summary>
    public static void AssertSelfContainedAndFaithful(string path, JObject results)
    {
        var page = File.ReadAllText(path);
        var charts = Directory.GetFiles(Path.GetDirectoryName(path)!, "*.png").Length;
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(src|href)=""(https?:)?//", page);
        var images = Regex.Matches(page, @"<img src=""data:image/png;base64,([A-Za-z0-9+/=]+)""").Select(m => Convert.FromBase64String(m.Groups[1].Value)).ToList();
        Assert.Equal(charts, images.Count);
        Assert.Equal(charts, Regex.Matches(page, "<img ").Count);
        Assert.All(images, png => Assert.True(png.Length > 10_000 && png[1..4].SequenceEqual("PNG"u8.ToArray())));
        // Every output's row: its name, then its accuracy and NLL as results.json has them (4 decimals).
        foreach (var output in results["outputs"]!)
        {
            var row = Regex.Match(page, $@"<tr class=""\w+""><th scope=""row"">{Regex.Escape(System.Net.WebUtility.HtmlEncode((string)output["name"]!))}</th>(.*?)</tr>");
            Assert.True(row.Success, $"no row for {output["name"]}");
            var cells = Regex.Matches(row.Groups[1].Value, @"<td[^>]*>(.*?)</td>").Select(m => m.Groups[1].Value).ToList();
            Assert.Equal((Shown(output, "test_acc"), Shown(output, "test_nll")), (cells[2], cells[3]));
        }
        Assert.Equal(results["nodes"]!.Count(), Regex.Matches(page, @"<li class=""node (done|cached|failed|skipped|planned)""").Count);
        Assert.Contains($"<a href=\"results.json\">", page);
    }

    /// <summary>A score of an output of results.json as the page's table shows it: 4 decimals, or nothing.</summary>
    public static string Shown(JToken output, string metric) =>
        output["metrics"]?[metric] is { Type: JTokenType.Float } v ? ((double)v).ToString("F4", CultureInfo.InvariantCulture) : "";
}
