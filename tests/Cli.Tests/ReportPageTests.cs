using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// A run's report.html as a user opens it: in Debian's Chromium, headless, from <c>file://</c>, with nothing but the
/// page (the run of Fixtures/run/tiny.csx that other tests share).
/// </summary>
[Trait(Category.Name, Category.Browser)]
public class ReportPageTests(ITestOutputHelper output)
{
    [Fact]
    public void The_page_loads_in_a_browser_without_a_request_or_an_error_and_shows_the_runs_numbers_charts_and_steps()
    {
        var run = FinishedStores.Tiny;
        var page = Path.Combine(run.RunFolder, "report.html");
        using var browser = new Browser();
        browser.Open(page);

        // Nothing fetched but the page itself and its inline images; no console error, no exception.
        var requests = browser.Events.Where(e => (string?)e["method"] == "Network.requestWillBeSent").Select(e => (string)e["params"]!["request"]!["url"]!).ToList();
        Assert.Contains(requests, u => u.StartsWith("file:", StringComparison.Ordinal));
        Assert.All(requests, u => Assert.True(u.StartsWith("file:", StringComparison.Ordinal) || u.StartsWith("data:", StringComparison.Ordinal), $"the page requested {u}"));
        Assert.DoesNotContain(browser.Events, e => (string?)e["method"] == "Runtime.exceptionThrown");
        Assert.DoesNotContain(browser.Events, e => (string?)e["method"] == "Runtime.consoleAPICalled" && (string?)e["params"]!["type"] == "error");
        Assert.DoesNotContain(browser.Events, e => (string?)e["method"] == "Log.entryAdded" && (string?)e["params"]!["entry"]!["level"] == "error");

        // The results table as the browser laid it out: every output's scores equal results.json's.
        var rows = (JArray)browser.Evaluate("[...document.getElementById('results').nextElementSibling.tBodies[0].rows].map(r => [...r.cells].map(c => c.textContent))");
        var outputs = run.Results["outputs"]!.ToList();
        Assert.Equal(outputs.Select(o => (string)o["name"]!), rows.Select(r => (string)r[0]!));
        foreach (var (o, row) in outputs.Zip(rows))
            Assert.Equal((ReportPage.Shown(o, "test_acc"), ReportPage.Shown(o, "test_nll")), ((string)row[3]!, (string)row[4]!));

        // Every chart of the run folder is there and decoded; a step per node.
        var charts = Directory.GetFiles(run.RunFolder, "*.png").Length;
        var images = (JArray)browser.Evaluate("[...document.images].map(i => [i.complete, i.naturalWidth, i.naturalHeight])");
        Assert.Equal(charts, images.Count);
        Assert.All(images, i => Assert.True((bool)i[0]! && (int)i[1]! > 100 && (int)i[2]! > 100, $"an image not decoded: {i}"));
        Assert.Equal(run.Results["nodes"]!.Count(), (int)browser.Evaluate("document.querySelectorAll('li.node').length"));
        Assert.Equal(0, (int)browser.Evaluate("document.scripts.length"));

        var screenshot = Path.Combine(Path.GetTempPath(), "ensdsl-report-page.png");
        File.WriteAllBytes(screenshot, browser.Screenshot());
        Assert.True(new FileInfo(screenshot).Length > 10_000);
        output.WriteLine($"screenshot of {page}: {screenshot}");
    }
}
