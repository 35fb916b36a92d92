using ArchUnitNET.Domain;
using ArchUnitNET.Loader;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// The layers of docs/layout.md, read from the compiled assemblies (the CLI's build folder, as it runs): which of our
/// assemblies and which libraries each one uses, that the language does no I/O, and which namespaces of the runtime
/// depend on each other in a cycle. A new dependency against the layers fails here, not in a review.
/// </summary>
public sealed class ArchitectureTests
{
    static readonly Lazy<Architecture> Built = new(() => new ArchLoader()
        .LoadFilteredDirectory(Path.GetDirectoryName(Ensdsl.CliPath)!, "EnsDsl.*.dll")
        .LoadFilteredDirectory(Path.GetDirectoryName(Ensdsl.CliPath)!, "ensdsl.dll")
        .Build());

    // Types of assemblies not loaded (the framework, libraries) have no assembly here: they are told by their namespace.
    static string AssemblyOf(IType type) => type.Assembly?.Name?.Split(',')[0] ?? "";

    static IEnumerable<IType> TypesOf(string assembly) => Built.Value.Types.Where(t => AssemblyOf(t) == assembly);

    /// <summary>Every type <paramref name="assembly"/>'s types depend on, by full name, with the assembly it is in.</summary>
    static IEnumerable<(string Type, string Assembly)> Uses(string assembly) =>
        TypesOf(assembly).SelectMany(t => t.Dependencies).Select(d => (d.Target.FullName, AssemblyOf(d.Target))).Distinct();

    // Ours, from the top: the CLI uses the runtime and the script host, both use the language, the language nothing of ours.
    public static TheoryData<string, string[]> OurLayers => new()
    {
        { "ensdsl", ["EnsDsl.Runtime", "EnsDsl.Host", "EnsDsl.Dsl"] },
        { "EnsDsl.Runtime", ["EnsDsl.Dsl"] },
        { "EnsDsl.Host", ["EnsDsl.Dsl"] },
        { "EnsDsl.Dsl", [] },
    };

    [Theory]
    [MemberData(nameof(OurLayers))]
    public void An_assembly_of_ours_uses_only_the_layers_below_it(string assembly, string[] below)
    {
        Assert.NotEmpty(TypesOf(assembly));
        var ours = Uses(assembly).Select(u => u.Assembly).Where(a => a != assembly && (a.StartsWith("EnsDsl.", StringComparison.Ordinal) || a == "ensdsl")).Distinct();
        Assert.All(ours, a => Assert.True(below.Contains(a), $"{assembly} uses {a}: {string.Join(", ", Uses(assembly).Where(u => u.Assembly == a).Select(u => u.Type).Take(5))}"));
    }

    // The libraries a layer must not touch (by their root namespaces): the language knows neither Roslyn nor libtorch; the host compiles, it
    // trains nothing; the runtime trains, it compiles nothing; only the CLI draws on the terminal.
    public static TheoryData<string, string[]> ForeignLibraries => new()
    {
        { "EnsDsl.Dsl", ["TorchSharp", "Microsoft.CodeAnalysis", "Spectre.Console", "ScottPlot", "SkiaSharp", "Refit"] },
        { "EnsDsl.Host", ["TorchSharp", "Spectre.Console", "ScottPlot", "SkiaSharp", "Refit"] },
        { "EnsDsl.Runtime", ["Microsoft.CodeAnalysis", "Spectre.Console"] },
    };

    [Theory]
    [MemberData(nameof(ForeignLibraries))]
    public void A_layer_does_not_use_the_libraries_of_another(string assembly, string[] libraries)
    {
        var foreign = Uses(assembly).Where(u => libraries.Any(l => u.Type.StartsWith(l + ".", StringComparison.Ordinal))).ToList();
        Assert.True(foreign.Count == 0, $"{assembly} uses {string.Join(", ", foreign.Select(f => f.Type).Take(5))}");
    }

    [Fact]
    public void The_language_does_no_io()
    {
        // A script's values and plans are pure: files, processes and the network belong to the host and the runtime.
        string[] io = ["System.IO.File", "System.IO.Directory", "System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.FileStream",
            "System.IO.StreamReader", "System.IO.StreamWriter", "System.Diagnostics.Process", "System.Net."];
        // An entry ending in '.' is a namespace: every type in it.
        var used = Uses("EnsDsl.Dsl").Where(u => io.Any(t => u.Type == t || (t.EndsWith('.') && u.Type.StartsWith(t, StringComparison.Ordinal)))).ToList();
        Assert.True(used.Count == 0, $"EnsDsl.Dsl uses {string.Join(", ", used.Select(u => u.Type))}");
    }

    /// <summary>
    /// The runtime's namespaces from the bottom up: a namespace uses only those before it, so they form no cycle.
    /// The tensor engine's basics and seeded randomness; images, datasets, networks and their checkpoints, training;
    /// the results' vocabulary (what a node gives, metric names, statistics) below the scores that fill it, the store
    /// that records it and the executors; the reports that read a run's results above them; Slurm, tracking and a
    /// whole run on top.
    /// </summary>
    static readonly string[] RuntimeLayers =
        ["Torch", "Randomness", "Imaging", "Data", "Models", "Checkpoints", "Training", "Results", "Scoring", "Store", "Execution", "Reports", "Slurm", "Tracking", "Runs"];

    [Fact]
    public void The_runtimes_namespaces_use_only_those_below_them()
    {
        const string prefix = "EnsDsl.Runtime.";
        string? Area(IType t) => t.Namespace?.FullName is { } name && name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..].Split('.')[0] : null;
        var uses = TypesOf("EnsDsl.Runtime")
            .SelectMany(t => t.Dependencies.Select(d => (From: Area(t), To: Area(d.Target), Type: t.FullName, Target: d.Target.FullName)))
            .Where(e => e.From is not null && e.To is not null && e.From != e.To)
            .ToList();
        var unplaced = uses.SelectMany(e => new[] { e.From!, e.To! }).Distinct().Where(a => !RuntimeLayers.Contains(a)).ToList();
        Assert.True(unplaced.Count == 0, $"place EnsDsl.Runtime.{string.Join(", EnsDsl.Runtime.", unplaced)} in {nameof(RuntimeLayers)}");
        var upward = uses.Where(e => Array.IndexOf(RuntimeLayers, e.To) > Array.IndexOf(RuntimeLayers, e.From)).ToList();
        Assert.True(upward.Count == 0, "upward dependencies (a namespace using one above it closes a cycle):\n  " +
            string.Join("\n  ", upward.GroupBy(e => (e.From, e.To)).Select(g => $"{g.Key.From} → {g.Key.To}: {string.Join(", ", g.Select(e => $"{e.Type} uses {e.Target}").Distinct().Take(3))}")));
    }
}
