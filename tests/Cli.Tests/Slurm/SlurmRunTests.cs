using System.Diagnostics;
using Newtonsoft.Json.Linq;
using static EnsDsl.Cli.Tests.Slurm.SlurmTestRuns;

namespace EnsDsl.Cli.Tests.Slurm;

/// <summary>
/// <c>ensdsl run --executor slurm</c> and <c>status</c>, <c>collect</c>, <c>cancel</c> on a real Slurm cluster: real jobs,
/// real dependencies, a real requeue and a real time limit, results compared with local runs of the same scripts.
/// </summary>
[Trait(Category.Name, Category.Slurm)]
[Collection(nameof(SlurmTests))]
public class SlurmRunTests
{
    readonly SlurmCluster cluster = SlurmCluster.Shared;

    Ensdsl.Result Run(Workspace w, params string[] args) => SlurmTestRuns.Run(cluster, w, args);

    // The labels these tests look up are unique (two initialisations share theirs).
    static Dictionary<string, JToken> NodesByLabel(JObject results) => results["nodes"]!.GroupBy(n => (string)n["label"]!).ToDictionary(g => g.Key, g => g.First());

    [Fact]
    public void A_chain_and_a_star_run_as_Slurm_jobs_and_equal_the_local_run_bit_for_bit()
    {
        cluster.Require();
        using var w = new Workspace("tiny.csx");
        var slurm = Run(w, ["run", "tiny.csx", "--executor", "slurm", "--out", "slurm", "--store", "slurm-store", .. Resources]);
        Assert.True(slurm.ExitCode == 0, slurm.ToString());

        // One job for the chain (init + fine-tune), one per star branch (after it), one for the evaluations (after all).
        var jobs = (JArray)Record(w, "slurm")["jobs"]!;
        Assert.Equal([[], [0], [0], [0, 1, 2]], jobs.Select(j => j["after"]!.Select(a => (int)a).ToArray()));
        Assert.All(jobs, j => Assert.Matches("^[0-9]+$", (string)j["slurm_id"]!));
        Assert.All(Enumerable.Range(0, jobs.Count), i => Assert.Contains("attempt 1 as Slurm job", File.ReadAllText(w.At("slurm", "slurm", $"job-{i}.out"))));

        var (viaSlurm, here) = (Json(w.At("slurm", "results.json")), FinishedStores.Tiny.Results);
        Assert.All(viaSlurm["nodes"]!, n => Assert.Equal("done", (string?)n["status"]));
        Assert.Equal(here["outputs"]!.Select(o => o["metrics"]!.ToString()), viaSlurm["outputs"]!.Select(o => o["metrics"]!.ToString()));
        Assert.Equal(FinishedStores.Tiny.Checksums, Workspace.Checksums(w.At("slurm-store")));
        Assert.Contains("nodes: 11 done", slurm.Out);

        // Everything is in the store now: a second submission submits nothing and reports every node cached.
        var again = Run(w, ["run", "tiny.csx", "--executor", "slurm", "--out", "again", "--store", "slurm-store", .. Resources]);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Empty((JArray)Record(w, "again")["jobs"]!);
        Assert.All(Json(w.At("again", "results.json"))["nodes"]!, n => Assert.Equal("cached", (string?)n["status"]));
    }

