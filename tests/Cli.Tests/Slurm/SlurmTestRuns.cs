using System.Diagnostics;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests.Slurm;

/// <summary>What the Slurm tests share: how they submit, and how they read a run folder.</summary>
static class SlurmTestRuns
{
    // Each job asks for both cores of the test node, so its jobs run one at a time: two libtorch processes spinning on
    // the same two cores (the test node does not bind jobs to cores) are many times slower than one after the other.
    public static readonly string[] Resources = ["--cpus-per-job", "2", "--no-tracking", "--no-progress"];

    /// <summary>Runs ensdsl against <paramref name="cluster"/> in <paramref name="w"/>, waiting up to 15 minutes.</summary>
    public static Ensdsl.Result Run(SlurmCluster cluster, Workspace w, params string[] args) =>
        Ensdsl.Run(w.Directory, args, cluster.Environment, timeout: TimeSpan.FromMinutes(15));

    public static JObject Json(string path) => JObject.Parse(File.ReadAllText(path));

    /// <summary>The run's record, <c>RUN/slurm/run.json</c>.</summary>
    public static JObject Record(Workspace w, string run) => Json(w.At(run, "slurm", "run.json"));

    /// <summary>The events job <paramref name="job"/> of the run wrote.</summary>
    public static IEnumerable<JObject> Events(Workspace w, string run, int job) =>
        File.ReadAllLines(w.At(run, "slurm", $"job-{job}.events")).Select(JObject.Parse);

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test after <paramref name="minutes"/>.</summary>
    public static void WaitFor(Func<bool> condition, string what, int minutes = 5)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(minutes), $"waited {minutes} minutes for {what}");
            Thread.Sleep(250);
        }
    }
}
