using System.IO.Compression;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary><c>ensdsl report RUN [--open]</c>: a run's page written again from its folder, for old runs too.</summary>
public class ReportCommandTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("ensdsl-report-command-").FullName;

    public void Dispose() => Directory.Delete(root, true);

    /// <summary>The claims run's folder as docs/ keeps it (results.json of 2026-11-30 and three of its charts), in a temporary folder.</summary>
    public static string ClaimsRun(string under)
    {
        var folder = Path.Combine(under, "claims");
        Directory.CreateDirectory(folder);
        var docs = Path.Combine(Ensdsl.RepoRoot, "docs", "claims");
        using (var gz = new GZipStream(File.OpenRead(Path.Combine(docs, "results.json.gz")), CompressionMode.Decompress))
        using (var json = File.Create(Path.Combine(folder, "results.json")))
            gz.CopyTo(json);
        foreach (var png in Directory.GetFiles(docs, "*.png")) File.Copy(png, Path.Combine(folder, Path.GetFileName(png)));
        return folder;
    }

    [Fact]
    public void The_page_of_a_run_made_before_pages_existed_is_written_from_its_folder()
    {
        var folder = ClaimsRun(root);
        var report = Ensdsl.Run(root, ["report", "claims"]);
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Equal(Path.Combine("claims", "report.html"), report.Out.Trim());
        var results = JObject.Parse(File.ReadAllText(Path.Combine(folder, "results.json")));
        var page = File.ReadAllText(Path.Combine(folder, "report.html"));
        ReportPage.AssertSelfContainedAndFaithful(Path.Combine(folder, "report.html"), results);
        Assert.Contains("<dt>machine</dt><dd>not recorded", page);
        // Given its results.json, the same page.
        File.Delete(Path.Combine(folder, "report.html"));
        var again = Ensdsl.Run(root, ["report", Path.Combine("claims", "results.json")]);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(page, File.ReadAllText(Path.Combine(folder, "report.html")));
        // Repeated: every output's mean ± std over the seeds as results.json's groups have them, and every comparison's verdict.
        foreach (var group in results["groups"]!)
        {
            var acc = group["metrics"]!["acc"];
            if (acc is null) continue;
            Assert.Contains($"<tr><th scope=\"row\">{System.Net.WebUtility.HtmlEncode((string)group["name"]!)}</th><td class=\"n\">5</td><td class=\"n\">" +
                $"{ReportPage.F4((double)acc["mean"]!)} ± {ReportPage.F4((double)acc["std"]!)}</td>", page);
        }
        Assert.Equal(results["comparisons"]!.Count(), Regex.Matches(page, "<td>(decided: A (higher|lower)|undecided)</td></tr>").Count);
        output.WriteLine($"the claims run's page: {new FileInfo(Path.Combine(folder, "report.html")).Length:N0} bytes with {Directory.GetFiles(folder, "*.png").Length} charts");
    }

    readonly Xunit.Abstractions.ITestOutputHelper output;

    public ReportCommandTests(Xunit.Abstractions.ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Open_hands_the_page_to_the_desktops_opener_and_says_when_there_is_none()
    {
        var run = Path.Combine(root, "run");
        Directory.CreateDirectory(run);
        foreach (var file in Directory.GetFiles(FinishedStores.Tiny.RunFolder)) File.Copy(file, Path.Combine(run, Path.GetFileName(file)));
        // xdg-open is what .NET starts for a file on Linux: a stand-in on PATH records what it was given.
        var bin = Path.Combine(root, "bin");
        Directory.CreateDirectory(bin);
        var opened = Path.Combine(root, "opened");
        File.WriteAllText(Path.Combine(bin, "xdg-open"), $"#!/bin/sh\necho \"$1\" > '{opened}'\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(bin, "xdg-open"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
        var report = Ensdsl.Run(root, ["report", "run", "--open"], new Dictionary<string, string> { ["PATH"] = path });
        Assert.True(report.ExitCode == 0, report.ToString());
        for (var waited = 0; !File.Exists(opened) && waited < 100; waited++) Thread.Sleep(50);
        Assert.Equal(Path.Combine(run, "report.html"), File.ReadAllText(opened).Trim());

        // No opener at all: the page is written, and the user is told where it is.
        var bare = Ensdsl.Run(root, ["report", "run", "--open"], new Dictionary<string, string> { ["PATH"] = Path.GetDirectoryName(Environment.ProcessPath)! });
        Assert.True(bare.ExitCode == 1, bare.ToString());
        Assert.Contains($"no browser could be opened here", bare.Err);
        Assert.Contains(Path.Combine("run", "report.html"), bare.Err);
        Assert.DoesNotContain("   at ", bare.Err);
    }

    [Theory]
    [InlineData("missing", "missing: no such run folder")]
    [InlineData("empty", "empty: no readable results.json")]
    public void A_folder_that_is_not_a_run_is_refused_with_what_to_give(string folder, string message)
    {
        Directory.CreateDirectory(Path.Combine(root, "empty"));
        var report = Ensdsl.Run(root, ["report", folder]);
        Assert.True(report.ExitCode == 2, report.ToString());
        Assert.Contains(message, report.Err);
        Assert.Contains("'ensdsl run'", report.Err);
        Assert.False(File.Exists(Path.Combine(root, folder, "report.html")));
    }
}
