using EnsDsl.Runtime.Results;
using System.Collections.Concurrent;
using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Training;
using static EnsDsl.Prelude;

namespace EnsDsl.Runtime.Tests.Execution;

/// <summary>Real plans on the embedded target task (200 images), run by the local executor.</summary>
public class LocalExecutorTests
{
    sealed class Recorder : IRunObserver
    {
        public ConcurrentQueue<string> Notes { get; } = new();
        public ConcurrentQueue<(string Id, int Epoch)> Epochs { get; } = new();
        public Action<PlanNode, EpochReport>? OnEpoch { get; init; }
        public void NodeStarted(PlanNode node) { }
        public void EpochEnded(PlanNode node, EpochReport report) { Epochs.Enqueue((node.Id, report.Epoch)); OnEpoch?.Invoke(node, report); }
        public void NodeFinished(NodeOutcome outcome) { }
        public void Note(PlanNode node, string message) => Notes.Enqueue(message);
    }

    static Model Base(int epochs = 3, double lr = 0.05) => Scratch("cifar-resnet8x16", seed: 1).Train(epochs, data: EmbeddedTarget(), lr: lr);

    static ExecutionReport Run(Plan plan, string store, IRunObserver? observer = null, ExecutionOptions? options = null, CancellationToken cancellation = default) =>
        new LocalExecutor().Run(plan, new NodeStore(store), options ?? new ExecutionOptions(Device: "cpu"), observer ?? new Recorder(), cancellation);

    static ExecutionReport Succeeded(ExecutionReport report)
    {
        Assert.True(report.Succeeded, "failed: " + string.Join("; ", report.Failures.Select(f => $"{f.Node.Label}: {f.Error}")));
        return report;
    }

    static Dictionary<string, string> Checksums(string store) => Directory.GetFiles(Path.Combine(store, "nodes"), "*.tensors", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(store, f), f => AtomicFile.Sha256(File.ReadAllBytes(f)));

    [Fact]
    public void Runs_every_kind_of_node_then_finds_them_all_in_the_store()
    {
        using var files = new ScriptFiles();
        var star = Base().StarSnapshots(cycles: 3, epochs: 1);
        var plan = Planner.Build(Report(star.Ensemble(), star.Soup(), Interpolate(star[0], star[1], points: 3)));
        var first = Run(plan, files.Directory);
        Assert.True(first.Succeeded, string.Join("; ", first.Failures.Select(f => f.Error)));
        Assert.All(first.Outcomes, o => Assert.Equal(NodeStatus.Done, o.Status));
        var ensemble = first.Outcomes.Single(o => o.Node.Kind == NodeKind.Ensemble).Record!;
        Assert.InRange(ensemble.Metrics["test_acc"], 0.0, 1.0);
        Assert.Equal(3, Assert.IsType<EnsembleResult>(ensemble.Result).Curve.Count);
        var interpolation = first.Outcomes.Single(o => o.Node.Kind == NodeKind.Interpolate).Record!;
        Assert.Equal(3, Assert.IsType<InterpolationResult>(interpolation.Result).Nll.Count);
        Assert.True(interpolation.Metrics["error_barrier"] >= -1e-9);

        var second = Run(plan, files.Directory);
        Assert.All(second.Outcomes, o => Assert.Equal(NodeStatus.Cached, o.Status));
        Assert.Equal(ensemble.Metrics, second.Outcomes.Single(o => o.Node.Kind == NodeKind.Ensemble).Record!.Metrics);
    }

    [Fact]
    public void A_diverging_node_fails_alone_and_only_what_needs_it_is_skipped()
    {
        using var files = new ScriptFiles();
        var plan = Planner.Build(Report(Base(lr: 1e6).Named("diverges").Evaluate(), Base(seed: 2).Named("fine").Evaluate()));
        var report = Run(plan, files.Directory);
        var byLabel = report.Outcomes.GroupBy(o => o.Node.Label).ToDictionary(g => g.Key, g => g.First());
        Assert.Equal(NodeStatus.Failed, byLabel["diverges"].Status);
        Assert.Matches(@"loss became (NaN|infinite) in epoch \d+", byLabel["diverges"].Error);      // which epoch depends on the CPU
        Assert.Equal(NodeStatus.Skipped, byLabel["evaluate diverges"].Status);
        Assert.Contains("needs diverges", byLabel["evaluate diverges"].Error);
        Assert.Equal(NodeStatus.Done, byLabel["evaluate fine"].Status);
        Assert.False(report.Succeeded);
    }

    [Fact]
    public void Fail_fast_starts_nothing_after_the_first_failure()
    {
        using var files = new ScriptFiles();
        var plan = Planner.Build(Report(Base(lr: 1e6).Named("diverges").Evaluate(), Base(seed: 2).Named("fine").Evaluate()));
        var report = Run(plan, files.Directory, options: new ExecutionOptions(FailFast: true, Device: "cpu"));
        Assert.Equal(NodeStatus.Skipped, report.Outcomes.Single(o => o.Node.Label == "evaluate fine").Status);
        Assert.Contains(report.Outcomes, o => o.Error == "not started: --fail-fast after a failure");
    }

