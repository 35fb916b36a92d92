namespace EnsDsl.Cli.Tests;

/// <summary>
/// <c>plan</c> and <c>check</c> load no native library: they work from a copy of ensdsl without its <c>runtimes/</c>
/// folder (libtorch, libLibTorchSharp, SkiaSharp), as on a login node or a laptop whose libtorch cannot be loaded.
/// </summary>
public sealed class WithoutNativeLibrariesTests(WithoutNativeLibrariesTests.Copy copy) : IClassFixture<WithoutNativeLibrariesTests.Copy>
{
    /// <summary>The CLI's build folder copied without its runtimes/ folder, once for the class.</summary>
    public sealed class Copy : IDisposable
    {
        public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("ensdsl-no-native-").FullName;

        public Copy()
        {
            var build = Path.GetDirectoryName(Ensdsl.CliPath)!;
            Assert.True(System.IO.Directory.Exists(Path.Combine(build, "runtimes")), "the build has no runtimes/ folder to hide");
            foreach (var file in System.IO.Directory.GetFiles(build)) File.Copy(file, Path.Combine(Directory, Path.GetFileName(file)));
            Assert.Empty(System.IO.Directory.GetFiles(Directory, "*.so*"));
        }

        /// <summary>The copy's ensdsl.dll.</summary>
        public string Cli => Path.Combine(Directory, Path.GetFileName(Ensdsl.CliPath));

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }

    [Theory]
    [InlineData("plan", "experiments/quickstart.csx")]
    [InlineData("plan", "experiments/starsse_sweep.csx", "--json")]
    [InlineData("check", "experiments/baselines.csx", "--no-input-check")]
    [InlineData("check", "experiments/quickstart.csx")]
    [InlineData("plan", "experiments/starsse.csx", "--executor", "slurm", "--devices", "8")]
    public void Plan_and_check_work_without_native_libraries(params string[] args)
    {
        var result = Ensdsl.Run(Ensdsl.RepoRoot, args, cli: copy.Cli);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("internal error", result.Flat);
    }

    [Fact]
    public void Run_needs_libtorch_and_says_so()
    {
        // The same copy cannot train (proof that the native libraries are really gone), and says why, without a stack trace.
        using var w = new Workspace("tiny.csx");
        var result = Ensdsl.Run(w.Directory, ["run", "tiny.csx", "--no-tracking"], cli: copy.Cli);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error ENS0404: libtorch cannot be loaded", result.Err);
        Assert.Contains("`ensdsl plan` and `ensdsl check` work without it", result.Flat);
        Assert.DoesNotContain("   at ", result.Err);
    }
}
