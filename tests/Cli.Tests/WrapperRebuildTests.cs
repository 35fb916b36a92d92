using System.Diagnostics;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// <c>./ensdsl</c> rebuilds the clone when its sources change. A process started from the build before must keep
/// working: an earlier wrapper published over the files in use, and a long run of the same clone died with a
/// segmentation fault when it next mapped a replaced assembly.
/// </summary>
[TakesAbout(30)]
[Trait(Category.Name, Category.Package)]
public sealed class WrapperRebuildTests
{
    static string Link => Path.Combine(Ensdsl.RepoRoot, "artifacts", "ensdsl");

    static string Build => new DirectoryInfo(Link).ResolveLinkTarget(returnFinalTarget: true)?.FullName
        ?? throw new InvalidOperationException($"{Link} is not a symlink to a build");

    [Fact]
    public void A_rebuild_leaves_a_running_ensdsl_its_build_and_the_next_call_gets_the_new_one()
    {
        Assert.True(ReleaseBuild.WrapperThroughSymlink.ExitCode == 0, ReleaseBuild.WrapperThroughSymlink.ToString());
        using var w = new Workspace("wrapper/paused.csx");
        lock (ReleaseBuild.ReleaseObj)
        {
            var before = Build;
            var running = Ensdsl.Launch(new ProcessStartInfo(Path.Combine(Ensdsl.RepoRoot, "ensdsl"))
            {
                WorkingDirectory = w.Directory,
                ArgumentList = { "run", "paused.csx" },
                Environment = { ["ENSDSL_CACHE"] = Ensdsl.Cache },
            });
            using (running)
            {
                var clock = Stopwatch.StartNew();
                while (!File.Exists(w.At("waiting")))
                {
                    Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "paused.csx did not start");
                    Thread.Sleep(100);
                }

                // A source newer than the build: the next call rebuilds (the content is unchanged).
                File.SetLastWriteTimeUtc(Path.Combine(Ensdsl.RepoRoot, "src", "Cli", "Program.cs"), DateTime.UtcNow);
                var rebuild = Ensdsl.Run(new ProcessStartInfo(Path.Combine(Ensdsl.RepoRoot, "ensdsl"), "--version") { WorkingDirectory = w.Directory }, TimeSpan.FromMinutes(10));
                Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
                Assert.Contains("building", rebuild.Err);
                var after = Build;
                Assert.NotEqual(before, after);
                Assert.True(File.Exists(Path.Combine(before, "ensdsl.dll")), "the running process's build was deleted");

                File.WriteAllText(w.At("go"), "");
                var run = running.Wait(TimeSpan.FromMinutes(5));
                Assert.True(run.ExitCode == 0, run.ToString());
                Assert.Single(Directory.GetFiles(w.At("runs"), "results.json", SearchOption.AllDirectories));
            }
        }
    }
}
