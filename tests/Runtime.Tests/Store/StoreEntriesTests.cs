using EnsDsl.Planning;
using EnsDsl.Runtime.Store;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Store;

/// <summary>The store as entries (what <c>ensdsl store du/ls/show/gc/prune</c> stand on): listing, sizes, removal.</summary>
public class StoreEntriesTests
{
    static NodeStore Store(ScriptFiles files)
    {
        var store = new NodeStore(files.Directory);
        // finished: weights and optimizer state
        StoredFile[] stored =
        [
            store.WriteTensors("finished", NodeFile.Weights, new Dictionary<string, Tensor> { ["w"] = ones(100) }),
            store.WriteTensors("finished", NodeFile.Optimizer, new Dictionary<string, Tensor> { ["m"] = ones(50) }),
        ];
        store.Complete(new NodeRecord(NodeStore.Format, "finished", NodeKind.Train, "first", 1, 10, new Dictionary<string, double>(), null,
            stored.ToDictionary(f => f.File.FileName(), f => f.Sha256), "test"));
        // unfinished: a training state after 2 epochs
        store.WriteTrainState("unfinished", 2, new Dictionary<string, Tensor> { ["w"] = ones(10) }, new JObject());
        // incomplete: a file without a record (a write that never finished)
        store.WriteTensors("incomplete", NodeFile.Predictions, new Dictionary<string, Tensor> { ["p"] = ones(5) });
        return store;
    }

    [Fact]
    public void Entries_say_how_far_each_node_got_and_what_its_files_hold()
    {
        using var files = new ScriptFiles();
        var store = Store(files);
        var entries = store.Entries().ToDictionary(e => e.Id);
        Assert.Equal(["finished", "incomplete", "unfinished"], entries.Keys.Order());
        Assert.Equal((EntryState.Finished, "first"), (entries["finished"].State, entries["finished"].Label));
        Assert.Equal((EntryState.Unfinished, 2), (entries["unfinished"].State, entries["unfinished"].EpochsDone));
        Assert.Equal(EntryState.Incomplete, entries["incomplete"].State);

        var finished = entries["finished"];
        var dir = store.NodeDirectory("finished");
        Assert.Equal(new FileInfo(Path.Combine(dir, "weights.tensors")).Length, finished.BytesOf(ContentKind.Weights));
        Assert.Equal(new FileInfo(Path.Combine(dir, "optimizer.tensors")).Length, finished.BytesOf(ContentKind.OptimizerState));
        Assert.Equal(Directory.GetFiles(dir).Sum(f => new FileInfo(f).Length), finished.Bytes);
        Assert.True(entries["unfinished"].BytesOf(ContentKind.TrainingState) >= 10 * sizeof(float));
        Assert.Equal(0, entries["unfinished"].BytesOf(ContentKind.Weights));
        Assert.All(entries.Values, e => Assert.False(e.Locked));

        using (store.Lock("unfinished")) Assert.True(store.Entry("unfinished")!.Locked);
        Assert.Null(store.Entry("absent"));
        Assert.Equal(["finished"], store.Matching("fin"));
        Assert.Empty(store.Matching("zz"));
    }

    [Fact]
    public void Removing_an_entry_leaves_no_file_and_never_touches_a_locked_one()
    {
        using var files = new ScriptFiles();
        var store = Store(files);
        using (store.Lock("unfinished"))
        {
            Assert.False(store.Remove("unfinished"));
            Assert.NotNull(store.ReadTrainState("unfinished", out _));
        }
        Assert.True(store.Remove("finished"));
        Assert.True(store.Remove("unfinished"));
        Assert.False(Directory.Exists(store.NodeDirectory("finished")));
        Assert.Null(store.Finished("finished", out _));
        Assert.Equal(["incomplete"], store.Entries().Select(e => e.Id));
    }

    [Fact]
    public void Dropping_the_optimizer_state_keeps_the_entry_finished_and_checked()
    {
        using var files = new ScriptFiles();
        var store = Store(files);
        var bytes = store.Entry("finished")!.BytesOf(ContentKind.OptimizerState);
        Assert.Equal(bytes, store.DropFile("finished", NodeFile.Optimizer));
        var record = store.Finished("finished", out var discarded);
        Assert.Null(discarded);
        Assert.False(record!.Has(NodeFile.Optimizer));
        Assert.Equal(100f, store.ReadTensors(record!, NodeFile.Weights)["w"].sum().item<float>());
        Assert.False(File.Exists(Path.Combine(store.NodeDirectory("finished"), NodeFile.Optimizer.FileName())));
        Assert.Equal(0, store.DropFile("finished", NodeFile.Optimizer));                 // nothing left to drop
        using (store.Lock("finished")) Assert.Null(store.DropFile("finished", NodeFile.Weights));
    }

    [Fact]
    public void A_failed_nodes_partial_results_go_and_its_training_state_stays()
    {
        using var files = new ScriptFiles();
        var store = Store(files);
        store.WriteTensors("unfinished", NodeFile.Weights, new Dictionary<string, Tensor> { ["w"] = ones(3) });
        store.WriteTensors("incomplete", NodeFile.Weights, new Dictionary<string, Tensor> { ["w"] = ones(3) });
        Assert.Equal(EntryState.Incomplete, store.Entry("incomplete")!.State);
        foreach (var id in new[] { "unfinished", "incomplete", "finished" }) store.DiscardPartialResults(id);
        Assert.Equal((EntryState.Unfinished, 0L), (store.Entry("unfinished")!.State, store.Entry("unfinished")!.BytesOf(ContentKind.Weights)));
        Assert.Equal(EntryState.Empty, store.Entry("incomplete")!.State);
        Assert.NotNull(store.Finished("finished", out _));                                  // a finished node keeps everything
    }

    [Theory]
    [InlineData("weights.tensors", ContentKind.Weights)]
    [InlineData("weights.pt", ContentKind.Weights)]
    [InlineData("optimizer.tensors", ContentKind.OptimizerState)]
    [InlineData("predictions.tensors", ContentKind.Predictions)]
    [InlineData("train-state-e0003.tensors", ContentKind.TrainingState)]
    [InlineData("train-state.json", ContentKind.Metadata)]
    [InlineData("node.json", ContentKind.Metadata)]
    [InlineData(".lock", ContentKind.Metadata)]
    public void Each_file_name_has_its_kind(string name, ContentKind kind) => Assert.Equal(kind, NodeStore.KindOf(name));
}
