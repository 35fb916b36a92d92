using System.Diagnostics;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// The store at its limits, through the real CLI: the plan's disk estimate against what a run writes, the free-space
/// check before a run, and a filesystem that fills up in the middle of one (a tmpfs made for the test).
/// </summary>
[TakesAbout(25)]
public class StoreLimitsTests
{
    /// <summary>A tmpfs of a given size, mounted for a test (the tests run as root, as CI does) and unmounted after it.</summary>
    sealed class SmallFilesystem : IDisposable
    {
        public string Path { get; }

        public SmallFilesystem(string path, string size)
        {
            Path = path;
            Directory.CreateDirectory(path);
            Mount("-t", "tmpfs", "-o", $"size={size}", "tmpfs", path);
        }

        public void Resize(string size) => Mount("-o", $"remount,size={size}", Path);

        static void Mount(params string[] args)
        {
            var info = new ProcessStartInfo("mount") { RedirectStandardError = true };
            foreach (var a in args) info.ArgumentList.Add(a);
            using var p = Process.Start(info)!;
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"mount {string.Join(' ', args)} failed ({err.Trim()}): this test makes a small filesystem and needs root, as CI has");
        }

        public void Dispose()
        {
            using var p = Process.Start("umount", ["-l", Path]);
            p.WaitForExit();
        }
    }

    static JObject Json(Ensdsl.Result r)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        return JObject.Parse(r.Out);
    }

    [Fact]
    public void The_plan_estimates_the_store_a_run_writes_and_a_run_refuses_a_filesystem_clearly_too_small()
    {
        using var w = new Workspace("tiny.csx");
        var planned = Json(w.Run("plan", "tiny.csx", "--json"))["totals"]!;
        Assert.Equal((0, 0, 5), ((int)planned["nodes_cached"]!, (int)planned["epochs_cached"]!, (int)planned["epochs_to_train"]!));
        Assert.False(Directory.Exists(w.At(".ensdsl")));                                   // planning never creates a store
        w.CopyStore(FinishedStores.Tiny);                                                  // what the run writes
        var written = Json(w.Run("store", "du", "--json"))["by_content"]!;
        var actual = (long)written["weights"]! + (long)written["optimizer_state"]! + (long)written["predictions"]!;
        var estimate = (long)planned["disk_bytes"]!;
        Assert.InRange(estimate, 0.95 * actual, actual);                                   // files add only their headers
        Assert.InRange((long)planned["disk"]!["weights"]!, 0.95 * (long)written["weights"]!, (long)written["weights"]!);
        Assert.Equal((long)written["optimizer_state"]! > 0, (long)planned["disk"]!["optimizer_state"]! > 0);

        var cached = Json(w.Run("plan", "tiny.csx", "--json"))["totals"]!;
        Assert.Equal((11, 5, 0, 0L), ((int)cached["nodes_cached"]!, (int)cached["epochs_cached"]!, (int)cached["epochs_to_train"]!, (long)cached["disk_bytes"]!));
        Assert.Null((double?)planned["train_seconds_estimate"]);                           // an empty store has measured nothing

        // Another script's steps of the same architecture, image size and batch size are estimated from the speed the
        // store measured; a step of another batch size is not.
        File.Copy(Path.Combine(Ensdsl.Fixtures, "run", "continued.csx"), w.At("continued.csx"));
        File.Copy(Path.Combine(Ensdsl.Fixtures, "run", "shared.csx"), w.At("shared.csx"));
        var same = Json(w.Run("plan", "continued.csx", "--json"))["totals"]!;
        Assert.Equal((1, 1), ((int)same["train_steps_left"]!, (int)same["train_steps_estimated"]!));
        Assert.True((double)same["train_seconds_estimate"]! > 0);
        var other = Json(w.Run("plan", "shared.csx", "--json"))["totals"]!;
        Assert.Equal((1, 0), ((int)other["train_steps_left"]!, (int)other["train_steps_estimated"]!));   // 'own', batch 16
        Assert.Contains("Training: about", w.Run("plan", "continued.csx").Out);

        using var small = new SmallFilesystem(w.At("small"), "1m");
        var refused = w.Run("run", "tiny.csx", "--store", "small/store", "--no-tracking", "--no-progress");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("ENS0410", refused.Err);
        Assert.Contains("--no-space-check", refused.Err);
        Assert.Empty(Directory.GetDirectories(w.At("small", "store", "nodes")));           // nothing computed, nothing lost
    }

    [Fact]
    public void A_filesystem_that_fills_mid_run_stops_the_run_cleanly_and_a_run_after_freeing_space_resumes_to_the_same_results()
    {
        using var w = new Workspace("tiny.csx");
        using var small = new SmallFilesystem(w.At("small"), "2m");
        var full = w.Run("run", "tiny.csx", "--store", "small/store", "--no-tracking", "--no-progress", "--no-space-check");
        Assert.Equal(1, full.ExitCode);
        Assert.Contains($"no space left on {small.Path}", full.Flat);
        Assert.Contains("MB free", full.Flat);
        Assert.Contains("not started: the store's filesystem is full", full.Flat);
        Assert.DoesNotContain("internal error", full.Flat);
        var store = w.At("small", "store");
        Assert.Empty(Directory.GetFiles(store, "*.tmp-*", SearchOption.AllDirectories));   // no partial write left
        var entries = JArray.Parse(w.Run("store", "ls", "--json", "--store", store).Out);
        Assert.All(entries, e => Assert.Contains((string)e["state"]!, new[] { "finished", "unfinished", "empty" }));     // no result without its record
        Assert.All(entries.Where(e => (string)e["state"]! == "empty"), e => Assert.Equal(0L, (long)e["bytes"]!));
        Assert.Contains(entries, e => (string)e["state"]! == "finished");

        small.Resize("20m");
        var resumed = w.Run("run", "tiny.csx", "--store", "small/store", "--no-tracking", "--no-progress");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("cached", resumed.Out);
        Assert.Equal(FinishedStores.Tiny.Checksums, Workspace.Checksums(store));
    }
}
