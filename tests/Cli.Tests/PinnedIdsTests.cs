using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// Node ids are the names of users' stored results: a change to the code that plans must not change them. The ids of
/// every script in experiments/ and of the plannable test fixtures were written into Fixtures/pinned-ids.txt before
/// the plan became typed (issue 13); each script's plan must still give exactly those nodes. On a mismatch the actual
/// listing is written beside the test assembly, to diff against the pinned one.
/// </summary>
public class PinnedIdsTests
{
    static string PinnedFile => Path.Combine(Ensdsl.Fixtures, "pinned-ids.txt");

    /// <summary>Every script whose plan is pinned, with the <c>--set</c> arguments it is planned with.</summary>
    public static TheoryData<string, string> Scripts
    {
        get
        {
            var data = new TheoryData<string, string>();
            var scripts = Directory.GetFiles(Path.Combine(Ensdsl.RepoRoot, "experiments"), "*.csx")
                .Concat(new[] { "design", "ok", "run" }.SelectMany(d => Directory.GetFiles(Path.Combine(Ensdsl.Fixtures, d), "*.csx")))
                .Select(p => Path.GetRelativePath(Ensdsl.RepoRoot, p)).Order(StringComparer.Ordinal);
            foreach (var script in scripts) data.Add(script, "");
            data.Add("experiments/quickstart.csx", "cycleLr=[0.01,0.04]");
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void A_script_plans_to_its_pinned_node_ids(string script, string set)
    {
        var args = new List<string> { "plan", script, "--json" };
        if (set.Length > 0) args.AddRange(["--set", set]);
        var result = Ensdsl.Run(Ensdsl.RepoRoot, args);
        Assert.True(result.ExitCode == 0, result.ToString());
        var actual = Listing(JObject.Parse(result.Out));

        var key = set.Length == 0 ? script : $"{script} --set {set}";
        var pinned = Pinned().GetValueOrDefault(key);
        if (pinned != actual)
        {
            var dump = Path.Combine(AppContext.BaseDirectory, "pinned-ids.actual.txt");
            File.AppendAllText(dump, $"## {key}\n{actual}\n");
            Assert.Fail($"{key}: the plan's nodes differ from the pinned ones in {PinnedFile} (actual listing appended to {dump})\n" +
                $"--- pinned\n{pinned ?? "(none)"}\n--- actual\n{actual}");
        }
    }

    /// <summary>One line per node, plan order: id, kind, seed, epochs, parents, label; then one per output.</summary>
    static string Listing(JObject plan) => string.Join("\n",
        plan["nodes"]!.Select(n => string.Join(" | ", (string)n["id"]!, (string)n["kind"]!, (string?)n["seed"] ?? "-", (string)n["epochs"]!,
                string.Join(",", n["parents"]!.Select(p => (string)p!)), (string)n["label"]!))
            .Concat(plan["outputs"]!.Select(o => string.Join(" | ", "output", (string)o["node"]!, (string)o["kind"]!, (string)o["name"]!))));

    static Dictionary<string, string> Pinned()
    {
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(PinnedFile)) return sections;
        string? key = null;
        var lines = new List<string>();
        foreach (var line in File.ReadAllLines(PinnedFile).Append("## end"))
        {
            if (!line.StartsWith("## ", StringComparison.Ordinal)) { if (line.Length > 0) lines.Add(line); continue; }
            if (key is not null) sections[key] = string.Join("\n", lines);
            (key, lines) = (line[3..], []);
        }
        return sections;
    }
}
