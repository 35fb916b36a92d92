using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>Store entries a run cannot trust (damaged files, a lost record, another store format) are named and recomputed.</summary>
public class DamagedStoreTests
{
    [Fact]
    public void Damaged_store_entries_are_named_by_label_and_recomputed_to_the_same_results()
    {
        using var w = new Workspace("tiny.csx");
        var finished = FinishedStores.Tiny;
        var store = w.CopyStore(finished);
        var ids = finished.Results["nodes"]!.ToDictionary(n => (string)n["label"]!, n => (string)n["id"]!);
        string In(string label, string file) => Path.Combine(store, "nodes", ids[label], file);

        var weights = File.ReadAllBytes(In("train", "weights.tensors"));
        File.WriteAllBytes(In("train", "weights.tensors"), weights[..(weights.Length / 2)]);          // truncated
        var predictions = File.ReadAllBytes(In("evaluate StarSSE branch 2/3", "predictions.tensors"));
        predictions[predictions.Length / 2] ^= 0x40;                                                   // one flipped bit
        File.WriteAllBytes(In("evaluate StarSSE branch 2/3", "predictions.tensors"), predictions);
        File.Delete(In("StarSSE soup", "node.json"));                                                  // record lost
        var record = JObject.Parse(File.ReadAllText(In("ensemble of 3", "node.json")));
        record["format"] = 99;                                                                         // another store format
        File.WriteAllText(In("ensemble of 3", "node.json"), record.ToString());

        var again = w.Run("run", "tiny.csx", "--no-progress", "--no-tracking", "--out", "again");
        Assert.True(again.ExitCode == 0, again.ToString());
        foreach (var (label, reason) in new[]
        {
            ("train", "weights.tensors fails its checksum"), ("evaluate StarSSE branch 2/3", "predictions.tensors fails its checksum"),
            ("StarSSE soup", "result files without node.json"), ("ensemble of 3", "written by store format 99"),
        })
            Assert.Matches($@"note\s+{System.Text.RegularExpressions.Regex.Escape(label)} \({ids[label][..8]}\): stored result discarded \({System.Text.RegularExpressions.Regex.Escape(reason)}", again.Flat);
        Assert.Equal(finished.Checksums, Workspace.Checksums(store));
        var results = JObject.Parse(File.ReadAllText(w.At("again", "results.json")));
        Assert.Equal("done", (string)results["nodes"]!.Single(n => (string)n["label"]! == "train")["status"]!);
        Assert.Equal(finished.Results["outputs"]!.Select(o => o["metrics"]!.ToString()), results["outputs"]!.Select(o => o["metrics"]!.ToString()));
    }

    [Fact]
    public void An_entry_written_by_another_store_version_is_recomputed()
    {
        using var w = new Workspace("tiny.csx");
        w.CopyStore(FinishedStores.Tiny);
        var record = Directory.GetFiles(Path.Combine(w.Directory, ".ensdsl", "nodes"), "node.json", SearchOption.AllDirectories)
            .First(f => (string?)JObject.Parse(File.ReadAllText(f))["kind"] == "train");
        var json = JObject.Parse(File.ReadAllText(record));
        json["format"] = 99;
        File.WriteAllText(record, json.ToString());
        var again = w.Run("run", "tiny.csx");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("stored result discarded (written by store format 99 (this ensdsl uses 1)); computing it again", again.Err);
        Assert.Equal(1, w.Results("tiny")["nodes"]!.Count(n => (string?)n["status"] == "done" && (string?)n["kind"] == "train"));
    }
}
