using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>The four code examples of design.md, planned by the real CLI (<c>plan --json</c>).</summary>
public class DesignExamplesTests
{
    static JObject PlanJson(string fixture, params string[] extra)
    {
        var result = Ensdsl.InFixtures(["plan", fixture, "--json", .. extra]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JObject.Parse(result.Out);
    }

    static IEnumerable<JToken> Nodes(JObject plan, string kind) => plan["nodes"]!.Where(n => (string?)n["kind"] == kind);

    [Fact]
    public void Canonical_chain()
    {
        var plan = PlanJson("design/canonical.csx");
        Assert.Equal(5, Nodes(plan, "train").Count());
        Assert.Equal((125, 125, 125), ((int)plan["totals"]!["epochs"]!, (int)plan["totals"]!["epochs_without_sharing"]!, (int)plan["totals"]!["critical_path_epochs"]!));
        var first = Nodes(plan, "train").First();
        foreach (var field in new[] { "id", "kind", "label", "parents", "epochs", "seed", "lr_per_epoch" })
            Assert.NotNull(first[field]);
        Assert.Equal(25, first["lr_per_epoch"]!.Count());
        Assert.Equal(0.05, (double)first["lr_per_epoch"]![0]!);
        Assert.Equal("design/canonical.csx", (string?)plan["script"]);
        Assert.Equal("design/canonical.csx:1", (string?)first["locations"]![0]);
    }

    [Fact]
    public void StarSSE_with_a_soup_and_parameters()
    {
        var plan = PlanJson("design/starsse.csx", "--set", "cycleLr=0.1");
        Assert.Equal(["StarSSE", "StarSSE soup"], plan["outputs"]!.Select(o => (string)o["name"]!));
        Assert.Equal(50, (int)plan["totals"]!["critical_path_epochs"]!);
        var branches = Nodes(plan, "train").Where(n => ((string)n["label"]!).StartsWith("StarSSE", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, branches.Count);
        Assert.All(branches, b => Assert.Equal(0.1, (double)b["lr_per_epoch"]![0]!));
        Assert.Equal(["data", "ckpt", "seed", "cycleLr"], plan["parameters"]!.Select(p => (string)p["name"]!));
    }

    [Fact]
    public void Sweep_shares_one_fine_tune_per_checkpoint_and_seed()
    {
        var plan = PlanJson("design/sweep.csx");
        Assert.Equal(80, plan["outputs"]!.Count());
        Assert.Equal(4, Nodes(plan, "train").Count(n => (string?)n["label"] == "fine-tune"));
        Assert.Equal(15060, (int)plan["totals"]!["epochs"]!);
        Assert.Equal(16960, (int)plan["totals"]!["epochs_without_sharing"]!);
        Assert.Equal(125, (int)plan["totals"]!["critical_path_epochs"]!);
    }

    [Fact]
    public void A_user_defined_exploration_describes_its_per_batch_schedule()
    {
        var plan = PlanJson("design/fge.csx");
        var cycles = Nodes(plan, "train").Skip(1).ToList();
        Assert.Equal(4, cycles.Count);
        Assert.All(cycles, c =>
        {
            Assert.Null(c["lr_per_epoch"]);
            Assert.True((bool)c["lr_schedule"]!["per_batch"]!);
            Assert.Equal("triangular 0.0005↗0.05↘", (string?)c["lr_schedule"]!["formula"]);
            Assert.Equal(2, (int)c["lr_schedule"]!["cycle_epochs"]!);
        });
    }

    [Fact]
    public void A_list_override_sweeps_and_shares_the_fine_tune()
    {
        var plan = PlanJson("design/starsse.csx", "--set", "cycleLr=[0.025,0.05,0.1]");
        Assert.Equal(["cycleLr=0.025", "cycleLr=0.05", "cycleLr=0.1"], plan["sweep"]!.Select(c => (string)c!));
        Assert.Single(Nodes(plan, "train"), n => (string?)n["label"] == "fine-tune");
        Assert.Equal(25 + 3 * 4 * 25, (int)plan["totals"]!["epochs"]!);
        Assert.Equal("StarSSE [cycleLr=0.025]", (string?)plan["outputs"]![0]!["name"]);
    }
}
