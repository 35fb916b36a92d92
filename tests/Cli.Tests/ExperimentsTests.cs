using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>Every script in experiments/ compiles and plans without data, as a user runs it from the repository.</summary>
public class ExperimentsTests
{
    public static TheoryData<string> Scripts => [.. Directory.GetFiles(Path.Combine(Ensdsl.RepoRoot, "experiments"), "*.csx")
        .Select(p => Path.GetRelativePath(Ensdsl.RepoRoot, p)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Checks(string script)
    {
        var result = Ensdsl.InRepo("check", script);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith($"{script}: ok (", result.Out);
    }

    [Theory]
    [InlineData("experiments/starsse_sweep.csx", 15060, 16960, 125)]
    [InlineData("experiments/sse_sweep.csx", 15060, 16960, 425)]
    [InlineData("experiments/starsse.csx", 125, 125, 50)]
    [InlineData("experiments/sse.csx", 125, 125, 125)]
    [InlineData("experiments/baselines.csx", 225, 250, 25)]   // Global DE's first member is Local DE's first member
    public void Plans_the_paper_settings(string script, int epochs, int withoutSharing, int criticalPath)
    {
        var result = Ensdsl.InRepo("plan", script, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        var totals = JObject.Parse(result.Out)["totals"]!;
        Assert.Equal((epochs, withoutSharing, criticalPath),
            ((int)totals["epochs"]!, (int)totals["epochs_without_sharing"]!, (int)totals["critical_path_epochs"]!));
    }

    [Theory]
    [InlineData("experiments/starsse_sweep.csx", 8, 1895)]
    [InlineData("experiments/starsse_sweep.csx", 128, 150)]
    [InlineData("experiments/sse_sweep.csx", 128, 425)]
    public void Plans_show_the_wall_clock_on_a_number_of_devices(string script, int devices, int makespan)
    {
        var json = Ensdsl.InRepo("plan", script, "--json", "--devices", devices.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal(makespan, (int)JObject.Parse(json.Out)["totals"]!["makespan_epochs"]!);
        var view = Ensdsl.InRepo("plan", script, "--devices", devices.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains($"On {devices} device(s): {makespan} epochs of wall-clock", view.Flat);
    }

    [Fact]
    public void The_paper_recipe_is_what_the_experiments_plan()
    {
        var plan = JObject.Parse(Ensdsl.InRepo("plan", "experiments/starsse.csx", "--json").Out);
        var fineTune = plan["nodes"]!.Single(n => (string?)n["label"] == "fine-tune");
        var op = fineTune["op"]!;
        Assert.Equal((25, 256, 224, "imagenet"), ((int)op["epochs"]!, (int)op["batch_size"]!, (int)op["image_size"]!, (string)op["transform"]!));
        Assert.Equal(("sgd", 0.9, 1e-4, false), ((string)op["optimizer"]!["type"]!, (double)op["optimizer"]!["momentum"]!, (double)op["optimizer"]!["wd"]!, (bool)op["optimizer"]!["nesterov"]!));
        Assert.Equal(("cosine", 0.05), ((string)op["schedule"]!["type"]!, (double)op["schedule"]!["lr"]!));
        Assert.Equal("cifar100:datasets/cifar-100", (string?)op["data"]);
    }
}
