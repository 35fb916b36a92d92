using EnsDsl.Planning;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Torch;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Store;

public class StoreTests
{
    static NodeRecord Record(string id, params StoredFile[] files) =>
        new(NodeStore.Format, id, NodeKind.Train, "x", 1, null, new Dictionary<string, double> { ["test_acc"] = 0.5 }, null,
            files.ToDictionary(f => f.File.FileName(), f => f.Sha256), "test");

    [Fact]
    public void Tensor_files_round_trip_every_dtype_and_shape()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["w"] = randn(3, 4),
            ["i"] = tensor(new long[] { 1, -2, 3 }),
            ["s"] = tensor(7L),
            ["b"] = tensor(new[] { true, false }),
            ["d"] = tensor(new double[] { Math.PI }),
            ["empty"] = zeros(0, 5),
        };
        var back = TensorFile.Deserialize(TensorFile.Serialize(tensors));
        Assert.Equal(tensors.Keys.Order(), back.Keys.Order());
        foreach (var (k, t) in tensors)
        {
            Assert.Equal(t.dtype, back[k].dtype);
            Assert.Equal(t.shape, back[k].shape);
            Assert.Equal(t.bytes.ToArray(), back[k].bytes.ToArray());
        }
    }

    [Fact]
    public void Truncated_or_foreign_bytes_are_not_tensor_files()
    {
        var bytes = TensorFile.Serialize(new Dictionary<string, Tensor> { ["w"] = randn(100) });
        Assert.Throws<InvalidDataException>(() => TensorFile.Deserialize(bytes[..(bytes.Length - 10)]));
        Assert.Throws<InvalidDataException>(() => TensorFile.Deserialize("not a tensor file at all"u8.ToArray()));
    }

    [Fact]
    public void A_finished_node_reads_back_and_its_files_are_checked()
    {
        using var files = new ScriptFiles();
        var store = new NodeStore(files.Directory);
        using (store.Lock("n1"))
        {
            var file = store.WriteTensors("n1", NodeFile.Weights, new Dictionary<string, Tensor> { ["w"] = ones(3) });
            store.Complete(Record("n1", file));
        }
        var record = store.Finished("n1", out var discarded);
        Assert.Null(discarded);
        Assert.Equal(0.5, record!.Metrics["test_acc"]);
        Assert.Equal(3f, store.ReadTensors(record, NodeFile.Weights)["w"].sum().item<float>());
    }

    [Theory]
    [InlineData("corrupt file", "weights.tensors fails its checksum")]
    [InlineData("missing file", "weights.tensors is missing")]
    [InlineData("other format", "written by store format 999")]
    [InlineData("unreadable record", "node.json is unreadable")]
    public void A_damaged_or_foreign_entry_is_discarded_never_reused(string damage, string reason)
    {
        using var files = new ScriptFiles();
        var store = new NodeStore(files.Directory);
        var file = store.WriteTensors("n1", NodeFile.Weights, new Dictionary<string, Tensor> { ["w"] = ones(3) });
        store.Complete(Record("n1", file));
        var dir = store.NodeDirectory("n1");
        switch (damage)
        {
            case "corrupt file": File.WriteAllBytes(Path.Combine(dir, "weights.tensors"), TensorFile.Serialize(new Dictionary<string, Tensor> { ["w"] = zeros(3) })); break;
            case "missing file": File.Delete(Path.Combine(dir, "weights.tensors")); break;
            case "other format":
                var json = JObject.Parse(File.ReadAllText(Path.Combine(dir, "node.json")));
                json["format"] = 999;
                File.WriteAllText(Path.Combine(dir, "node.json"), json.ToString());
                break;
            case "unreadable record": File.WriteAllText(Path.Combine(dir, "node.json"), "{ half a rec"); break;
        }
        Assert.Null(store.Finished("n1", out var discarded));
        Assert.Contains(reason, discarded);
        Assert.Null(store.Finished("n1", out var again));                 // the entry is gone: recomputed next time
        Assert.Null(again);
        Assert.False(File.Exists(Path.Combine(dir, "node.json")));
    }

    [Fact]
    public async Task A_node_has_one_writer_at_a_time_and_the_other_waits_for_it()
    {
        using var files = new ScriptFiles();
        var store = new NodeStore(files.Directory);
        var held = store.Lock("n1");
        Assert.Null(store.TryLock("n1"));
        var waited = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var release = Task.Run(() => { Thread.Sleep(600); held.Dispose(); });
        using (store.Lock("n1", waiting: () => waited++)) Assert.True(watch.ElapsedMilliseconds >= 500, $"took the lock after {watch.ElapsedMilliseconds} ms");
        await release;
        Assert.Equal(1, waited);                                            // told once, not at every try

        using var again = store.Lock("n1");
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        Assert.ThrowsAny<OperationCanceledException>(() => store.Lock("n1", stop.Token));
    }

    [Fact]
    public void Training_state_is_replaced_per_epoch_and_checked()
    {
        using var files = new ScriptFiles();
        var store = new NodeStore(files.Directory);
        Directory.CreateDirectory(store.NodeDirectory("n1"));
        store.WriteTrainState("n1", 1, new Dictionary<string, Tensor> { ["w"] = ones(2) }, new JObject());
        store.WriteTrainState("n1", 2, new Dictionary<string, Tensor> { ["w"] = ones(2) * 2 }, new JObject { ["train_seconds"] = 3.5 });
        Assert.Single(Directory.GetFiles(store.NodeDirectory("n1"), "train-state-e*.tensors"));
        var state = store.ReadTrainState("n1", out _)!.Value;
        Assert.Equal((2, 4f, 3.5), (state.EpochsDone, state.Tensors["w"].sum().item<float>(), (double)state.Info["train_seconds"]!));

        File.WriteAllBytes(Directory.GetFiles(store.NodeDirectory("n1"), "train-state-e*.tensors").Single(), [1, 2, 3]);
        Assert.Null(store.ReadTrainState("n1", out var discarded));
        Assert.Contains("fails its checksum", discarded);
    }

    [Fact]
    public void An_unwritable_store_says_so_and_what_to_do()
    {
        using var files = new ScriptFiles();
        var blocker = files.Write("a-file", "not a folder");
        var e = Assert.Throws<StoreException>(() => new NodeStore(Path.Combine(blocker, "store")));
        Assert.Contains("--store", e.Message);
    }

    [Fact]
    public void A_store_of_another_format_is_refused()
    {
        using var files = new ScriptFiles();
        files.Write("store.json", """{ "format": 7 }""");
        Assert.Contains("format 7", Assert.Throws<StoreException>(() => new NodeStore(files.Directory)).Message);
    }
}
