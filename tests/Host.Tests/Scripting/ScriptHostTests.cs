using EnsDsl.Overrides;
using EnsDsl.Host.Scripting;

namespace EnsDsl.Host.Tests.Scripting;

public class ScriptHostTests
{
    static object? Run(LoadedScript script) => script.Run(new ParamContext(new Dictionary<string, Scalar>()));

    [Fact]
    public void Compiles_a_script_with_the_DSL_imported_and_returns_its_final_value()
    {
        using var files = new ScriptFiles();
        var path = files.Write("canonical.csx", "Pretrained(\"byol\").FineTune(epochs: 25, lr: 0.05).Snapshots(cycles: 5).Ensemble()\n");
        var (script, problems) = new ScriptHost(null).Load(path);
        Assert.Empty(problems);
        var ensemble = Assert.IsType<Ensemble>(Run(script!));
        Assert.Equal(5, ensemble.Members.Count);
        Assert.Equal(path, ensemble.Origin.File);
        Assert.Equal(1, ensemble.Origin.Line);
    }

    [Fact]
    public void Compile_errors_are_located_diagnostics()
    {
        using var files = new ScriptFiles();
        var path = files.Write("bad.csx", "var center = Pretrained(\"byol\").FineTune();\ncenter.Snapshotz(cycles: 5)\n");
        var (script, problems) = new ScriptHost(null).Load(path);
        Assert.Null(script);
        var p = Assert.Single(problems);
        Assert.Equal(("CS1061", 2, 8), (p.Code, p.Line, p.Column));
        Assert.Equal($"bad.csx(2,8): error CS1061: {p.Message}", p.Format(files.Directory));
        Assert.Contains("Snapshotz", p.Message);
    }

    // C# mistakes in DSL calls get a "did you mean", as DSL and --set mistakes do; Roslyn's code and location stay.
    [Theory]
    [InlineData("var c = Pretrained(\"byol\").FineTune();\nc.StarSnapshot(cycles: 5)\n", "CS1061", 2, 3, "(did you mean 'StarSnapshots'?)")]
    [InlineData("Pretrained(\"byol\").FineTune(epoch: 25)\n", "CS1739", 1, 29, "(did you mean 'epochs'?)")]
    [InlineData("Pretrainde(\"byol\").FineTune()\n", "CS0103", 1, 1, "(did you mean 'Pretrained'?)")]
    [InlineData("var center = Pretrained(\"byol\").FineTune();\ncentre.Snapshots(cycles: 3)\n", "CS0103", 2, 1, "(did you mean 'center'?)")]
    [InlineData("Pretrained(\"byol\").FineTune().Snapshots(cycle: 3)\n", "CS1739", 1, 41, "(did you mean 'cycles'?)")]
    public void CSharp_mistakes_in_DSL_calls_say_what_was_meant(string text, string code, int line, int column, string suggestion)
    {
        using var files = new ScriptFiles();
        var (script, problems) = new ScriptHost(null).Load(files.Write("typo.csx", text));
        Assert.Null(script);
        var p = Assert.Single(problems);
        Assert.Equal((code, line, column), (p.Code, p.Line, p.Column));
        Assert.EndsWith(suggestion, p.Message);
    }

    [Fact]
    public void A_name_nothing_resembles_gets_no_suggestion()
    {
        using var files = new ScriptFiles();
        var (_, problems) = new ScriptHost(null).Load(files.Write("far.csx", "Pretrained(\"byol\").FineTune().Quux()\n"));
        Assert.DoesNotContain("did you mean", Assert.Single(problems).Message);
    }

    [Fact]
    public void Loaded_files_share_their_declarations_and_keep_their_own_locations()
    {
        using var files = new ScriptFiles();
        files.Write("lib/setup.csx", "// shared setup\nconst int E = 7;\nModel Center() => Pretrained(\"byol\").FineTune(epochs: E);\n");
        var main = files.Write("main.csx", "#load \"lib/setup.csx\"\nCenter().Evaluate()\n");
        var (script, problems) = new ScriptHost(null).Load(main);
        Assert.Empty(problems);
        Assert.Equal(2, script!.Closure.Files.Length);
        var evaluation = Assert.IsType<Evaluation>(Run(script));
        var trained = Assert.IsType<Trained>(evaluation.Model);
        Assert.Equal(7, trained.Step.Epochs);
        Assert.Equal((Path.Combine(files.Directory, "lib", "setup.csx"), 3), (trained.Origin.File, trained.Origin.Line));
    }

