using System.Diagnostics;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// The clone's Release build, made once per test process by the two ways users make it: first <c>./ensdsl</c>'s first use,
/// called through a symlink on PATH as the README links it (it publishes artifacts/ensdsl, ReadyToRun), then
/// <c>dotnet pack</c> of the CLI as docs/install.md packs it — which finds that build's compiled code in src/*/obj (the
/// same configuration and runtime) instead of compiling it again (measured: 57 s packing from nothing, 15 s after the
/// publish, whose first use takes 46 s).
/// </summary>
static class ReleaseBuild
{
    static readonly Lazy<Ensdsl.Result> wrapper = new(() =>
    {
        var bin = Directory.CreateTempSubdirectory("ensdsl-bin-").FullName;
        try
        {
            var link = Path.Combine(bin, "ensdsl");
            File.CreateSymbolicLink(link, Path.Combine(Ensdsl.RepoRoot, "ensdsl"));
            return Ensdsl.Run(new ProcessStartInfo(link, "--version") { WorkingDirectory = bin }, TimeSpan.FromMinutes(10));
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    });

    /// <summary>
    /// Held by whatever compiles the Release configuration (the pack, a second publish): they share src/*/obj, and two
    /// at once would write the same files.
    /// </summary>
    public static readonly object ReleaseObj = new();

    static readonly Lazy<(Ensdsl.Result Pack, string Feed)> packed = new(() =>
    {
        _ = wrapper.Value;                                   // the publish first: the pack reuses its compiled code
        var feed = Directory.CreateTempSubdirectory("ensdsl-feed-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(feed, recursive: true);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Ensdsl.RepoRoot };
        foreach (var a in new[] { "pack", Path.Combine(Ensdsl.RepoRoot, "src", "Cli", "EnsDsl.Cli.csproj"), "-c", "Release", "-o", feed, "-nologo", "-v", "q" })
            start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        lock (ReleaseObj) return (Ensdsl.Run(start, TimeSpan.FromMinutes(10)), feed);
    });

    /// <summary>What <c>ensdsl --version</c> printed, called through a symlink to the clone's <c>./ensdsl</c> as its first use.</summary>
    public static Ensdsl.Result WrapperThroughSymlink => wrapper.Value;

    /// <summary>The folder <c>dotnet pack src/Cli -c Release</c> wrote the tool packages to; fails the caller when the pack failed.</summary>
    public static string Feed
    {
        get
        {
            Assert.True(packed.Value.Pack.ExitCode == 0, packed.Value.Pack.ToString());
            return packed.Value.Feed;
        }
    }
}
