using System.Diagnostics;

namespace EnsDsl.Cli.Tests.Slurm;

/// <summary>
/// The real single-node Slurm cluster of <c>tests/slurm/cluster.sh</c> (slurmctld, slurmd and munge on this machine):
/// the one <c>SLURM_CONF</c> names when it answers (<c>.ci/run</c> starts one), else one started for these tests and
/// stopped when the test process ends. When none can be started, every test that needs it fails and says why. One
/// cluster serves every test class (<see cref="Shared"/>). The Slurm tests run one after another and alone, after the
/// other tests (collection <see cref="SlurmTests"/>): their jobs beside the other tests' runs oversubscribe the two
/// cores until runs time out (seen in CI: a 7-second run took over 5 minutes).
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

    /// <summary>Runs a Slurm command (scontrol, squeue, …) against the cluster.</summary>
    public (int Code, string Output, string Error) Slurm(string command, params string[] args) => Command(command, args, Conf);

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

/// <summary>The tests that submit Slurm jobs: one at a time, with no other test running.</summary>
[CollectionDefinition(nameof(SlurmTests), DisableParallelization = true)]
public sealed class SlurmTests;
