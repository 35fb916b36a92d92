using Newtonsoft.Json.Linq;
using static EnsDsl.Cli.Tests.Slurm.SlurmTestRuns;

namespace EnsDsl.Cli.Tests.Slurm;

/// <summary>
/// Jobs that Slurm stops in the middle of training and runs again: requeued (as preemption and node failure do) and
/// warned before their time limit. Slurm's two-minute hold of a requeued job is lifted (<see cref="SlurmCluster.StartRequeuedNow"/>).
/// </summary>
[Trait(Category.Name, Category.Slurm)]
[Collection(nameof(SlurmTests))]
public class SlurmRequeueTests
{
    readonly SlurmCluster cluster = SlurmCluster.Shared;

    Ensdsl.Result Run(Workspace w, params string[] args) => SlurmTestRuns.Run(cluster, w, args);

    [Fact]
    public void A_packed_job_requeued_in_its_second_step_keeps_the_first_and_resumes_the_second_at_its_last_epoch()
    {
        cluster.Require();
        using var w = new Workspace("slurm/requeue.csx");
        // The same script run locally, for the results to compare with: computed while the jobs run.
        using var local = Ensdsl.Launch(Ensdsl.Info(w.Directory, ["run", "requeue.csx", "--set", "epochs=100", "--out", "local", "--store", "local-store", "--no-tracking", "--no-progress"]));
        var submitted = Run(w, ["run", "requeue.csx", "--set", "epochs=100", "--executor", "slurm", "--detach", "--out", "requeued", "--store", "slurm-store", .. Resources]);
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        var packed = Record(w, "requeued")["jobs"]![0]!;                  // one job: the centre, then the cycle
        Assert.Equal((101, "train → SSE cycle 2/2"), ((int)packed["epochs"]!, ((string)packed["name"]!)[..21]));
        bool LongStepEpoch(JObject e) => (string?)e["event"] == "epoch" && (int?)e["epochs"] == 100;
        WaitFor(() => File.Exists(w.At("requeued", "slurm", "job-0.events")) && Events(w, "requeued", 0).Count(LongStepEpoch) >= 3, "three epochs of the second step");
        var job = (string)Record(w, "requeued")["jobs"]![0]!["slurm_id"]!;
        var requeue = cluster.Slurm("scontrol", "requeue", job);      // what preemption and node failure do
        Assert.True(requeue.Code == 0, requeue.Error);
        cluster.StartRequeuedNow(job);
        var collected = Ensdsl.Run(w.Directory, ["collect", "requeued", "--no-tracking", "--no-progress"], cluster.Environment, timeout: TimeSpan.FromMinutes(10));
        Assert.True(collected.ExitCode == 0, collected.ToString());

        var events = Events(w, "requeued", 0).ToList();
        var (first, second) = ((string)events.First(e => (int?)e["epochs"] == 1)["node"]!, (string)events.First(LongStepEpoch)["node"]!);
        int Count(string node, string kind) => events.Count(e => (string?)e["node"] == node && (string?)e["event"] == kind);
        Assert.Equal((1, 1), (Count(first, "started"), Count(first, "epoch")));    // the first step: trained once, taken from the store in attempt 2
        Assert.Equal(["done", "cached"], events.Where(e => (string?)e["node"] == first && (string?)e["event"] == "ended").Select(e => (string)e["status"]!));
        Assert.Equal(2, Count(second, "started"));
        var resumed = events.Single(e => ((string?)e["message"])?.StartsWith("resuming after epoch", StringComparison.Ordinal) == true);
        Assert.Equal(second, (string?)resumed["node"]);
        var before = events.TakeWhile(e => e != resumed).Where(LongStepEpoch).Max(e => (int)e["epoch"]!);
        Assert.InRange(before, 3, 99);
        Assert.Equal($"resuming after epoch {before} of 100", (string?)resumed["message"]);
        Assert.Equal(Enumerable.Range(before + 1, 100 - before), events.SkipWhile(e => e != resumed).Where(LongStepEpoch).Select(e => (int)e["epoch"]!));
        Assert.Contains("attempt 2 as Slurm job", File.ReadAllText(w.At("requeued", "slurm", "job-0.out")));

        var here = local.Wait();
        Assert.True(here.ExitCode == 0, here.ToString());
        Assert.Equal(Workspace.Checksums(w.At("local-store")), Workspace.Checksums(w.At("slurm-store")));
    }

    [Fact]
    public void A_job_stopped_by_its_time_limit_resumes_in_its_next_attempt()
    {
        cluster.Require();
        using var w = new Workspace("slurm/requeue.csx");
        // A step far longer than a two-minute limit; Slurm warns the job about a minute before the limit (up to half a
        // minute earlier still), and the job requeues itself; its next attempt starts once released from Slurm's hold.
        var run = Run(w, ["run", "requeue.csx", "--set", "epochs=100000", "--executor", "slurm", "--time", "2", "--detach", "--out", "limited", .. Resources]);
        Assert.True(run.ExitCode == 0, run.ToString());
        WaitFor(() => File.Exists(w.At("limited", "slurm", "job-0.out")) && File.ReadAllText(w.At("limited", "slurm", "job-0.out")).Contains("requeueing:", StringComparison.Ordinal), "the job to requeue itself", minutes: 4);
        cluster.StartRequeuedNow((string)Record(w, "limited")["jobs"]![0]!["slurm_id"]!);
        WaitFor(() => File.Exists(w.At("limited", "slurm", "job-0.events"))
            && Events(w, "limited", 0).Any(e => ((string?)e["message"])?.StartsWith("resuming after epoch", StringComparison.Ordinal) == true), "the second attempt");
        var log = File.ReadAllText(w.At("limited", "slurm", "job-0.out"));
        Assert.Contains("time limit near: stopping at the end of the current batch", log);
        Assert.Contains("requeueing: the next attempt resumes from the last finished epoch", log);
        Assert.Contains("attempt 2 as Slurm job", log);
        Assert.DoesNotContain("TIME LIMIT", log);             // stopped by ensdsl before Slurm's limit, not killed at it
        // It resumed where the first attempt stopped: after its last finished epoch, not from the start.
        var events = Events(w, "limited", 0).ToList();
        var resumed = events.First(e => ((string?)e["message"])?.StartsWith("resuming after epoch", StringComparison.Ordinal) == true);
        var lastBefore = events.TakeWhile(e => e != resumed).Where(e => (string?)e["event"] == "epoch").Max(e => (int)e["epoch"]!);
        Assert.Equal($"resuming after epoch {lastBefore} of 100000", (string?)resumed["message"]);
        Assert.True(Ensdsl.Run(w.Directory, ["cancel", "limited"], cluster.Environment).ExitCode == 0);
    }
}
