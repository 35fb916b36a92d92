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
        var result = Ensdsl.InRepo("check", script, "--no-input-check");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith($"{script}: ok (", result.Out);
    }

    // Without the data, check names every missing checkpoint and dataset at once, at the lines that read them.
    [Fact]
    public void Check_reports_every_missing_dataset_and_checkpoint_at_its_line()
    {
        var result = Ensdsl.InRepo("check", "experiments/baselines.csx");
        Assert.True(result.ExitCode == 2, result.ToString());
        var missing = result.Err.Split('\n').Where(l => l.Contains("error ENS0411", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, missing.Count);                                                      // five checkpoints and CIFAR-100
        Assert.Equal(5, missing.Count(l => l.Contains("checkpoint checkpoints/byol-1000ep-", StringComparison.Ordinal)));
        Assert.Contains(missing, l => l.Contains("dataset cifar100:datasets/cifar-100: folder", StringComparison.Ordinal));
        Assert.All(missing, l => Assert.Matches(@"^experiments/[\w/]+\.csx\(\d+,\d+\): error ENS0411", l));
        Assert.Equal(0, Ensdsl.InRepo("check", "experiments/quickstart.csx").ExitCode);      // the embedded task reads no files
    }

    // The paper's three setups on its three datasets: one check per script plans all nine cells.
    static IEnumerable<string> PaperScriptPaths => Directory.GetFiles(Path.Combine(Ensdsl.RepoRoot, "experiments"), "*.csx")
        .Where(p => File.ReadAllText(p).Contains("#load \"lib/setup.csx\"", StringComparison.Ordinal))
        .Select(p => Path.GetRelativePath(Ensdsl.RepoRoot, p)).Order(StringComparer.Ordinal);

    public static TheoryData<string> PaperScripts => [.. PaperScriptPaths];

    [Theory]
    [MemberData(nameof(PaperScripts))]
    public void Every_paper_script_checks_for_every_setup_on_every_dataset(string script)
    {
        var result = Ensdsl.InRepo("check", script, "--no-input-check", "--set", "setup=[byol,supervised,swin-t]",
            "--set", "data=[cifar100:datasets/cifar-100,cifar10:datasets/cifar-10,sun397:datasets/sun397]");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith($"{script}: ok (", result.Out);
    }

    [Fact]
    public void The_paper_scripts_cover_each_method()
    {
        var names = PaperScriptPaths.Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["baselines", "finetune", "shift", "sse", "sse_sweep", "starsse", "starsse_sweep"], names);
    }

    [Theory]
    [InlineData("byol", 25, 0.05, 1e-4, "sgd", "imagenettensor", "checkpoints/byol-1000ep-1.pt")]
    [InlineData("supervised", 25, 0.005, 5e-4, "sgd", "imagenettensor", "checkpoints/ckpt_1.pth.tar")]
    [InlineData("swin-t", 102, 1e-4, 0.25, "adamw", "swin", "checkpoints/swin_1.pth")]
    public void Each_setup_fine_tunes_with_the_authors_recipe(string setup, int epochs, double lr, double wd, string optimizer, string transform, string checkpoint)
    {
        var result = Ensdsl.InRepo("plan", "experiments/starsse.csx", "--json", "--set", $"setup={setup}", "--set", "data=sun397:datasets/sun397");
        Assert.True(result.ExitCode == 0, result.ToString());
        var plan = JObject.Parse(result.Out);
        var fineTune = plan["nodes"]!.Single(n => (string?)n["label"] == "fine-tune");
        var op = fineTune["op"]!;
        // The peak of the per-epoch LRs (Swin's warm-up rises to it).
        Assert.Equal((epochs, lr, wd, optimizer, transform, "sun397:datasets/sun397"),
            ((int)op["epochs"]!, fineTune["lr_per_epoch"]!.Max(v => (double)v), (double)op["optimizer"]!["wd"]!, (string)op["optimizer"]!["type"]!, (string)op["transform"]!, (string)op["data"]!));
        Assert.Equal(checkpoint, (string?)plan["nodes"]!.Single(n => (string?)n["kind"] == "pretrained")["op"]!["checkpoint"]);
        // E + (N − 1) cycles of E epochs each.
        Assert.Equal(5 * epochs, (int)plan["totals"]!["epochs"]!);
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
    [InlineData("experiments/starsse_sweep.csx")]
    [InlineData("experiments/sse_sweep.csx")]
    public void A_sweep_with_a_seed_per_cell_fine_tunes_every_cell_as_the_authors_scripts_do(string script)
    {
        var shared = JObject.Parse(Ensdsl.InRepo("plan", script, "--json").Out);
        var result = Ensdsl.InRepo("plan", script, "--json", "--set", "seedPerCell=true");
        Assert.True(result.ExitCode == 0, result.ToString());
        var own = JObject.Parse(result.Out);
        static int FineTunes(JObject plan) => plan["nodes"]!.Count(n => (string?)n["label"] == "fine-tune");
        Assert.Equal((4, 80), (FineTunes(shared), FineTunes(own)));        // one per (checkpoint, seed), or one per cell
        // Every epoch the shared plan saved is trained: the cost the guide and the script name.
        Assert.Equal(((int)shared["totals"]!["epochs_without_sharing"]!, 0), ((int)own["totals"]!["epochs"]!, (int)own["totals"]!["epochs_saved"]!));
        Assert.Equal(16960, (int)own["totals"]!["epochs"]!);
    }

    [Fact]
    public void The_baselines_plan_the_authors_checkpoints_by_seeds_grid_in_independent_groups()
    {
        var result = Ensdsl.InRepo("plan", "experiments/baselines.csx", "--json", "--set", "groups=5");
        Assert.True(result.ExitCode == 0, result.ToString());
        var plan = JObject.Parse(result.Out);
        // 5 checkpoints × 5 seeds, each fine-tuned once and shared by a Local DE group and a Global DE group.
        Assert.Equal((625, 1250), ((int)plan["totals"]!["epochs"]!, (int)plan["totals"]!["epochs_without_sharing"]!));
        var nodes = plan["nodes"]!.ToDictionary(n => (string)n["id"]!);
        var ensembles = plan["outputs"]!.Where(o => (string?)o["kind"] == "ensemble").ToList();
        Assert.Equal(10, ensembles.Count);
        // A member: (checkpoint, seed) of the fine-tune its evaluation scores.
        (string Checkpoint, int Seed) Member(string evaluation)
        {
            var fineTune = nodes[(string)nodes[evaluation]["parents"]![0]!];
            return ((string)nodes[(string)fineTune["parents"]![0]!]["op"]!["checkpoint"]!, (int)fineTune["seed"]!);
        }
        var groups = ensembles.ToDictionary(o => (string)o["name"]!, o => nodes[(string)o["node"]!]["parents"]!.Select(e => Member((string)e!)).ToList());
        foreach (var (name, members) in groups.Where(g => g.Key.StartsWith("Global", StringComparison.Ordinal)))
        {
            Assert.Equal(5, members.Select(m => m.Checkpoint).Distinct().Count());
            Assert.Equal(5, members.Select(m => m.Seed).Distinct().Count());
        }
        foreach (var (name, members) in groups.Where(g => g.Key.StartsWith("Local", StringComparison.Ordinal)))
            Assert.Single(members.Select(m => m.Checkpoint).Distinct());
        // Each of the 25 models is in exactly one Global DE group.
        Assert.Equal(25, groups.Where(g => g.Key.StartsWith("Global", StringComparison.Ordinal)).SelectMany(g => g.Value).Distinct().Count());
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
    public void Plan_shows_the_slurm_jobs_it_would_submit_with_the_labs_settings()
    {
        using var lab = new TemporaryDirectory();
        foreach (var file in new[] { "starsse.csx", "lib/setup.csx" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(lab.Path, file))!);
            File.Copy(Path.Combine(Ensdsl.RepoRoot, "experiments", file), Path.Combine(lab.Path, file));
        }
        File.WriteAllText(Path.Combine(lab.Path, "ensdsl.json"), """{ "slurm": { "partition": "gpu", "time": "02:00:00", "sbatch_args": ["--exclusive"] } }""");
        var result = Ensdsl.Run(lab.Path, ["plan", "starsse.csx", "--executor", "slurm", "--time", "04:00:00", "--gpus-per-job", "1", "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var slurm = JObject.Parse(result.Out)["slurm"]!;
        Assert.Equal(["--partition=gpu", "--time=04:00:00", "--gpus=1", "--exclusive"], slurm["sbatch"]!.Select(o => (string)o!));
        // The fine-tune (with its checkpoint), four branches after it, and the evaluations and reports after all.
        Assert.Equal([25, 25, 25, 25, 25, 0], slurm["jobs"]!.Select(j => (int)j["epochs"]!));
        Assert.Equal(["", "0", "0", "0", "0", "0,1,2,3,4"], slurm["jobs"]!.Select(j => string.Join(",", j["after"]!.Select(a => (int)a))));
        Assert.Equal(100, (int)slurm["max_jobs"]!);                                   // the queue budget, by default
        var budget = Ensdsl.Run(lab.Path, ["plan", "starsse.csx", "--executor", "slurm", "--max-jobs", "2"]);
        Assert.True(budget.ExitCode == 0, budget.ToString());
        Assert.Contains("at most 2 in Slurm at once, the rest submitted as earlier ones end (--max-jobs)", budget.Flat);

        File.WriteAllText(Path.Combine(lab.Path, "ensdsl.json"), """{ "slurm": { "gpus": 1 } }""");
        var bad = Ensdsl.Run(lab.Path, ["plan", "starsse.csx", "--executor", "slurm"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("error ENS0405: ", bad.Err);
        Assert.Contains("ensdsl.json: slurm.gpus: unknown setting; known: partition, account, qos, time, gpus_per_job", bad.Flat);
    }

    sealed class TemporaryDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("ensdsl-lab-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    [Fact]
    public void The_paper_recipe_is_what_the_experiments_plan()
    {
        var plan = JObject.Parse(Ensdsl.InRepo("plan", "experiments/starsse.csx", "--json").Out);
        var fineTune = plan["nodes"]!.Single(n => (string?)n["label"] == "fine-tune");
        var op = fineTune["op"]!;
        Assert.Equal((25, 256, 224, "imagenettensor"), ((int)op["epochs"]!, (int)op["batch_size"]!, (int)op["image_size"]!, (string)op["transform"]!));
        Assert.Equal(("sgd", 0.9, 1e-4, false), ((string)op["optimizer"]!["type"]!, (double)op["optimizer"]!["momentum"]!, (double)op["optimizer"]!["wd"]!, (bool)op["optimizer"]!["nesterov"]!));
        Assert.Equal(("cosine", 0.05), ((string)op["schedule"]!["type"]!, (double)op["schedule"]!["lr"]!));
        Assert.Equal("cifar100:datasets/cifar-100", (string?)op["data"]);
    }
}
