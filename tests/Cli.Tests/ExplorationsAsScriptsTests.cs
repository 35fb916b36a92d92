using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// The built-in exploration methods are written with the public DSL only, so each is an example to copy: this test
/// pastes every method of src/Dsl/Explorations into a script as it stands in the source (modifiers and <c>this</c>
/// dropped), calls the pasted copies, and checks that they plan to the built-ins' node ids, labels and locations.
/// </summary>
public partial class ExplorationsAsScriptsTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("ensdsl-explorations-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    // A call of every method as a function, as the copies are called; the built-ins are called on the first argument.
    static readonly string[] Calls =
    [
        "Snapshots(center, cycles: 4, epochs: 3, lr: 0.1, warmup: 1).Ensemble()",
        "Snapshots(plain, cycles: 3, warmup: 2, constantWarmup: true, resetOptimizer: false).Ensemble()",
        "StarSnapshots(plain, cycles: 4, epochs: 3, warmup: 1).Ensemble()",
        "StarSnapshots(center, cycles: 1).Ensemble()",
        "Fge(center, cycles: 4, epochs: 2).Ensemble()",
        "Fge(center, cycles: 3, epochs: 2, lr: 0.1).Ensemble()",
        "Swa(plain, samples: 3, epochs: 2)",
        "LocalDE(Pretrained(\"byol\"), 3, Cifar10(), epochs: 4).Ensemble()",
        "GlobalDE(\"supervised\", 3, epochs: 2, lr: 0.01, seed: 4).Ensemble()",
    ];

    const string Models = """
        var center = Pretrained("byol").FineTune(Cifar10(), epochs: 6, lr: 0.05, wd: 3e-4, batchSize: 128, perBatch: true);
        var plain = Pretrained("supervised").FineTune(epochs: 5, lr: 0.01);
        """;

    [Fact]
    public void Every_method_pasted_into_a_script_plans_to_the_built_in_nodes()
    {
        var sources = Directory.GetFiles(Path.Combine(Ensdsl.RepoRoot, "src", "Dsl", "Explorations"), "*.cs").Order(StringComparer.Ordinal).ToList();
        var pasted = string.Join("\n", sources.Select(f => Members(File.ReadAllText(f))));
        foreach (var name in new[] { "Snapshots", "StarSnapshots", "Fge", "Swa", "LocalDE", "GlobalDE" })
            Assert.Contains($" {name}(", pasted);

        // The copies are called as functions; the built-ins as the DSL offers them (extension calls, GlobalDE a function).
        string BuiltIn(string call) => call.StartsWith("GlobalDE(", StringComparison.Ordinal) ? call
            : ReceiverCall().Replace(call, m => m.Groups["receiver"].Value + "." + m.Groups["method"].Value + "(", 1);
        var builtIns = Write("built_ins.csx", $"{Models}\nreturn Report({string.Join(",\n    ", Calls.Select(BuiltIn))});\n");
        var copies = Write("copies.csx", $"using System.Runtime.CompilerServices;\n{pasted}\n{Models}\nreturn Report({string.Join(",\n    ", Calls)});\n");

        var (builtInPlan, copiesPlan) = (Plan(builtIns), Plan(copies));
        var expected = Nodes(builtInPlan);
        var actual = Nodes(copiesPlan);
        foreach (var step in new[] { "SSE cycle 4/4", "StarSSE branch 4/4", "FGE cycle 3/3", "SWA stretch 3/3" })
            Assert.Contains(expected, n => n.Label == step);
        Assert.Equal(expected.Select(n => (n.Id, n.Kind, n.Label, n.Seed)), actual.Select(n => (n.Id, n.Kind, n.Label, n.Seed)));
        Assert.Equal(Outputs(builtInPlan), Outputs(copiesPlan));
    }

    string Write(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    static List<(string Id, string Kind, string Label, int? Seed)> Nodes(JObject plan) =>
        [.. plan["nodes"]!.Select(n => ((string)n["id"]!, (string)n["kind"]!, (string)n["label"]!, (int?)n["seed"]))];

    static List<(string, string, string)> Outputs(JObject plan) =>
        [.. plan["outputs"]!.Select(o => ((string)o["name"]!, (string)o["kind"]!, (string)o["node"]!))];

    static JObject Plan(string script)
    {
        var result = Ensdsl.Run(Path.GetDirectoryName(script)!, ["plan", Path.GetFileName(script), "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JObject.Parse(result.Out);
    }

    /// <summary>The members of a source file's class, as a script declares them: no doc comments, modifiers or <c>this</c>.</summary>
    static string Members(string source)
    {
        var body = source[(source.IndexOf("class ", StringComparison.Ordinal) is var c and >= 0 ? source.IndexOf('{', c) + 1 : 0)..source.LastIndexOf('}')];
        body = Renamed().Replace(body, "");                     // the [Obsolete] stub of a renamed overload
        var lines = body.Split('\n').Where(l => !l.TrimStart().StartsWith("///", StringComparison.Ordinal));
        return string.Join("\n", lines.Select(l => Modifiers().Replace(l, "$1").Replace("(this ", "(", StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"^(?<method>\w+)\((?<receiver>[^,()]+(?:\([^()]*\))?), ")]
    private static partial Regex ReceiverCall();

    [GeneratedRegex(@"^(\s*)(?:public |private |internal )?static ")]
    private static partial Regex Modifiers();

    [GeneratedRegex(@"\s*\[Obsolete\([^\n]*\n[^\n]*\n[^\n]*;\n")]
    private static partial Regex Renamed();
}
