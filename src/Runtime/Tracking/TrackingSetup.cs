using EnsDsl.Planning;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using EnsDsl.Runtime.Execution;

namespace EnsDsl.Runtime.Tracking;

/// <summary>Opens the tracking backend a run uses and describes the run for it.</summary>
public static class TrackingSetup
{
    /// <summary>
    /// The backend a run records into: the file store of <paramref name="target"/>, or for a server the local
    /// <c>./mlruns</c>, which <see cref="Sync"/> uploads when the run ends. Recording locally first means tracking never
    /// waits for a server during training and loses nothing when the server is down.
    /// </summary>
    public static ITrackingBackend Open(TrackingTarget target, string workingDirectory) => target switch
    {
        FileTarget file => new MlflowFileStore(file.Root),
        ServerTarget => new MlflowFileStore(Path.Combine(workingDirectory, MlflowFileStore.DefaultFolder)),
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    /// <summary>
    /// Uploads the ended runs of the file store at <paramref name="root"/> (only <paramref name="experiment"/>'s when
    /// given) to <paramref name="server"/>, and brings running ones up to date when <paramref name="includeRunning"/>.
    /// </summary>
    /// <exception cref="SyncException">The server refused or stayed unreachable; what was uploaded stays uploaded.</exception>
    /// <exception cref="TrackingConfigurationException">MLflow's environment holds a value it would refuse.</exception>
    public static SyncReport Sync(string root, Uri server, string? experiment = null, bool includeRunning = false)
    {
        var settings = Rest.HttpSettings.FromEnvironment(Environment.GetEnvironmentVariable);
        return new MlflowSync(Rest.MlflowHttp.Client(server, settings), server).Run(root, experiment, includeRunning).GetAwaiter().GetResult();
    }

    /// <summary>The parent run's description of <paramref name="experiment"/>.</summary>
    public static TrackedRun Describe(Experiment experiment, string workingDirectory)
    {
        var ids = string.Join("\n", experiment.Plan.Nodes.Select(n => n.Id).Order(StringComparer.Ordinal));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ids)))[..16];
        var script = Path.GetRelativePath(workingDirectory, experiment.ScriptPath);
        return new TrackedRun(experiment.Name, script, string.Join(" ", experiment.Overrides.Select(o => o.Text)), hash, RunContext.Version,
            GitCommit(Path.GetDirectoryName(experiment.ScriptPath)!));
    }

    // The commit of the repository holding the script, when git is there and it is one.
    internal static string? GitCommit(string folder)
    {
        try
        {
            var start = new ProcessStartInfo("git", ["rev-parse", "HEAD"])
            {
                WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var git = Process.Start(start);
            if (git is null) return null;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.StandardError.ReadToEnd();
            return git.WaitForExit(5000) && git.ExitCode == 0 && output.Length == 40 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }
}
