using System.Diagnostics;
using EnsDsl.Runtime.Tracking;

namespace EnsDsl.Runtime.Tests.Tracking;

/// <summary>What the parent run says about where a script came from, and how MLFLOW_TRACKING_URI is read.</summary>
public class TrackingSetupTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("ensdsl-git-").FullName;

    public void Dispose() => Directory.Delete(root, true);

    static string Git(string folder, params string[] args)
    {
        var start = new ProcessStartInfo("git", args) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(" ", args)}: {error}");
        return output.Trim();
    }

    [Fact]
    public void The_git_commit_of_the_scripts_repository_is_found_and_none_outside_one()
    {
        Assert.Null(TrackingSetup.GitCommit(root));
        Git(root, "init", "-q");
        File.WriteAllText(Path.Combine(root, "x.csx"), "return 1;");
        Git(root, "add", "x.csx");
        Git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x");
        Assert.Equal(Git(root, "rev-parse", "HEAD"), TrackingSetup.GitCommit(root));
    }

    [Theory]
    [InlineData(null, "FileTarget", "mlruns")]
    [InlineData("", "FileTarget", "mlruns")]
    [InlineData("runs/mlflow", "FileTarget", "runs/mlflow")]
    [InlineData("file:///tmp/store", "FileTarget", "/tmp/store")]
    [InlineData("http://localhost:5000", "ServerTarget", "http://localhost:5000/")]
    [InlineData("HTTPS://mlflow.example.org/base", "ServerTarget", "https://mlflow.example.org/base")]
    public void Tracking_URIs_are_read_as_MLflow_reads_them(string? uri, string kind, string where)
    {
        var target = TrackingTarget.Parse(uri, "/work");
        Assert.Equal(kind, target.GetType().Name);
        Assert.Equal(where.StartsWith('/') || where.Contains("://") ? where : Path.Combine("/work", where),
            target switch { FileTarget f => f.Root, ServerTarget s => s.Server.AbsoluteUri, _ => "" });
    }

    [Theory]
    [InlineData("sqlite:///mlflow.db", "for a database, run `mlflow server")]
    [InlineData("databricks", "ensdsl tracks to an MLflow server")]
    [InlineData("s3://bucket/x", "ensdsl tracks to an MLflow server")]
    [InlineData("http://", "not a valid URL")]
    public void Other_URIs_are_refused_with_what_to_do(string uri, string message) =>
        Assert.Contains(message, Assert.Throws<TrackingConfigurationException>(() => TrackingTarget.Parse(uri, "/work")).Message);
}
