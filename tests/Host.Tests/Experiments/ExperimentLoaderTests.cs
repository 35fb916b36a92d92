using EnsDsl.Planning;
using EnsDsl.Host.Experiments;
using EnsDsl.Host.Scripting;

namespace EnsDsl.Host.Tests.Experiments;

public class ExperimentLoaderTests
{
    const string StarScript = """
        var center = Pretrained("byol").FineTune(epochs: 10, lr: 0.05, seed: Param("seed", 1));
        var star = center.StarSnapshots(cycles: 3, epochs: Param("cycleEpochs", 10), lr: Param("cycleLr", 0.05));
        return Report(star.Ensemble());
        """;

    static (Experiment?, System.Collections.Immutable.ImmutableArray<Problem>) Load(ScriptFiles files, string text, params string[] sets)
    {
        var (experiment, _, problems) = ExperimentLoader.Load(files.Write("x.csx", text), sets, new ScriptHost(new ScriptCache(files.Cache)));
        return (experiment, problems);
    }

    [Fact]
    public void Overrides_set_parameters()
    {
        using var files = new ScriptFiles();
        var (experiment, problems) = Load(files, StarScript, "cycleLr=0.2", "seed=7");
        Assert.Empty(problems);
        var plan = experiment!.Plan;
        Assert.Equal(7, plan.Nodes.Single(n => n.Label == "fine-tune").Seed);
        Assert.All(plan.Nodes.OfType<TrainNode>().Where(n => n.Label.StartsWith("StarSSE", StringComparison.Ordinal)), n => Assert.Equal(0.2, n.LrPerEpoch![0]));
        Assert.Equal(["seed", "dataset", "cycleEpochs", "cycleLr"], experiment.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void List_overrides_sweep_the_cartesian_product_and_share_common_steps()
    {
        using var files = new ScriptFiles();
        var (experiment, problems) = Load(files, StarScript, "cycleLr=[0.05,0.1]", "cycleEpochs=5..6");
        Assert.Empty(problems);
        Assert.Equal(["cycleLr=0.05, cycleEpochs=5", "cycleLr=0.05, cycleEpochs=6", "cycleLr=0.1, cycleEpochs=5", "cycleLr=0.1, cycleEpochs=6"],
            experiment!.Cells.AsEnumerable());
        var plan = experiment.Plan;
        Assert.Single(plan.Nodes, n => n.Label == "fine-tune");
        Assert.Equal(10 + 2 * 2 * (5 + 6), plan.Totals.Epochs);
        Assert.Equal("StarSSE [cycleLr=0.1, cycleEpochs=6]", plan.Outputs[^1].Name);
    }

    [Fact]
    public void A_repetition_axis_is_the_innermost_sweep_axis_and_is_recorded_as_such()
    {
        using var files = new ScriptFiles();
        var (experiment, _, problems) = ExperimentLoader.Load(files.Write("x.csx", StarScript), ["cycleLr=[0.05,0.1]"], new ScriptHost(new ScriptCache(files.Cache)), "seed=1..2");
        Assert.Empty(problems);
        Assert.Equal("seed", experiment!.Repeat);
        Assert.Equal(["cycleLr=0.05, seed=1", "cycleLr=0.05, seed=2", "cycleLr=0.1, seed=1", "cycleLr=0.1, seed=2"], experiment.Cells.AsEnumerable());
        var last = experiment.Plan.Outputs[^1];
        Assert.Equal(("StarSSE", "0.1", "2", "cycleLr=0.1"), (last.Title, last.Cell!.ValueOf("cycleLr"), last.Cell.ValueOf("seed"), last.Cell.Without("seed").Label));
        Assert.Equal(2, experiment.Plan.Nodes.Count(n => n.Label == "fine-tune"));        // one centre per seed, shared by both cycle LRs
    }

    [Fact]
    public void An_output_that_an_axis_does_not_change_is_reported_once_for_the_cells_it_covers()
    {
        const string script = """
            var seed = Param("seed", 1);
            var star = Pretrained("byol").FineTune(epochs: 10, lr: 0.05, seed: seed).StarSnapshots(cycles: 3, epochs: 10, lr: Param("cycleLr", 0.05));
            var local = Members(Seeds(2).Select(s => Pretrained("byol").FineTune(epochs: 10, lr: 0.05, seed: 100 * seed + s))).Ensemble().Named("Local DE");
            return Report(star.Ensemble(), local, Pretrained("byol").FineTune(epochs: 10, lr: 0.05, seed: 7).Evaluate().Named("fixed"));
            """;
        using var files = new ScriptFiles();
        var (experiment, _, problems) = ExperimentLoader.Load(files.Write("x.csx", script), ["cycleLr=[0.05,0.1]"], new ScriptHost(new ScriptCache(files.Cache)), "seed=1..2");
        Assert.Empty(problems);
        Assert.Equal(["StarSSE [cycleLr=0.05, seed=1]", "Local DE [seed=1]", "fixed", "StarSSE [cycleLr=0.05, seed=2]", "Local DE [seed=2]",
            "StarSSE [cycleLr=0.1, seed=1]", "StarSSE [cycleLr=0.1, seed=2]"], experiment!.Plan.Outputs.Select(o => o.Name));
        var local = experiment.Plan.Outputs.Single(o => o.Name == "Local DE [seed=2]");
        Assert.Equal(["cycleLr=0.05, seed=2", "cycleLr=0.1, seed=2"], local.Covers.Select(c => c.Label));
        Assert.Equal(4, experiment.Plan.Outputs.Single(o => o.Name == "fixed").Covers.Length);
        Assert.Null(experiment.Plan.Outputs.Single(o => o.Name == "fixed").Cell);
    }

    [Fact]
    public void Repeat_in_a_script_is_read_as_repeat_on_the_command_line()
    {
        const string script = """
            Model Center(int seed) => Pretrained("byol").FineTune(epochs: 10, lr: 0.05, seed: seed);
            return Repeat("seed", Seeds(3), seed => Report(Center(seed).StarSnapshots(cycles: 3, epochs: 10, lr: Param("cycleLr", 0.05)).Ensemble()));
            """;
        using var files = new ScriptFiles();
        var path = files.Write("x.csx", script);
        var host = new ScriptHost(new ScriptCache(files.Cache));
        var (inScript, _, problems) = ExperimentLoader.Load(path, ["cycleLr=[0.05,0.1]"], host);
        Assert.Empty(problems);
        Assert.Equal("seed", inScript!.Repeat);
        Assert.Equal(["StarSSE [cycleLr=0.05, seed=1]", "StarSSE [cycleLr=0.05, seed=2]", "StarSSE [cycleLr=0.05, seed=3]",
            "StarSSE [cycleLr=0.1, seed=1]", "StarSSE [cycleLr=0.1, seed=2]", "StarSSE [cycleLr=0.1, seed=3]"], inScript.Plan.Outputs.Select(o => o.Name));
        Assert.Equal(3, inScript.Plan.Nodes.Count(n => n.Label == "fine-tune"));

        // The same experiment with --repeat over a script parameter plans the same nodes.
        var (onCommandLine, _, _) = ExperimentLoader.Load(files.Write("y.csx", """
            var center = Pretrained("byol").FineTune(epochs: 10, lr: 0.05, seed: Param("seed", 1));
            return Report(center.StarSnapshots(cycles: 3, epochs: 10, lr: Param("cycleLr", 0.05)).Ensemble());
            """), ["cycleLr=[0.05,0.1]"], host, "seed=1..3");
        Assert.Equal(inScript.Plan.Nodes.Select(n => n.Id).Order(), onCommandLine!.Plan.Nodes.Select(n => n.Id).Order());
        Assert.Equal(inScript.Plan.Outputs.Select(o => o.Name), onCommandLine.Plan.Outputs.Select(o => o.Name));

        var (conflict, _, conflictProblems) = ExperimentLoader.Load(path, [], host, "cycleLr=[0.05,0.1]");
        Assert.Null(conflict);
        var p = Assert.Single(conflictProblems);
        Assert.Equal(DiagnosticCodes.ConflictingRepeat, p.Code);
        Assert.Contains("repeats over 'seed' and 'cycleLr'", p.Message);
    }

    [Theory]
    [InlineData("seed=3", "give the values to repeat over, as a list [1,2,3] or a range 1..5", "--repeat seed=3", "              ^")]
    [InlineData("cycleLr=[0.1,0.2]", "--repeat cycleLr: also given with --set; give it once", "--repeat cycleLr=[0.1,0.2]", "         ^")]
    [InlineData("sed=1..3", "--repeat sed: the script has no parameter 'sed'; did you mean 'seed'?", "--repeat sed=1..3", "         ^")]
    [InlineData("seed=1..", "--repeat seed=1..", "--repeat seed=1..", null)]
    public void A_bad_repetition_axis_is_a_located_user_error(string repeat, string message, string context, string? caret)
    {
        using var files = new ScriptFiles();
        var (experiment, _, problems) = ExperimentLoader.Load(files.Write("x.csx", StarScript), ["cycleLr=0.1"], new ScriptHost(new ScriptCache(files.Cache)), repeat);
        Assert.Null(experiment);
        var p = Assert.Single(problems);
        Assert.Contains(message, p.Message);
        Assert.Equal(context, p.Context[0]);
        if (caret is not null) Assert.Equal(caret, p.Context[1]);
    }

    [Fact]
    public void An_unknown_key_suggests_the_nearest_and_lists_the_known_ones()
    {
        using var files = new ScriptFiles();
        var (experiment, problems) = Load(files, StarScript, "cycleLR=0.1");
        Assert.Null(experiment);
        var p = Assert.Single(problems);
        Assert.Equal(DiagnosticCodes.UnknownOverride, p.Code);
        Assert.Contains("did you mean 'cycleLr'?", p.Message);
        Assert.Contains("known: cycleEpochs, cycleLr, dataset, seed", p.Message);
        Assert.Equal(["--set cycleLR=0.1", "      ^"], p.Context.AsEnumerable());
    }

    [Theory]
    [InlineData("cycleLr=[0.1,,0.2]", DiagnosticCodes.MalformedOverride, "expected a value", 19)]
    [InlineData("seed=1.5", DiagnosticCodes.OverrideType, "'seed' is an integer", 11)]
    [InlineData("dataset=cifar1000:x", DiagnosticCodes.OverrideType, "unknown kind 'cifar1000'", 14)]
    public void Bad_values_point_a_caret_at_the_problem(string set, string code, string message, int caret)
    {
        using var files = new ScriptFiles();
        var (experiment, problems) = Load(files, StarScript, set);
        Assert.Null(experiment);
        var p = Assert.Single(problems);
        Assert.Equal(code, p.Code);
        Assert.Contains(message, p.Message);
        Assert.Equal(caret, p.Context[1].IndexOf('^'));
    }

    [Fact]
    public void A_key_given_twice_is_an_error()
    {
        using var files = new ScriptFiles();
        var p = Assert.Single(Load(files, StarScript, "seed=1", "seed=2").Item2);
        Assert.Contains("given twice", p.Message);
    }

    [Fact]
    public void A_script_without_a_final_value_says_how_to_end_it()
    {
        using var files = new ScriptFiles();
        var (experiment, problems) = Load(files, "var center = Pretrained(\"byol\").FineTune();\n");
        Assert.Null(experiment);
        var p = Assert.Single(problems);
        Assert.Equal((DiagnosticCodes.NotAPlan, 1), (p.Code, p.Line));
        Assert.Contains("return Report(", p.Message);
    }

    [Fact]
    public void Validation_errors_come_back_with_the_plan_and_the_column_of_the_call()
    {
        using var files = new ScriptFiles();
        var (experiment, problems) = Load(files, "var m = Pretrained(\"byol\").FineTune(lr: -1);\nm.Evaluate()\n");
        Assert.NotNull(experiment);
        Assert.False(experiment!.Plan.IsValid);
        var p = Assert.Single(problems);
        Assert.Equal((DiagnosticCodes.InvalidHyperParameter, 1, 28), (p.Code, p.Line, p.Column));
    }

    [Fact]
    public void A_sequence_of_items_is_a_report()
    {
        using var files = new ScriptFiles();
        var (experiment, problems) = Load(files, "from s in Seeds(3) select Pretrained(\"byol\").FineTune(seed: s).Evaluate()\n");
        Assert.Empty(problems);
        Assert.Equal(3, experiment!.Plan.Outputs.Length);
        Assert.Equal(3, experiment.Plan.Nodes.Count(n => n.Kind == NodeKind.Train));
    }
}