    [Fact]
    public void A_chain_of_steps_is_one_job_and_the_packed_run_equals_the_local_run()
    {
        cluster.Require();
        using var w = new Workspace("slurm/chain.csx");
        var local = Ensdsl.Run(w.Directory, ["run", "chain.csx", "--out", "local", "--store", "local-store", "--no-tracking", "--no-progress"]);
        Assert.True(local.ExitCode == 0, local.ToString());
        var plan = Ensdsl.Run(w.Directory, ["plan", "chain.csx", "--executor", "slurm"], cluster.Environment);
        Assert.True(plan.ExitCode == 0, plan.ToString());
        var slurm = Run(w, ["run", "chain.csx", "--executor", "slurm", "--out", "packed", "--store", "packed-store", .. Resources]);
        Assert.True(slurm.ExitCode == 0, slurm.ToString());

        // The centre (a job: three jobs need it), SSE's cycles 2-4 (one job), the star's two branches, the evaluations.
        var jobs = (JArray)Record(w, "packed")["jobs"]!;
        Assert.Equal([[], [0], [0], [0], [0, 1, 2, 3]], jobs.Select(j => j["after"]!.Select(a => (int)a).ToArray()));
        Assert.Equal([2, 3, 1, 1, 0], jobs.Select(j => (int)j["epochs"]!));
        Assert.Contains("SSE cycle 2/4 → SSE cycle 4/4", jobs.Select(j => (string)j["name"]!));
        Assert.Contains("SSE cycle 2/4 → SSE cycle 4/4", plan.Flat);                  // plan shows the jobs as packed
        var (viaSlurm, here) = (Json(w.At("packed", "results.json")), Json(Directory.GetFiles(w.At("local"), "results.json", SearchOption.AllDirectories).Single()));
        Assert.All(viaSlurm["nodes"]!, n => Assert.Equal("done", (string?)n["status"]));
        Assert.Equal(here["outputs"]!.Select(o => o["metrics"]!.ToString()), viaSlurm["outputs"]!.Select(o => o["metrics"]!.ToString()));
        Assert.Equal(Workspace.Checksums(w.At("local-store")), Workspace.Checksums(w.At("packed-store")));
    }

    [Fact]
    public void With_max_jobs_2_no_more_than_two_jobs_of_the_run_are_ever_in_Slurm_and_the_run_equals_the_local_run()
    {
        cluster.Require();
        using var w = new Workspace("slurm/dozen.csx");
        var local = Ensdsl.Run(w.Directory, ["run", "dozen.csx", "--out", "local", "--store", "local-store", "--no-tracking", "--no-progress"]);
        Assert.True(local.ExitCode == 0, local.ToString());
        // One core a job (the test processes compute on one thread), so that the run's two jobs do run side by side.
        var start = Ensdsl.Info(w.Directory, ["run", "dozen.csx", "--executor", "slurm", "--max-jobs", "2", "--out", "budget", "--store", "budget-store",
            "--cpus-per-job", "1", "--no-tracking", "--no-progress"], cluster.Environment);
        using var following = Ensdsl.Launch(start);
        // The run's jobs in Slurm's queue (their batch scripts are in this workspace), read while it runs.
        var counts = new List<int>();
        while (!following.HasExited)
        {
            var queue = cluster.Slurm("squeue", "-h", "-o", "%i|%o").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            counts.Add(queue.Count(l => l.Contains(w.Directory, StringComparison.Ordinal)));
            Thread.Sleep(500);
        }
        var run = following.Wait(TimeSpan.FromMinutes(15));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(counts.Count > 5, $"squeue read {counts.Count} times");
        Assert.True(counts.Max() <= 2, $"the run had {counts.Max()} jobs in Slurm at once: {string.Join(",", counts)}");
        Assert.Contains(2, counts);                                                   // and it did use its two
        Assert.Contains("submitted 2 Slurm jobs", run.Err);
        Assert.Contains("11 more as earlier ones end (at most 2 at once: --max-jobs)", run.Flat);

        var record = Record(w, "budget");
        Assert.Equal(13, ((JArray)record["jobs"]!).Count);                           // every job was submitted, in the end
        Assert.Empty((JArray)record["pending"]!);
        var (viaSlurm, here) = (Json(w.At("budget", "results.json")), Json(Directory.GetFiles(w.At("local"), "results.json", SearchOption.AllDirectories).Single()));
        Assert.All(viaSlurm["nodes"]!, n => Assert.Equal("done", (string?)n["status"]));
        Assert.Equal(here["outputs"]!.Select(o => o["metrics"]!.ToString()), viaSlurm["outputs"]!.Select(o => o["metrics"]!.ToString()));
        Assert.Equal(Workspace.Checksums(w.At("local-store")), Workspace.Checksums(w.At("budget-store")));
    }

