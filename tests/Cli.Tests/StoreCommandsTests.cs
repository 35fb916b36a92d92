using System.Security.Cryptography;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary><c>ensdsl store du/ls/show/gc/prune</c> through the real process, on a store that real runs filled.</summary>
[TakesAbout(20)]
public class StoreCommandsTests
{
    static string Sha(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));

    static Ensdsl.Result Ok(Workspace w, params string[] args)
    {
        var r = w.Run(args);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r;
    }

    [Fact]
    public void Du_ls_and_show_describe_the_store_gc_keeps_what_scripts_reach_and_prune_drops_unneeded_optimizer_state()
    {
        using var w = new Workspace("tiny.csx", "continued.csx");
        w.CopyStore(FinishedStores.Tiny);                                                 // what a run of tiny.csx stored
        Ok(w, "run", "continued.csx", "--no-tracking", "--no-progress");
        var nodes = w.At(".ensdsl", "nodes");
        var onDisk = Directory.GetFiles(nodes, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

        var du = JObject.Parse(Ok(w, "store", "du", "--json", "tiny.csx", "continued.csx").Out);
        Assert.Equal((14, onDisk), ((int)du["entries"]!, (long)du["bytes"]!));           // tiny: 11 nodes, continued: 3
        Assert.Equal(onDisk, ((JObject)du["by_content"]!).Properties().Sum(p => (long)p.Value));
        Assert.True((long)du["by_content"]!["weights"]! > (long)du["by_content"]!["optimizer_state"]!);
        Assert.Equal([(11, 11), (3, 3)], du["scripts"]!.Select(s => ((int)s["nodes"]!, (int)s["in_store"]!)));
        Assert.Contains("optimizer state", Ok(w, "store", "du").Out);

        var ls = JArray.Parse(Ok(w, "store", "ls", "--json", "continued.csx").Out);
        Assert.Equal(14, ls.Count);
        var first = ls.Single(e => (string)e["label"]! == "first");
        Assert.Equal(("train", "finished", "continued.csx"), ((string)first["kind"]!, (string)first["state"]!, (string)first["reached_by"]!.Single()!));
        var show = Ok(w, "store", "show", ((string)first["id"]!)[..8], "tiny.csx", "continued.csx");
        Assert.Contains("first", show.Out);
        Assert.Contains("optimizer.tensors", show.Out);
        Assert.Contains("reached by: continued.csx", show.Out);
        Assert.Contains("ENS0406", w.Run("store", "show", "ffffffffffff").Err);

        // gc lists what the given scripts do not reach and removes it only with --yes.
        var dry = Ok(w, "store", "gc", "continued.csx");
        Assert.Contains("11 entries", dry.Out);
        Assert.Contains("Nothing was removed", dry.Out);
        Assert.Equal(14, Directory.GetDirectories(nodes).Length);
        var missing = w.Run("store", "gc", "continued.csx", "absent.csx", "--yes");              // a script that cannot be planned: nothing goes
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal(14, Directory.GetDirectories(nodes).Length);
        Assert.Equal(2, w.Run("store", "gc", "--yes").ExitCode);                                 // no script: refused, not "everything"
        Ok(w, "store", "gc", "continued.csx", "--yes");
        Assert.Equal(3, Directory.GetDirectories(nodes).Length);
        var cached = Ok(w, "run", "continued.csx", "--no-tracking", "--no-progress");
        Assert.Contains("nodes: 3 cached", cached.Out);

        // prune keeps the optimizer state a step of a given script still continues, and drops it otherwise; a later
        // run that continues it trains the parent again, to the same weights.
        var firstDir = Path.Combine(nodes, (string)first["id"]!);
        var weights = Sha(Path.Combine(firstDir, "weights.tensors"));
        var keep = JObject.Parse(Ok(w, "store", "prune", "--optimizer-state", "--json", "continued.csx", "--set", "more=1").Out);
        Assert.DoesNotContain(keep["entries"]!, e => (string)e["label"]! == "first");
        Ok(w, "store", "prune", "--optimizer-state", "--yes");
        Assert.False(File.Exists(Path.Combine(firstDir, "optimizer.tensors")));
        Assert.Equal(0L, (long)JObject.Parse(Ok(w, "store", "du", "--json").Out)["by_content"]!["optimizer_state"]!);
        var more = Ok(w, "run", "continued.csx", "--set", "more=1", "--no-tracking", "--no-progress");
        Assert.Contains("optimizer state was pruned", more.Flat);
        Assert.Equal(weights, Sha(Path.Combine(firstDir, "weights.tensors")));
        Assert.True(File.Exists(Path.Combine(firstDir, "optimizer.tensors")));
    }

    [Fact]
    public void A_run_can_keep_optimizer_state_only_while_a_step_of_it_continues_the_state()
    {
        using var w = new Workspace("continued.csx");
        long OptimizerBytes(string store) => (long)JObject.Parse(Ok(w, "store", "du", "--json", "--store", store).Out)["by_content"]!["optimizer_state"]!;
        Ok(w, "run", "continued.csx", "--set", "more=1", "--no-tracking", "--no-progress", "--store", "all");
        Assert.True(OptimizerBytes("all") > 0);                                                // the default keeps it
        var dropped = Ok(w, "run", "continued.csx", "--set", "more=1", "--no-tracking", "--no-progress", "--store", "some", "--keep-optimizer-state", "unfinished");
        Assert.Contains("nodes: 4 done", dropped.Out);                                        // 'continued' read its parent's state first
        Assert.Equal(0, OptimizerBytes("some"));
        Assert.Equal(Workspace.Checksums(w.At("all")).Where(c => !c.Key.EndsWith("optimizer.tensors", StringComparison.Ordinal)),
            Workspace.Checksums(w.At("some")));
    }

    [Fact]
    public void Store_commands_name_a_missing_store_and_a_run_folder_without_results()
    {
        using var w = new Workspace();
        var none = w.Run("store", "ls", "--store", "nowhere");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("ENS0409", none.Err);
        Assert.False(Directory.Exists(w.At("nowhere")));                                         // looking never creates one
        Directory.CreateDirectory(w.At(".ensdsl", "nodes", "0123456789abcdef"));
        File.WriteAllText(w.At(".ensdsl", "store.json"), """{ "format": 1, "kind": "ensdsl store" }""");
        Directory.CreateDirectory(w.At("runs", "empty"));
        var notRun = w.Run("store", "gc", "runs/empty", "--yes");
        Assert.Equal(2, notRun.ExitCode);
        Assert.Contains("ENS0408", notRun.Err);
        Assert.True(Directory.Exists(w.At(".ensdsl", "nodes", "0123456789abcdef")));
    }
}
