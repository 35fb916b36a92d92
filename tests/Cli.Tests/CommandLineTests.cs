namespace EnsDsl.Cli.Tests;

/// <summary>Bad command lines and the CLI's contract: exit codes, carets, plain output, the compile cache.</summary>
[TakesAbout(65)]
public class CommandLineTests
{
    // The caret's offset is counted within the --set argument as written.
    [Theory]
    [InlineData("cycels=0.1", "error ENS0303: --set cycels: the script has no parameter 'cycels'; did you mean 'cycles'? (known: ckpt, cycleLr, cycles, dataset, seed, star)", 0)]
    [InlineData("cycleLr=[0.1,,0.2]", "error ENS0301: --set cycleLr=[0.1,,0.2]: expected a value, found ','", 13)]
    [InlineData("cycles=2.5", "error ENS0302: --set cycles=2.5: 'cycles' is an integer (default 3, declared at params.csx:3); '2.5' is not", 7)]
    [InlineData("star=yes", "error ENS0302: --set star=yes: 'star' is a boolean (default false, declared at params.csx:3); 'yes' is not", 5)]
    [InlineData("cycles==3", "error ENS0302: --set cycles==3: 'cycles' is an integer (default 3, declared at params.csx:3); '=3' is not", 7)]
    [InlineData("seed", "error ENS0301: --set seed: expected '=' after the parameter name, found the end", 4)]
    public void Bad_overrides_exit_2_with_a_caret(string set, string diagnostic, int caret)
    {
        var result = Ensdsl.InFixtures("plan", "ok/params.csx", "--set", set);
        Assert.True(result.ExitCode == 2, result.ToString());
        var lines = result.Err.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(diagnostic, lines[0]);
        Assert.Equal($"  --set {set}", lines[1]);
        Assert.Equal(lines[1].IndexOf(set, StringComparison.Ordinal) + caret, lines[2].IndexOf('^'));
    }

    [Fact]
    public void Overrides_of_every_type_apply()
    {
        var result = Ensdsl.InFixtures("plan", "ok/params.csx", "--json", "--set", "cycles=4", "--set", "star=true",
            "--set", "ckpt=checkpoints/byol-1000ep-3.pt", "--set", "cycleLr=1e-1", "--set", "seed=9");
        Assert.True(result.ExitCode == 0, result.ToString());
        var plan = Newtonsoft.Json.Linq.JObject.Parse(result.Out);
        Assert.Equal("checkpoints/byol-1000ep-3.pt", (string?)plan["nodes"]![0]!["op"]!["checkpoint"]);
        var trains = plan["nodes"]!.Where(n => (string?)n["kind"] == "train").ToList();
        Assert.Equal(9, (int)trains[0]["seed"]!);
        Assert.Equal(3, trains.Count(t => ((string)t["label"]!).StartsWith("StarSSE branch", StringComparison.Ordinal)));
        Assert.All(trains.Skip(1), t => Assert.Equal(0.1, (double)t["lr_per_epoch"]![0]!));
    }

    [Fact]
    public void A_missing_script_exits_2()
    {
        var result = Ensdsl.InFixtures("check", "no/such/script.csx");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error ENS0001: script not found: no/such/script.csx", result.Err);
    }

