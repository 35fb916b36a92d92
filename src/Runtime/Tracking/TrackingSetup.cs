using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Experiments;

namespace EnsDsl.Runtime.Tracking;

/// <summary>Opens the tracking backend a run uses and describes the run for it.</summary>
public static class TrackingSetup
{
    /// <summary>
    /// The backend for <paramref name="target"/>. A server target is recorded in a local file store for now, with a
    /// warning, since this build has no REST client yet.
    /// </summary>
    public static ITrackingBackend Open(TrackingTarget target, string workingDirectory, Action<string> warn)
    {
        switch (target)
        {
            case FileTarget file:
                return new MlflowFileStore(file.Root);
            case ServerTarget server:
                var local = new MlflowFileStore(Path.Combine(workingDirectory, "mlruns"));
                warn($"{TrackingTarget.Variable}={server.Server}: tracking to an MLflow server is not in this build yet; this run is recorded in {local.Root} " +
                    "(view it with: mlflow ui --backend-store-uri ./mlruns, with MLFLOW_ALLOW_FILE_STORE=true on MLflow 3.13 and later)");
                return local;
            default:
                throw new ArgumentOutOfRangeException(nameof(target));
        }
    }

    /// <summary>The parent run's description of <paramref name="experiment"/>.</summary>
    public static TrackedRun Describe(Experiment experiment, string workingDirectory)
    {
        var ids = string.Join("\n", experiment.Plan.Nodes.Select(n => n.Id).Order(StringComparer.Ordinal));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ids)))[..16];
        var script = Path.GetRelativePath(workingDirectory, experiment.Script.Closure.Main.Path);
        return new TrackedRun(experiment.Name, script, string.Join(" ", experiment.Overrides.Select(o => o.Text)), hash, RunContext.Version,
            GitCommit(Path.GetDirectoryName(experiment.Script.Closure.Main.Path)!));
    }

    // The commit of the repository holding the script, when git is there and it is one.
    static string? GitCommit(string folder)
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