    [Fact]
    public void The_run_goes_on_through_a_restart_of_slurmctld_and_equals_the_local_run()
    {
        // A lab's controller restarts for maintenance: the process following the run waits for it (its squeue calls
        // fail meanwhile) instead of failing, the jobs go on, and the results are the local run's.
        cluster.Require();
        using var w = new Workspace("tiny.csx");
        var start = Ensdsl.Info(w.Directory, ["run", "tiny.csx", "--executor", "slurm", "--out", "restarted", "--store", "slurm-store", .. Resources], cluster.Environment);
        using var following = Ensdsl.Launch(start);
        WaitFor(() => File.Exists(w.At("restarted", "slurm", "job-0.events")), "the first job to start");
        cluster.RestartController(TimeSpan.FromSeconds(10));
        var run = following.Wait(TimeSpan.FromMinutes(15));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Slurm did not answer", run.Err);                 // the follower did meet the restart
        var viaSlurm = Json(w.At("restarted", "results.json"));
        Assert.All(viaSlurm["nodes"]!, n => Assert.Equal("done", (string?)n["status"]));
        Assert.Equal(FinishedStores.Tiny.Results["outputs"]!.Select(o => o["metrics"]!.ToString()), viaSlurm["outputs"]!.Select(o => o["metrics"]!.ToString()));
        Assert.Equal(FinishedStores.Tiny.Checksums, Workspace.Checksums(w.At("slurm-store")));
    }

    [Fact]
    public void A_failing_step_fails_with_its_reason_the_job_after_it_is_cancelled_and_the_others_finish()
    {
        cluster.Require();
        using var w = new Workspace("slurm/fails.csx");
        // A job per step (--pack none): the step after the failed one is a job of its own, which Slurm must cancel.
        var run = Run(w, ["run", "fails.csx", "--executor", "slurm", "--out", "out", "--pack", "none", .. Resources]);
        Assert.True(run.ExitCode == 1, run.ToString());
        var nodes = NodesByLabel(Json(w.At("out", "results.json")));
        Assert.Equal("failed", (string?)nodes["diverges"]["status"]);
        Assert.Matches("the training loss became (NaN|infinite) in epoch", (string?)nodes["diverges"]["error"]);
        Assert.Equal("skipped", (string?)nodes["after diverges"]["status"]);
        Assert.Contains("needs diverges", (string?)nodes["after diverges"]["error"]);
        Assert.Equal(["done", "done"], new[] { nodes["fine"], nodes["evaluate fine"] }.Select(n => (string?)n["status"]));

        // The job of the step after the failed one never ran: Slurm (or ensdsl) cancelled it.
        var status = Ensdsl.Run(w.Directory, ["status", "out", "--json"], cluster.Environment);
        Assert.True(status.ExitCode == 0, status.ToString());
        var states = JArray.Parse(status.Out).GroupBy(n => (string)n["label"]!).ToDictionary(g => g.Key, g => (string)g.First()["state"]!);
        Assert.Equal(("failed", "cancelled", "done"), (states["diverges"], states["after diverges"], states["fine"]));
        var after = Record(w, "out")["jobs"]!.Single(j => (string)j["name"]! == "after diverges");
        Assert.Contains("JobState=CANCELLED", cluster.Slurm("scontrol", "show", "job", "-o", (string)after["slurm_id"]!).Output);
    }

