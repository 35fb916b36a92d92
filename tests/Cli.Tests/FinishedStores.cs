using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// Stores filled by a real run of a fixture script, made once per test process, the first time a test asks: tests that
/// start from a finished store copy one (<see cref="Workspace.CopyStore"/>), and tests that compare their store with an
/// uninterrupted run's compare it with one, instead of training the script again each.
/// </summary>
static class FinishedStores
{
    /// <summary>A finished run: its store, its results.json, the checksums of its nodes' result files, and its run folder.</summary>
    public sealed record Finished(string Store, JObject Results, Dictionary<string, string> Checksums, string RunFolder);

    static readonly Lazy<Finished> tiny = new(() => Make("tiny.csx"));

    /// <summary>Fixtures/run/tiny.csx, run with <c>--no-tracking</c>: 11 nodes.</summary>
    public static Finished Tiny => tiny.Value;

    static Finished Make(string script)
    {
        var w = new Workspace(script);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => w.Dispose();
        var run = w.Run("run", script, "--no-tracking", "--no-progress", "--out", "out");
        Assert.True(run.ExitCode == 0, $"the finished store of {script} could not be made: {run}");
        var store = w.At(".ensdsl");
        return new Finished(store, JObject.Parse(File.ReadAllText(w.At("out", "results.json"))), Workspace.Checksums(store), w.At("out"));
    }
}
