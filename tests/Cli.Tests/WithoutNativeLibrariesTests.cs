namespace EnsDsl.Cli.Tests;

/// <summary>
/// <c>plan</c> and <c>check</c> load no native library: they work from a copy of ensdsl without its <c>runtimes/</c>
/// folder (libtorch, libLibTorchSharp, SkiaSharp), as on a login node or a laptop whose libtorch cannot be loaded.
/// </summary>
public sealed class WithoutNativeLibrariesTests : IDisposable
{
    readonly string copy = Directory.CreateTempSubdirectory("ensdsl-no-native-").FullName;

    public WithoutNativeLibrariesTests()
    {
        var build = Path.GetDirectoryName(Ensdsl.CliPath)!;
        Assert.True(Directory.Exists(Path.Combine(build, "runtimes")), "the build has no runtimes/ folder to hide");
        foreach (var file in Directory.GetFiles(build)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        Assert.Empty(Directory.GetFiles(copy, "*.so*"));
    }

    public void Dispose() => Directory.Delete(copy, recursive: true);

    [Theory]
    [InlineData("plan", "experiments/quickstart.csx")]
    [InlineData("plan", "experiments/starsse_sweep.csx", "--json")]
    [InlineData("check", "experiments/baselines.csx", "--no-input-check")]
    [InlineData("check", "experiments/quickstart.csx")]
    [InlineData("plan", "experiments/starsse.csx", "--executor", "slurm", "--devices", "8")]
    public void Plan_and_check_work_without_native_libraries(params string[] args)
    {
        var result = Ensdsl.Run(Ensdsl.RepoRoot, args, cli: Path.Combine(copy, Path.GetFileName(Ensdsl.CliPath)));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("internal error", result.Flat);
    }

    [Fact]
    public void Run_needs_libtorch_and_says_so()
    {
        // The same copy cannot train (proof that the native libraries are really gone), and says why, without a stack trace.
        var result = Ensdsl.Run(Ensdsl.Fixtures, ["run", "run/tiny.csx", "--store", Path.Combine(copy, "store"), "--out", Path.Combine(copy, "out"), "--no-tracking"],
            cli: Path.Combine(copy, Path.GetFileName(Ensdsl.CliPath)));
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error ENS0404: libtorch cannot be loaded", result.Err);
        Assert.Contains("`ensdsl plan` and `ensdsl check` work without it", result.Flat);
        Assert.DoesNotContain("   at ", result.Err);
    }
}