    [Fact]
    public void A_load_cycle_is_reported_at_the_directive_that_closes_it()
    {
        using var files = new ScriptFiles();
        var a = files.Write("a.csx", "#load \"b.csx\"\nX()\n");
        files.Write("b.csx", "// b loads a\n#load \"a.csx\"\nEnsemble X() => Pretrained(\"byol\").FineTune().Snapshots(2).Ensemble();\n");
        var (script, problems) = new ScriptHost(null).Load(a);
        Assert.Null(script);
        var p = Assert.Single(problems);
        Assert.Equal((DiagnosticCodes.LoadCycle, 2, 7), (p.Code, p.Line, p.Column));
        Assert.EndsWith("b.csx", p.File);
        Assert.Contains("a.csx → b.csx → a.csx", p.Message);
    }

    [Fact]
    public void A_missing_load_and_a_missing_script_are_reported()
    {
        using var files = new ScriptFiles();
        var main = files.Write("main.csx", "#load \"nowhere.csx\"\n1\n");
        var p = Assert.Single(new ScriptHost(null).Load(main).Problems);
        Assert.Equal((DiagnosticCodes.LoadNotFound, 1), (p.Code, p.Line));
        var q = Assert.Single(new ScriptHost(null).Load(Path.Combine(files.Directory, "nope.csx")).Problems);
        Assert.Equal(DiagnosticCodes.ScriptNotFound, q.Code);
        Assert.Null(q.File);
    }

    [Fact]
    public void Exceptions_thrown_by_script_code_map_to_the_script_line()
    {
        using var files = new ScriptFiles();
        var path = files.Write("throws.csx", "var n = 3;\nstring Boom() => throw new InvalidOperationException(\"no data\");\nif (n == 3) Boom();\n1\n");
        var (script, _) = new ScriptHost(null).Load(path);
        var e = Assert.Throws<InvalidOperationException>(() => Run(script!));
        var p = ScriptHost.Locate(e, script!.Closure);
        Assert.Equal((DiagnosticCodes.ScriptThrew, path, 2), (p.Code, p.File, p.Line));
        Assert.Contains("InvalidOperationException: no data", p.Message);
    }

    [Fact]
    public void DSL_errors_map_to_the_call_with_its_column()
    {
        using var files = new ScriptFiles();
        var path = files.Write("zero.csx", "var center = Pretrained(\"byol\").FineTune();\nvar sse = center.Snapshots(cycles: 0);\nsse.Ensemble()\n");
        var (script, _) = new ScriptHost(null).Load(path);
        var e = Assert.Throws<DslException>(() => Run(script!));
        var p = ScriptHost.Locate(e, script!.Closure);
        Assert.Equal((DiagnosticCodes.InvalidCall, 2, 18), (p.Code, p.Line, p.Column));
    }

    [Fact]
    public void A_second_load_comes_from_the_cache_and_a_changed_load_invalidates_it()
    {
        using var files = new ScriptFiles();
        var lib = files.Write("lib.csx", "const int E = 5;\n");
        var main = files.Write("main.csx", "#load \"lib.csx\"\nPretrained(\"byol\").FineTune(epochs: E).Evaluate()\n");
        var host = new ScriptHost(new ScriptCache(files.Cache));
        Assert.False(host.Load(main).Script!.FromCache);
        var again = host.Load(main).Script!;
        Assert.True(again.FromCache);
        Assert.Equal(5, ((Trained)((Evaluation)Run(again)!).Model).Step.Epochs);

        File.WriteAllText(lib, "const int E = 9;\n");
        var changed = host.Load(main).Script!;
        Assert.False(changed.FromCache);
        Assert.Equal(9, ((Trained)((Evaluation)Run(changed)!).Model).Step.Epochs);
    }

    [Fact]
    public void A_damaged_cache_entry_is_recompiled_and_replaced()
    {
        using var files = new ScriptFiles();
        var main = files.Write("main.csx", "Pretrained(\"byol\").FineTune().Evaluate()\n");
        var host = new ScriptHost(new ScriptCache(files.Cache));
        host.Load(main);
        var dll = Directory.GetFiles(Path.Combine(files.Cache, "scripts"), "script.dll", SearchOption.AllDirectories).Single();
        File.WriteAllBytes(dll, File.ReadAllBytes(dll)[..100]);

        var (script, problems) = host.Load(main);
        Assert.Empty(problems);
        Assert.False(script!.FromCache);
        Assert.IsType<Evaluation>(Run(script));
        Assert.True(host.Load(main).Script!.FromCache);
    }

    [Fact]
    public void An_unwritable_cache_is_skipped()
    {
        using var files = new ScriptFiles();
        var main = files.Write("main.csx", "Pretrained(\"byol\").FineTune().Evaluate()\n");
        var blocker = files.Write("not-a-directory", "a file where the cache folder should be");
        var (script, problems) = new ScriptHost(new ScriptCache(blocker)).Load(main);
        Assert.Empty(problems);
        Assert.IsType<Evaluation>(Run(script!));
    }
}
