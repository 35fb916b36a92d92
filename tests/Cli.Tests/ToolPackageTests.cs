using System.Diagnostics;
using System.Reflection;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// The <c>ensdsl</c> .NET tool as a user installs it: <c>dotnet pack</c> of the CLI project, then
/// <c>dotnet tool install</c> from the folder it wrote, as a tool on a path and as a local tool of a manifest. Each
/// installed command plans and trains a small script from a directory outside the repository.
/// </summary>
[TakesAbout(35)]
[Trait(Category.Name, Category.Package)]
public sealed class ToolPackageTests(ToolPackageTests.Packed packed) : IClassFixture<ToolPackageTests.Packed>
{
    /// <summary>The packed tool (<see cref="ReleaseBuild.Feed"/>) and a folder of the class's own to install it into.</summary>
    public sealed class Packed : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("ensdsl-tool-").FullName;
        public string Feed { get; } = ReleaseBuild.Feed;

        /// <summary>A NuGet configuration with the packed folder as its only source: installing needs no network.</summary>
        public string NuGetConfig => Path.Combine(Root, "nuget.config");

        public Packed()
        {
            File.WriteAllText(NuGetConfig, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="ensdsl-packed" value="{Feed}" />
                  </packageSources>
                </configuration>
                """);
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }

    /// <summary>The repository's one version (Directory.Build.props), which this test assembly carries too.</summary>
    static string Version => typeof(ToolPackageTests).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    [Fact]
    public void Pack_writes_a_pointer_package_and_a_linux_x64_package_with_libtorch()
    {
        var files = Directory.GetFiles(packed.Feed).Select(f => Path.GetFileName(f)!).Order().ToArray();
        Assert.Equal(new[] { $"ensdsl.{Version}.nupkg", $"ensdsl.linux-x64.{Version}.nupkg" }, files);
        using var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(packed.Feed, $"ensdsl.linux-x64.{Version}.nupkg"));
        var names = zip.Entries.Select(e => Path.GetFileName(e.FullName)).ToHashSet();
        Assert.Contains("libtorch_cpu.so", names);
        Assert.Contains("libLibTorchSharp.so", names);
        Assert.Contains("DotnetToolSettings.xml", names);
    }

    [Fact]
    public void A_tool_installed_on_a_path_plans_and_runs_from_any_directory()
    {
        var tools = Path.Combine(packed.Root, "global-tools");
        var install = Tool.Run("dotnet", packed.Root, ["tool", "install", "ensdsl", "--tool-path", tools, "--configfile", packed.NuGetConfig]);
        Assert.True(install.ExitCode == 0, install.ToString());
        var ensdsl = Path.Combine(tools, "ensdsl");

        var version = Tool.Run(ensdsl, packed.Root, ["--version"]);
        Assert.Equal(Version, version.Out.Trim());
        RunsTinyScript(ensdsl, [], Workspace("path"));

        // The tool carries the DSL's XML docs, so a folder it scaffolds gives editors documentation too.
        var init = Tool.Run(ensdsl, packed.Root, ["init", "scaffolded"]);
        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.True(File.Exists(Path.Combine(packed.Root, "scaffolded", "ref", "EnsDsl.Dsl.xml")), init.ToString());
    }

    [Fact]
    public void A_local_tool_of_a_manifest_plans_and_runs()
    {
        var work = Workspace("manifest");
        // A local tool is extracted into the NuGet packages folder and found through the CLI's tool resolver cache
        // (under DOTNET_CLI_HOME): private ones keep the user's clean, and no entry outlives this test's folder.
        var env = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(packed.Root, "nuget-packages"),
            ["DOTNET_CLI_HOME"] = Path.Combine(packed.Root, "cli-home"),
        };
        var manifest = Tool.Run("dotnet", work, ["new", "tool-manifest"], env);
        Assert.True(manifest.ExitCode == 0, manifest.ToString());
        var install = Tool.Run("dotnet", work, ["tool", "install", "ensdsl", "--configfile", packed.NuGetConfig], env);
        Assert.True(install.ExitCode == 0, install.ToString());
        var listed = Tool.Run("dotnet", work, ["tool", "list", "--local"], env);
        Assert.Matches(@"(?m)^ensdsl\s+" + System.Text.RegularExpressions.Regex.Escape(Version) + @"\s+ensdsl\s", listed.Out);

        RunsTinyScript("dotnet", ["tool", "run", "ensdsl", "--"], work, env);
    }

    string Workspace(string name)
    {
        var work = Path.Combine(packed.Root, name);
        Directory.CreateDirectory(work);
        File.Copy(Path.Combine(Ensdsl.Fixtures, "run", "tiny.csx"), Path.Combine(work, "tiny.csx"));
        return work;
    }

    static void RunsTinyScript(string command, string[] prefix, string work, IDictionary<string, string>? env = null)
    {
        var plan = Tool.Run(command, work, [.. prefix, "plan", "tiny.csx"], env);
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("epochs to train", plan.Out);

        var run = Tool.Run(command, work, [.. prefix, "run", "tiny.csx", "--no-tracking"], env);
        Assert.True(run.ExitCode == 0, run.ToString());
        var results = Directory.GetFiles(Path.Combine(work, "runs", "tiny"), "results.json", SearchOption.AllDirectories);
        Assert.Single(results);
        Assert.Contains("\"StarSSE\"", File.ReadAllText(results[0]));
        Assert.True(Directory.Exists(Path.Combine(work, ".ensdsl")), "the store is made in the working directory");
    }

    /// <summary>Runs any command (dotnet, an installed tool) and waits for it.</summary>
    static class Tool
    {
        public static Ensdsl.Result Run(string file, string workingDirectory, IEnumerable<string> args, IDictionary<string, string>? env = null, TimeSpan? timeout = null)
        {
            var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory };
            foreach (var a in args) start.ArgumentList.Add(a);
            start.Environment["ENSDSL_CACHE"] = Ensdsl.Cache;
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            foreach (var (k, v) in env ?? new Dictionary<string, string>()) start.Environment[k] = v;
            return Ensdsl.Run(start, timeout);
        }
    }
}