    [Fact]
    public void Detach_then_status_and_collect_give_the_results_and_cancel_stops_a_run()
    {
        cluster.Require();
        using var w = new Workspace("slurm/requeue.csx");
        var detached = Run(w, ["run", "requeue.csx", "--set", "epochs=30", "--executor", "slurm", "--detach", "--out", "detached", .. Resources]);
        Assert.True(detached.ExitCode == 0, detached.ToString());
        Assert.Equal("detached", detached.Out.Trim());
        Assert.Contains("ensdsl collect detached", detached.Err);
        var status = Ensdsl.Run(w.Directory, ["status", "detached", "--json"], cluster.Environment);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.All(JArray.Parse(status.Out), n => Assert.Contains((string)n["state"]!, new[] { "pending", "running", "done" }));
        Assert.False(File.Exists(w.At("detached", "results.json")));
        var early = Ensdsl.Run(w.Directory, ["report", "detached"]);
        Assert.True(early.ExitCode == 2 && early.Err.Contains("not collected yet; 'ensdsl collect detached'"), early.ToString());

        var collected = Ensdsl.Run(w.Directory, ["collect", "detached", "--no-tracking", "--no-progress"], cluster.Environment, timeout: TimeSpan.FromMinutes(10));
        Assert.True(collected.ExitCode == 0, collected.ToString());
        Assert.All(Json(w.At("detached", "results.json"))["nodes"]!, n => Assert.Equal("done", (string?)n["status"]));
        // collect writes the run's page as a local run does, and it says the steps ran as Slurm jobs.
        ReportPage.AssertSelfContainedAndFaithful(w.At("detached", "report.html"), Json(w.At("detached", "results.json")));
        Assert.Contains("<dt>executor</dt><dd>slurm, a job per step", File.ReadAllText(w.At("detached", "report.html")));
        var done = JArray.Parse(Ensdsl.Run(w.Directory, ["status", "detached", "--json"], cluster.Environment).Out);
        Assert.All(done, n => Assert.Equal("done", (string?)n["state"]));
        Assert.Equal(30, (int?)done.Single(n => (string?)n["label"] == "SSE cycle 2/2")["epoch"]);

        // A long run, cancelled while its long step trains: nothing of it stays queued; collect reports it.
        var longer = Run(w, ["run", "requeue.csx", "--set", "epochs=2000", "--executor", "slurm", "--detach", "--out", "cancelled", .. Resources]);
        Assert.True(longer.ExitCode == 0, longer.ToString());
        WaitFor(() => File.Exists(w.At("cancelled", "slurm", "job-0.events")) && Events(w, "cancelled", 0).Any(e => (int?)e["epochs"] == 2000), "a first epoch of the long step");
        var cancel = Ensdsl.Run(w.Directory, ["cancel", "cancelled"], cluster.Environment);
        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        var jobs = Record(w, "cancelled")["jobs"]!.Select(j => (string)j["slurm_id"]!).ToArray();
        Assert.Contains($"cancelled {jobs.Length} of {jobs.Length} jobs", cancel.Out);
        WaitFor(() => cluster.Slurm("squeue", "-h", "-j", string.Join(',', jobs)).Output.Trim().Length == 0, "the cancelled jobs to leave the queue");
        var states = JArray.Parse(Ensdsl.Run(w.Directory, ["status", "cancelled", "--json"], cluster.Environment).Out);
        // Done: the steps it shares with the first run (the centre and its evaluation, which do not depend on epochs).
        Assert.Equal("init cifar-resnet8x16: done, train: done, evaluate train: done, SSE cycle 2/2: cancelled, evaluate SSE cycle 2/2: cancelled, ensemble of 2: cancelled",
            string.Join(", ", states.Select(n => $"{n["label"]}: {n["state"]}")));
        var report = Ensdsl.Run(w.Directory, ["collect", "cancelled", "--no-tracking", "--no-progress"], cluster.Environment);
        Assert.True(report.ExitCode == 1, report.ToString());
        Assert.Equal("skipped", (string?)NodesByLabel(Json(w.At("cancelled", "results.json")))["SSE cycle 2/2"]["status"]);
    }

    [Fact]
    public void Collect_finishes_a_run_whose_waiting_process_was_killed()
    {
        cluster.Require();
        using var w = new Workspace("slurm/requeue.csx");
        using (var waiting = Ensdsl.Start(w.Directory, ["run", "requeue.csx", "--set", "epochs=30", "--executor", "slurm", "--out", "killed", .. Resources], cluster.Environment))
        {
            WaitFor(() => File.Exists(w.At("killed", "slurm", "run.json")) && Record(w, "killed")["jobs"]!.Any(j => (bool)j["after_any"]!), "the submission of the last job");
            waiting.Kill(entireProcessTree: true);       // SIGKILL: no chance to tidy up
            waiting.WaitForExit();
        }
        var collected = Ensdsl.Run(w.Directory, ["collect", "killed", "--no-tracking", "--no-progress"], cluster.Environment, timeout: TimeSpan.FromMinutes(10));
        Assert.True(collected.ExitCode == 0, collected.ToString());
        Assert.All(Json(w.At("killed", "results.json"))["nodes"]!, n => Assert.Equal("done", (string?)n["status"]));
        Assert.Contains("SSE", collected.Out);
    }

