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
    /// its plan's picture and table have a step per node, with its status.
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
        // The plan's picture has a mark per step, each with the step's status; the steps' table a row per step.
        var marks = Regex.Matches(page, @"class=""step (done|cached|failed|skipped|planned)"" data-node=""(\w+)""").ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);
        Assert.Equal(results["nodes"]!.ToDictionary(n => (string)n["id"]!, n => (string)n["status"]!), marks);
        var steps = Regex.Match(page, "<details>\n<summary>The \\d+ steps as a table</summary>(.*?)</details>", RegexOptions.Singleline);
        Assert.True(steps.Success, "no table of the steps");
        Assert.Equal(results["nodes"]!.Count(), Regex.Matches(steps.Groups[1].Value, "<tr class=").Count);
        Assert.Contains($"<a href=\"results.json\">", page);
    }

    /// <summary>
    /// <c>ensdsl report</c> writes the page of the run folder <paramref name="folder"/> again, from a copy without it:
    /// the same bytes as the run wrote.
    /// </summary>
    public static void AssertRewrittenTheSame(string folder)
    {
        var copy = Directory.CreateTempSubdirectory("ensdsl-report-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(folder)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            File.Delete(Path.Combine(copy, "report.html"));
            var report = Ensdsl.Run(copy, ["report", "."]);
            Assert.True(report.ExitCode == 0, report.ToString());
            Assert.Equal("report.html", report.Out.Trim());
            Assert.Equal(File.ReadAllText(Path.Combine(folder, "report.html")), File.ReadAllText(Path.Combine(copy, "report.html")));
        }
        finally { Directory.Delete(copy, true); }
    }

    /// <summary>A number as the page's tables show it: 4 decimals.</summary>
    public static string F4(double v) => v.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>A score of an output of results.json as the page's table shows it: 4 decimals, or nothing.</summary>
    public static string Shown(JToken output, string metric) =>
        output["metrics"] is JObject metrics && metrics[metric] is { Type: JTokenType.Float } v ? F4((double)v) : "";
}
