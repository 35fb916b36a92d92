using System.Diagnostics;

namespace EnsDsl.Cli.Tests.Slurm;

/// <summary>
/// The real single-node Slurm cluster of <c>tests/slurm/cluster.sh</c> (slurmctld, slurmd and munge on this machine):
/// the one <c>SLURM_CONF</c> names when it answers (<c>.ci/run</c> starts one), else one started for these tests and
/// stopped when the test process ends. When none can be started, every test that needs it fails and says why. One
/// cluster serves every test class (<see cref="Shared"/>). The Slurm tests run one after another (collection
/// <see cref="SlurmTests"/>), beside the other tests: every process of the test run, jobs included (sbatch passes the
/// environment on), computes on one thread (tests/test.runsettings), so their jobs and the other tests' runs share the
/// two cores without stalling each other.
/// </summary>
public sealed class SlurmCluster : IDisposable
{
    static readonly Lazy<SlurmCluster> Instance = new(() =>
    {
        var cluster = new SlurmCluster();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
        return cluster;
    });

    /// <summary>The cluster of this test process.</summary>
    public static SlurmCluster Shared => Instance.Value;

    readonly string? owned;

    SlurmCluster()
    {
        var given = System.Environment.GetEnvironmentVariable("SLURM_CONF");
        if (given is not null && Command("sinfo", ["-h"], given).Code == 0)
        {
            Conf = given;
            return;
        }
        owned = Directory.CreateTempSubdirectory("ensdsl-slurm-").FullName;
        var started = Command("bash", [Path.Combine(Ensdsl.RepoRoot, "tests", "slurm", "cluster.sh"), "start", owned], null, TimeSpan.FromMinutes(10));
        var line = started.Output.Split('\n').FirstOrDefault(l => l.StartsWith("SLURM_CONF=", StringComparison.Ordinal));
        if (started.Code == 0 && line is not null) Conf = line["SLURM_CONF=".Length..].Trim();
        else Problem = $"the Slurm test cluster did not start (tests/slurm/cluster.sh start {owned}): {started.Output} {started.Error}";
    }

    /// <summary>The cluster's slurm.conf.</summary>
    public string Conf { get; } = "";

    /// <summary>Why there is no cluster, when there is none.</summary>
    public string? Problem { get; }

    /// <summary>The environment every process that talks to the cluster needs.</summary>
    public IDictionary<string, string> Environment => new Dictionary<string, string> { ["SLURM_CONF"] = Conf };

    /// <summary>Fails the calling test when there is no cluster.</summary>
    public void Require() => Assert.True(Problem is null, Problem);

    /// <summary>
    /// Stops slurmctld (it saves its state), leaves it down for <paramref name="down"/>, and starts it again from that
    /// state, as a lab's maintenance restart does; returns once it answers.
    /// </summary>
    public void RestartController(TimeSpan down)
    {
        var restarted = Command("bash", [Path.Combine(Ensdsl.RepoRoot, "tests", "slurm", "cluster.sh"), "restart-controller",
            Path.GetDirectoryName(Conf)!, down.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)], Conf, TimeSpan.FromMinutes(2));
        Assert.True(restarted.Code == 0, $"slurmctld did not restart: {restarted.Output} {restarted.Error}");
    }

    /// <summary>Runs a Slurm command (scontrol, squeue, …) against the cluster.</summary>
    public (int Code, string Output, string Error) Slurm(string command, params string[] args) => Command(command, args, Conf);

    /// <summary>
    /// Lets job <paramref name="job"/>, requeued (by <c>scontrol requeue</c>, or by its own script before a time limit), start
    /// its next attempt within seconds. Slurm holds a requeued batch job for two minutes (it gets a begin time) before it may
    /// start again; a job's owner may move that begin time, and the tests do so once the job is pending for it: the hold is
    /// the cluster's, not ensdsl's, and waiting it out would only cost minutes. Not in the very second of the requeue: it
    /// revoked the job's credential, and an attempt started in the second of the revocation is killed ("Job credential
    /// revoked", seen once in four here). So the test waits a second and a half after the job is pending, then sets the
    /// begin time to now, which schedules the job at once (a begin time in the future waits for the next scheduling pass,
    /// up to half a minute here).
    /// </summary>
    public void StartRequeuedNow(string job)
    {
        var clock = Stopwatch.StartNew();
        while (Slurm("squeue", "-h", "-j", job, "-o", "%T %r").Output.Trim() != "PENDING BeginTime")
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5), $"job {job} was not requeued: {Slurm("scontrol", "show", "job", "-o", job).Output}");
            Thread.Sleep(100);
        }
        Thread.Sleep(1500);
        var update = Slurm("scontrol", "update", $"JobId={job}", "StartTime=now");
        Assert.True(update.Code == 0, update.Error);
    }

    static (int Code, string Output, string Error) Command(string command, IEnumerable<string> args, string? conf, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        if (conf is not null) start.Environment["SLURM_CONF"] = conf;
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(1))) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", $"{command}: {e.Message}");
        }
    }

    public void Dispose()
    {
        if (owned is not null) Command("bash", [Path.Combine(Ensdsl.RepoRoot, "tests", "slurm", "cluster.sh"), "stop", owned], null);
    }
}

/// <summary>The tests that submit Slurm jobs: one at a time, so that one test's jobs never wait in the queue behind another's.</summary>
[TakesAbout(200)]
[CollectionDefinition(nameof(SlurmTests))]
public sealed class SlurmTests;
