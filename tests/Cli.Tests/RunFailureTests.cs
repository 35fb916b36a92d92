using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>A run that fails: a diverging step fails alone with its reason; a store or device that cannot be used stops the run before anything computes.</summary>
public class RunFailureTests
{
    [Fact]
    public void A_diverging_step_fails_the_run_with_its_reason_and_the_rest_finishes()
    {
        using var w = new Workspace("diverges.csx");
        var result = w.Run("run", "diverges.csx", "--no-progress");
        Assert.True(result.ExitCode == 1, result.ToString());
        // Which of its two epochs diverges depends on the CPU's floating-point path (AMD EPYC: the second).
        Assert.Matches(@"failed: diverges \(\w{8}\): the training loss became (NaN|infinite) in epoch \d+\b", result.Out);
        var nodes = w.Results("diverges")["nodes"]!;
        ResultsSchema.AssertValid(Directory.GetFiles(w.At("runs", "diverges"), "results.json", SearchOption.AllDirectories).Single());
        Assert.Equal("failed", (string?)nodes.Single(n => (string?)n["label"] == "diverges")["status"]);
        // The run's page puts the failure first: before what ran and the results, with the step and its reason.
        var page = File.ReadAllText(Directory.GetFiles(w.At("runs", "diverges"), "report.html", SearchOption.AllDirectories).Single());
        var failure = page.IndexOf("<section class=\"failures\"", StringComparison.Ordinal);
        Assert.True(failure > 0 && failure < page.IndexOf("<h2 id=\"run\">", StringComparison.Ordinal), "the failure is not the page's first section");
        Assert.Matches(@"<strong>diverges</strong> \(\w{8}\): the training loss became (NaN|infinite) in epoch \d+", page);
        // In the plan's picture the step is marked failed, its reason in its tooltip; what needed it is marked skipped.
        var folder = Path.GetDirectoryName(Directory.GetFiles(w.At("runs", "diverges"), "report.html", SearchOption.AllDirectories).Single())!;
        ReportPage.AssertSelfContainedAndFaithful(Path.Combine(folder, "report.html"), JObject.Parse(File.ReadAllText(Path.Combine(folder, "results.json"))));
        Assert.Matches(@"<g class=""step failed"" data-node=""\w+""><title>diverges \(train, \w{8}\): failed[^<]*\nthe training loss became (NaN|infinite)", page);
        Assert.Equal("done", (string?)nodes.Single(n => (string?)n["label"] == "evaluate fine")["status"]);
    }

    [Fact]
    public void An_unwritable_store_exits_2_and_says_what_to_do()
    {
        using var w = new Workspace("tiny.csx");
        File.WriteAllText(Path.Combine(w.Directory, "blocked"), "a file, not a folder");
        var result = w.Run("run", "tiny.csx", "--store", "blocked/store");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error ENS0401: cannot use the store", result.Err);
        Assert.Contains("--store DIR", result.Err);
    }

    [Fact]
    public void An_unknown_device_exits_2_before_anything_computes()
    {
        using var w = new Workspace("tiny.csx");
        var result = w.Run("run", "tiny.csx", "--device", "tpu", "--no-tracking");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error ENS0402: --device tpu: expected auto, cpu, cuda or cuda:N", result.Err);
        Assert.Empty(Directory.GetDirectories(Path.Combine(w.Directory, ".ensdsl", "nodes")));
    }
}