    [Theory]
    [InlineData("plan", "ok/params.csx", "--bogus")]
    [InlineData("plan")]
    [InlineData("frobnicate", "x.csx")]
    public void Bad_command_lines_exit_2_without_a_stack_trace(params string[] args)
    {
        var result = Ensdsl.InFixtures(args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: ", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }

    // What the shell hands over for an unquoted `--set cycleLr=[0.01, 0.02]`: the list in pieces.
    [Theory]
    [InlineData("--set", "cycleLr=[0.01,", "0.02]")]
    [InlineData("--set=cycleLr=[0.01,", "0.02,", "0.04]")]
    [InlineData("--repeat", "seed=[1,", "2]")]
    public void A_list_the_shell_split_at_its_spaces_is_explained(params string[] split)
    {
        var result = Ensdsl.InRepo(["plan", "experiments/quickstart.csx", .. split]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("the shell split this list at its spaces; quote it", result.Err);
        Assert.DoesNotContain("Could not match", result.Err);
    }

    // The runtime settings the benchmarks were measured with (src/Cli/EnsDsl.Cli.csproj, docs/benchmarks/history.md, fix 2).
    [Fact]
    public void The_cli_runs_without_dynamic_pgo()
    {
        var config = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(Path.ChangeExtension(Ensdsl.CliPath, ".runtimeconfig.json")));
        Assert.Equal(false, (bool?)config["runtimeOptions"]?["configProperties"]?["System.Runtime.TieredPGO"]);
    }

    // Option descriptions are Spectre markup: a bracket in one (e.g. "[a,b]") once made `run --help` an internal error.
    [Theory]
    [InlineData("--help")]
    [InlineData("run", "--help")]
    [InlineData("plan", "--help")]
    [InlineData("check", "--help")]
    [InlineData("eval", "--help")]
    [InlineData("inspect", "--help")]
    [InlineData("mlflow", "sync", "--help")]
    [InlineData("export", "--help")]
    [InlineData("compare", "--help")]
    [InlineData("store", "du", "--help")]
    [InlineData("store", "ls", "--help")]
    [InlineData("store", "show", "--help")]
    [InlineData("store", "gc", "--help")]
    [InlineData("store", "prune", "--help")]
    public void Every_help_page_renders(params string[] args)
    {
        var result = Ensdsl.InFixtures(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("USAGE:", result.Out);
        Assert.DoesNotContain("internal error", result.Out + result.Err);
    }

    [Fact]
    public void A_second_run_uses_the_compiled_script_and_does_not_load_the_compiler()
    {
        var dir = Directory.CreateTempSubdirectory("ensdsl-cache-test-").FullName;
        File.WriteAllText(Path.Combine(dir, "x.csx"), "Pretrained(\"byol\").FineTune().StarSnapshots(cycles: 3).Ensemble()\n");
        var env = new Dictionary<string, string> { ["ENSDSL_TIMING"] = "1", ["ENSDSL_CACHE"] = Path.Combine(dir, "cache") };
        var first = Ensdsl.Run(dir, ["plan", "x.csx"], env);
        var second = Ensdsl.Run(dir, ["plan", "x.csx"], env);
        Assert.Contains("timing: script compiled", first.Err);
        Assert.Contains("roslyn loaded: yes", first.Err);
        Assert.Contains("timing: script cached", second.Err);
        Assert.Contains("roslyn loaded: no", second.Err);
        Assert.Equal(first.Out, second.Out);
        var noCache = Ensdsl.Run(dir, ["plan", "x.csx", "--no-cache"], env);
        Assert.Contains("timing: script compiled", noCache.Err);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Redirected_output_is_plain_text()
    {
        var result = Ensdsl.InFixtures("plan", "design/starsse.csx");
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain('\u001b', result.Out + result.Err);
        Assert.Contains("fine-tune  25 ep  cosine 0.05→0", result.Out);
        Assert.Contains("125 epochs to train; 125 without sharing (0 saved); critical path 50 epochs", result.Out);
        Assert.Contains("Store: adds at least", result.Out);
    }

    [Fact]
    public void Run_without_the_checkpoint_stops_before_anything_starts_and_names_the_file_at_its_line()
    {
        var dir = Directory.CreateTempSubdirectory("ensdsl-run-").FullName;
        File.Copy(Path.Combine(Ensdsl.Fixtures, "design", "canonical.csx"), Path.Combine(dir, "canonical.csx"));
        var result = Ensdsl.Run(dir, ["run", "canonical.csx", "--no-progress"]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Matches(@"canonical\.csx\(\d+,\d+\): error ENS0411: checkpoint checkpoints/byol-1000ep-1\.pt: no such file", result.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "runs")));                       // nothing started, nothing recorded
        Assert.False(Directory.Exists(Path.Combine(dir, "mlruns")));
        Directory.Delete(dir, recursive: true);
    }

    [Trait(Category.Name, Category.Package)]
    [Fact]
    public void The_wrapper_works_when_symlinked_onto_PATH()
    {
        // ./ensdsl builds and runs the clone it lives in; called through a symlink it must still find that clone
        // (it once looked beside the link: "MSB1009: Project file does not exist"). Its first use builds the publish.
        var run = ReleaseBuild.WrapperThroughSymlink;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"^\d+\.\d+\.\d+", run.Out.Trim());
    }

    [Fact]
    public void The_wrapper_names_the_torch_variants_when_given_another()
    {
        // ENSDSL_TORCH picks the libtorch ./ensdsl builds with (cpu or cuda); a typo is refused before anything builds.
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(Ensdsl.RepoRoot, "ensdsl"), "--version");
        start.Environment["ENSDSL_TORCH"] = "rocm";
        var run = Ensdsl.Run(start, TimeSpan.FromMinutes(2));
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("EnsDslTorch is 'rocm': it must be cpu or cuda", run.Out + run.Err);
        Assert.False(Directory.Exists(Path.Combine(Ensdsl.RepoRoot, "artifacts", "ensdsl-rocm")));
    }
}