    [Fact]
    public async Task A_node_another_process_is_computing_is_waited_for_then_computed_or_read()
    {
        using var files = new ScriptFiles();
        var plan = Planner.Build(Report(Base().Evaluate()));
        var train = plan.Nodes.Single(n => n.Kind == NodeKind.Train);
        var store = new NodeStore(files.Directory);
        var recorder = new Recorder();
        var held = store.Lock(train.Id);
        var run = Task.Run(() => Run(plan, files.Directory, recorder));
        // The run waits for the holder, says so, and goes on when the holder lets go (here without a result: it computes).
        for (var waited = 0; !recorder.Notes.Contains("another process is computing it; waiting for its result"); waited += 50)
        {
            Assert.True(waited < 60_000, "the run never said it was waiting");
            await Task.Delay(50);
        }
        Assert.False(run.IsCompleted);
        held.Dispose();
        var report = Succeeded(await run);
        Assert.Equal(NodeStatus.Done, report.Outcomes.Single(o => o.Node.Id == train.Id).Status);

        // Interrupted while waiting: the node is interrupted, not failed for good.
        using (store.Lock(plan.Nodes.Single(n => n.Kind == NodeKind.Evaluate).Id))
        {
            File.Delete(Path.Combine(store.NodeDirectory(plan.Nodes.Single(n => n.Kind == NodeKind.Evaluate).Id), "node.json"));
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            var interrupted = Run(plan, files.Directory, cancellation: stop.Token);
            Assert.True(interrupted.Outcomes.Single(o => o.Node.Kind == NodeKind.Evaluate).Interrupted);
        }
    }

    [Theory]
    [InlineData("missing data", "folder")]
    [InlineData("image size", "this Swin is built for 224×224 images (its attention masks are); got 20×20")]
    [InlineData("out of memory", "out of memory")]
    [InlineData("checkpoint", "checkpoint not found")]
    public void Bad_input_fails_the_node_with_a_clear_reason(string what, string reason)
    {
        using var files = new ScriptFiles();
        IReportable item = what switch
        {
            "missing data" => Scratch("cifar-resnet8x16", seed: 1).Train(1, data: Cifar10(Path.Combine(files.Directory, "nowhere"))).Evaluate(),
            "image size" => Scratch("swin-t", seed: 1).Train(1, data: EmbeddedTarget()).Evaluate(),
            "out of memory" => Scratch("cifar-resnet8x100000", seed: 1).Train(1, data: EmbeddedTarget()).Evaluate(),
            _ => Pretrained("byol", Path.Combine(files.Directory, "byol-1000ep-1.pt")).FineTune(EmbeddedTarget(), epochs: 1).Evaluate(),
        };
        var report = Run(Planner.Build(Report(item)), files.Directory);
        var failure = Assert.Single(report.Failures);
        Assert.Contains(reason, failure.Error);
        Assert.DoesNotContain("internal error", failure.Error);
    }

    [Fact]
    public void A_damaged_stored_result_is_recomputed_and_the_user_told()
    {
        using var files = new ScriptFiles();
        var plan = Planner.Build(Report(Base().Evaluate()));
        Run(plan, files.Directory);
        var train = plan.Nodes.Single(n => n.Kind == NodeKind.Train);
        var weights = Path.Combine(files.Directory, "nodes", train.Id, "weights.tensors");
        var before = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, before[..(before.Length / 2)]);

        var recorder = new Recorder();
        var report = Run(plan, files.Directory, recorder);
        Assert.Equal(NodeStatus.Done, report.Outcomes.Single(o => o.Node.Id == train.Id).Status);
        Assert.Contains(recorder.Notes, n => n.Contains("weights.tensors fails its checksum"));
        Assert.Equal(before, File.ReadAllBytes(weights));            // recomputed identically
    }

    [Fact]
    public void An_interrupted_step_resumes_and_ends_identical_to_an_uninterrupted_one()
    {
        using var straight = new ScriptFiles();
        using var interrupted = new ScriptFiles();
        var plan = Planner.Build(Report(Base(epochs: 4).StarSnapshots(cycles: 2, epochs: 3).Ensemble()));
        Succeeded(Run(plan, straight.Directory));

        using var cancel = new CancellationTokenSource();
        var stopper = new Recorder { OnEpoch = (node, r) => { if (r.Epoch == 2) cancel.Cancel(); } };
        var first = Run(plan, interrupted.Directory, stopper, cancellation: cancel.Token);
        Assert.True(first.Interrupted, "not interrupted: " + string.Join("; ", first.Outcomes.Select(o => $"{o.Node.Label} {o.Status.Name()} {o.Error}")));
        Assert.Contains(first.Outcomes, o => o.Error?.Contains("interrupted") == true);

        var recorder = new Recorder();
        Succeeded(Run(plan, interrupted.Directory, recorder));
        Assert.Contains(recorder.Notes, n => n.StartsWith("resuming after epoch 2", StringComparison.Ordinal));
        Assert.DoesNotContain(recorder.Epochs, e => e.Epoch <= 2 && e.Id == plan.Nodes.First(n => n.Kind == NodeKind.Train).Id);
        Assert.Equal(Checksums(straight.Directory), Checksums(interrupted.Directory));
    }

    [Fact]
    public void Running_independent_nodes_concurrently_gives_the_same_results()
    {
        using var one = new ScriptFiles();
        using var two = new ScriptFiles();
        var plan = Planner.Build(Report(Base().StarSnapshots(cycles: 3, epochs: 2).Ensemble()));
        Succeeded(Run(plan, one.Directory));
        Succeeded(Run(plan, two.Directory, options: new ExecutionOptions(Jobs: 2, Device: "cpu")));
        Assert.Equal(Checksums(one.Directory), Checksums(two.Directory));
    }

    static Model Base(int seed) => Scratch("cifar-resnet8x16", seed: seed).Train(3, data: EmbeddedTarget(), lr: 0.05);
}