    [Fact]
    public async Task Interrupting_the_waiting_process_detaches_it_and_says_how_to_follow_the_jobs()
    {
        cluster.Require();
        using var w = new Workspace("slurm/requeue.csx");
        using var waiting = Ensdsl.StartReading(w.Directory, ["run", "requeue.csx", "--set", "epochs=30", "--executor", "slurm", "--out", "interrupted", .. Resources], cluster.Environment);
        var stderr = waiting.StandardError.ReadToEndAsync();
        var stdout = waiting.StandardOutput.ReadToEndAsync();
        WaitFor(() => File.Exists(w.At("interrupted", "slurm", "run.json")) && Record(w, "interrupted")["jobs"]!.Any(j => (bool)j["after_any"]!), "the submission of the last job");
        Thread.Sleep(1000);                                   // into the wait
        Process.Start("kill", ["-INT", waiting.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        Assert.True(waiting.WaitForExit(TimeSpan.FromMinutes(1)), "the waiting process did not stop");
        var err = await stderr;
        Assert.True(waiting.ExitCode == 0, $"exit {waiting.ExitCode}\n{await stdout}\n{err}");
        Assert.Contains("detaching: the jobs go on in Slurm", err);
        Assert.Contains("ensdsl collect interrupted", err);
        Assert.Contains("ensdsl cancel interrupted", err);
        Assert.False(File.Exists(w.At("interrupted", "results.json")));
        var collected = Ensdsl.Run(w.Directory, ["collect", "interrupted", "--no-tracking", "--no-progress"], cluster.Environment, timeout: TimeSpan.FromMinutes(10));
        Assert.True(collected.ExitCode == 0, collected.ToString());
        Assert.All(Json(w.At("interrupted", "results.json"))["nodes"]!, n => Assert.Equal("done", (string?)n["status"]));
    }

    [Fact]
    public void Collect_records_the_MLflow_runs_of_a_detached_run_from_its_jobs_events()
    {
        cluster.Require();
        using var w = new Workspace();
        File.WriteAllText(w.At("tracked.csx"), TrackingTests.Script);
        var detached = Run(w, ["run", "tracked.csx", "--executor", "slurm", "--detach", "--out", "tracked", "--cpus-per-job", "2"]);
        Assert.True(detached.ExitCode == 0, detached.ToString());
        Assert.False(Directory.Exists(w.At("mlruns")));                 // the follower records, not the submitter of a detached run
        var collected = Ensdsl.Run(w.Directory, ["collect", "tracked", "--no-progress"], cluster.Environment, timeout: TimeSpan.FromMinutes(10));
        Assert.True(collected.ExitCode == 0, collected.ToString());
        var experiment = Directory.GetDirectories(w.At("mlruns")).Single(d => File.Exists(Path.Combine(d, "meta.yaml")) && File.ReadAllText(Path.Combine(d, "meta.yaml")).Contains("name: 'tracked'"));
        var runs = Directory.GetDirectories(experiment);
        var parent = Assert.Single(runs, r => !File.Exists(Path.Combine(r, "tags", "mlflow.parentRunId")));
        Assert.Contains("status: 3", File.ReadAllText(Path.Combine(parent, "meta.yaml")));
        var trained = runs.Where(r => r != parent && File.ReadAllText(Path.Combine(r, "tags", "ensdsl.kind")) == "train").ToList();
        Assert.Equal(3, trained.Count);
        var first = Assert.Single(trained, c => File.ReadAllText(Path.Combine(c, "params", "epochs")) == "2");
        Assert.Equal(["1", "2"], File.ReadAllLines(Path.Combine(first, "metrics", "train_loss")).Select(l => l.Split(' ')[2]));
        Assert.True(File.Exists(Path.Combine(parent, "artifacts", "results.json")));
    }
}
