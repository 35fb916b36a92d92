using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// Pages as a user opens them: in Debian's Chromium, headless, from <c>file://</c>, with nothing but the page — a
/// run's report.html (the run of Fixtures/run/tiny.csx that other tests share), the 713-step claims run's page written
/// by <c>ensdsl report</c> from docs/claims, and a <c>compare --html</c> page.
/// </summary>
[Trait(Category.Name, Category.Browser)]
public class ReportPageTests(ITestOutputHelper output) : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("ensdsl-pages-").FullName;

    public void Dispose() => Directory.Delete(root, true);

    [Fact]
    public void The_page_loads_in_a_browser_without_a_request_or_an_error_and_shows_the_runs_numbers_charts_and_steps()
    {
        var run = FinishedStores.Tiny;
        var page = Path.Combine(run.RunFolder, "report.html");
        using var browser = new Browser();
        browser.Open(page);
        AssertLoadedAlone(browser);

        // The results table as the browser laid it out: every output's scores equal results.json's.
        var rows = (JArray)browser.Evaluate("[...document.getElementById('results').nextElementSibling.tBodies[0].rows].map(r => [...r.cells].map(c => c.textContent))");
        var outputs = run.Results["outputs"]!.ToList();
        Assert.Equal(outputs.Select(o => (string)o["name"]!), rows.Select(r => (string)r[0]!));
        foreach (var (o, row) in outputs.Zip(rows))
            Assert.Equal((ReportPage.Shown(o, "test_acc"), ReportPage.Shown(o, "test_nll")), ((string)row[3]!, (string)row[4]!));

        // Every chart of the run folder is there and decoded; the plan's picture has a mark per step.
        var charts = Directory.GetFiles(run.RunFolder, "*.png").Length;
        var images = (JArray)browser.Evaluate("[...document.images].map(i => [i.complete, i.naturalWidth, i.naturalHeight])");
        Assert.Equal(charts, images.Count);
        Assert.All(images, i => Assert.True((bool)i[0]! && (int)i[1]! > 100 && (int)i[2]! > 100, $"an image not decoded: {i}"));
        AssertPlanDrawn(browser, run.Results);
        Assert.Equal(0, (int)browser.Evaluate("document.scripts.length"));
        // Accessible basics: one h1 and then h2 sections; every table has a caption and header cells with their scope;
        // the four statuses differ by border (dash pattern or width), not by colour alone, so they tell apart in greyscale.
        Assert.Equal("H1", (string?)browser.Evaluate("document.querySelector('main').firstElementChild.tagName"));
        Assert.Equal(0, (int)browser.Evaluate("[...document.querySelectorAll('h1, h2, h3')].filter((h, i) => (i === 0) !== (h.tagName === 'H1')).length"));
        Assert.Equal(0, (int)browser.Evaluate("[...document.querySelectorAll('table')].filter(t => !t.caption || t.querySelectorAll('th[scope]').length === 0).length"));
        var borders = (JArray)browser.Evaluate("[...document.querySelectorAll('.key rect')].map(r => getComputedStyle(r)).map(c => c.strokeDasharray + ' ' + c.strokeWidth)");
        Assert.Equal(4, borders.Select(b => b.ToString()).Distinct().Count());
        // Text fits a laptop's screen: nothing but the plan's own frame scrolls sideways.
        Assert.True((int)browser.Evaluate("document.documentElement.scrollWidth") <= 1280, "the page is wider than the window");

        Save(browser, "ensdsl-report-page.png", page);
    }

    [Fact]
    public void The_page_of_a_713_step_run_with_repetitions_shows_each_outputs_mean_and_std_and_every_step()
    {
        var folder = ReportCommandTests.ClaimsRun(root);
        var report = Ensdsl.Run(root, ["report", "claims"]);
        Assert.True(report.ExitCode == 0, report.ToString());
        var results = JObject.Parse(File.ReadAllText(Path.Combine(folder, "results.json")));
        using var browser = new Browser();
        browser.Open(Path.Combine(folder, "report.html"));
        AssertLoadedAlone(browser);

        var rows = (JArray)browser.Evaluate("[...document.getElementById('repetitions').tBodies[0].rows].map(r => [...r.cells].map(c => c.textContent))");
        var groups = results["groups"]!.ToList();
        Assert.Equal(groups.Select(g => (string)g["name"]!), rows.Select(r => (string)r[0]!));
        foreach (var (g, row) in groups.Zip(rows))
            if (g["metrics"]!["acc"] is { } acc)
                Assert.Equal($"{ReportPage.F4((double)acc["mean"]!)} ± {ReportPage.F4((double)acc["std"]!)}", (string)row[2]!);
        AssertPlanDrawn(browser, results);
        Assert.Equal(3, (int)browser.Evaluate("[...document.images].filter(i => i.complete && i.naturalWidth > 100).length"));
        Save(browser, "ensdsl-report-claims.png", Path.Combine(folder, "report.html"));
    }

    [Fact]
    public void A_comparison_page_loads_alone_and_links_each_runs_page()
    {
        foreach (var name in new[] { "a", "b" })
        {
            Directory.CreateDirectory(Path.Combine(root, name));
            foreach (var file in Directory.GetFiles(FinishedStores.Tiny.RunFolder)) File.Copy(file, Path.Combine(root, name, Path.GetFileName(file)));
        }
        var compare = Ensdsl.Run(root, ["compare", "a", "b", "--html", "compared.html"]);
        Assert.True(compare.ExitCode == 0, compare.ToString());
        using var browser = new Browser();
        browser.Open(Path.Combine(root, "compared.html"));
        AssertLoadedAlone(browser);
        var links = (JArray)browser.Evaluate("[...document.links].map(a => a.href)");
        Assert.Equal(new[] { "a", "b" }.Select(n => new Uri(Path.Combine(root, n, "report.html")).AbsoluteUri), links.Select(l => (string)l!));
        Assert.Equal(1, (int)browser.Evaluate("[...document.images].filter(i => i.complete && i.naturalWidth > 100).length"));
        Save(browser, "ensdsl-compare-page.png", Path.Combine(root, "compared.html"));
    }

    // Nothing fetched but the page itself and its inline images; no console error, no exception.
    static void AssertLoadedAlone(Browser browser)
    {
        var requests = browser.Events.Where(e => (string?)e["method"] == "Network.requestWillBeSent").Select(e => (string)e["params"]!["request"]!["url"]!).ToList();
        Assert.Contains(requests, u => u.StartsWith("file:", StringComparison.Ordinal));
        Assert.All(requests, u => Assert.True(u.StartsWith("file:", StringComparison.Ordinal) || u.StartsWith("data:", StringComparison.Ordinal), $"the page requested {u}"));
        Assert.DoesNotContain(browser.Events, e => (string?)e["method"] == "Runtime.exceptionThrown");
        Assert.DoesNotContain(browser.Events, e => (string?)e["method"] == "Runtime.consoleAPICalled" && (string?)e["params"]!["type"] == "error");
        Assert.DoesNotContain(browser.Events, e => (string?)e["method"] == "Log.entryAdded" && (string?)e["params"]!["entry"]!["level"] == "error");
    }

    // The plan's picture as laid out: a mark per step with its status, each of a visible size, no two over each other.
    static void AssertPlanDrawn(Browser browser, JObject results)
    {
        var marks = (JArray)browser.Evaluate("[...document.querySelectorAll('.graph svg [data-node]')].map(e => [e.dataset.node, e.classList[1]])");
        Assert.Equal(results["nodes"]!.Select(n => ((string)n["id"]!, (string)n["status"]!)).Order(), marks.Select(m => ((string)m[0]!, (string)m[1]!)).Order());
        var layout = (JArray)browser.Evaluate("""
            (() => {
              const r = [...document.querySelectorAll('.graph svg [data-node]')].map(e => e.getBoundingClientRect()).map(b => [b.left, b.top, b.right, b.bottom]);
              let overlaps = 0;
              for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++) {
                const [a, b] = [r[i], r[j]];
                if (a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5) overlaps++;
              }
              return [overlaps, r.filter(a => a[2] - a[0] < 5 || a[3] - a[1] < 5).length];
            })()
            """);
        Assert.Equal(0, (int)layout[0]!);
        Assert.Equal(0, (int)layout[1]!);
    }

    void Save(Browser browser, string name, string page)
    {
        var screenshot = Path.Combine(Path.GetTempPath(), name);
        File.WriteAllBytes(screenshot, browser.Screenshot());
        Assert.True(new FileInfo(screenshot).Length > 10_000);
        output.WriteLine($"screenshot of {page}: {screenshot}");
    }
}
