using EnsDsl.Planning;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Randomness;
using EnsDsl.Runtime.Training;
using static EnsDsl.Prelude;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Training;

/// <summary>The training loop on the embedded target task (200 images), with a small network.</summary>
public class TrainerTests
{
    static readonly TensorSplit Data = DataTensors.For(EmbeddedTarget()).Train;

    static TrainStep Step(int epochs = 4, double lr = 0.05, bool perBatch = false) =>
        Planner.Build(Report(Scratch("cifar-resnet8x8", seed: 1).Train(epochs, data: EmbeddedTarget(), lr: lr, batchSize: 32, perBatch: perBatch).Evaluate()))
            .Nodes.OfType<TrainNode>().Single().Step;

    /// <summary>A seeded cifar-resnet8x8 for <paramref name="classes"/> classes and a fresh optimizer of the step's kind.</summary>
    internal static (nn.Module<Tensor, Tensor> Model, TensorOptimizer Optimizer) Fresh(TrainStep step, int classes)
    {
        var model = Networks.Create(Architecture.CifarResNet(8, 8), classes, Generators.For(1, "init"));
        return (model, TensorOptimizer.Create(step.Optimizer, model.named_parameters().Select(p => (p.name, p.parameter))));
    }

    static (nn.Module<Tensor, Tensor> Model, TensorOptimizer Optimizer) Fresh(TrainStep step) => Fresh(step, Data.Classes);

    /// <summary>Every parameter value of a model, in order.</summary>
    internal static float[] Flat(nn.Module model) => [.. model.parameters().SelectMany(p => p.data<float>().ToArray())];

    [Fact]
    public void Every_batch_reports_how_far_its_epoch_has_got()
    {
        var step = Step(epochs: 2);
        var (model, optimizer) = Fresh(step);
        var progress = new List<BatchProgress>();
        Trainer.Run(model, optimizer, step, 1, Data, 0, CPU, _ => { }, CancellationToken.None, progress.Add);
        int batches = Trainer.BatchesPerEpoch(step, Data.Count);
        Assert.Equal(2 * batches, progress.Count);
        Assert.Equal([.. Enumerable.Range(1, batches), .. Enumerable.Range(1, batches)], progress.Select(p => p.Batch));
        Assert.All(progress, p => Assert.Equal((batches, 2), (p.Batches, p.Epochs)));
        Assert.Equal([Data.Count, Data.Count], progress.Where(p => p.Batch == batches).Select(p => p.Images));
        Assert.All(progress.Where(p => p.Batch == batches), p => Assert.Equal(TimeSpan.Zero, p.EpochLeft));
    }

    [Fact]
    public void Training_lowers_the_loss()
    {
        var step = Step(epochs: 6);
        var (model, optimizer) = Fresh(step);
        var losses = new List<double>();
        Trainer.Run(model, optimizer, step, 1, Data, 0, CPU, r => losses.Add(r.Loss), CancellationToken.None);
        Assert.Equal(6, losses.Count);
        Assert.True(losses[^1] < losses[0] - 0.1, string.Join(", ", losses));
    }

    [Fact]
    public void The_same_seed_trains_to_identical_weights()
    {
        var step = Step();
        var (a, oa) = Fresh(step);
        var (b, ob) = Fresh(step);
        Trainer.Run(a, oa, step, 7, Data, 0, CPU, _ => { }, CancellationToken.None);
        Trainer.Run(b, ob, step, 7, Data, 0, CPU, _ => { }, CancellationToken.None);
        Assert.Equal(Flat(a), Flat(b));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Resuming_from_an_epoch_end_equals_training_straight_through(bool perBatch)
    {
        var step = Step(epochs: 4, perBatch: perBatch);
        var (straight, o1) = Fresh(step);
        Trainer.Run(straight, o1, step, 3, Data, 0, CPU, _ => { }, CancellationToken.None);

        var (first, o2) = Fresh(step);
        Dictionary<string, Tensor>? weights = null, state = null;
        Trainer.Run(first, o2, step with { Epochs = 4 }, 3, Data, 0, CPU, r =>
        {
            if (r.Epoch != 2) return;
            weights = first.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
            state = o2.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        }, CancellationToken.None);

        var (resumed, o3) = Fresh(step);                    // a new process: new model, new optimizer
        resumed.load_state_dict(weights!);
        o3.LoadStateDict(state!);
        Trainer.Run(resumed, o3, step, 3, Data, 2, CPU, _ => { }, CancellationToken.None);
        Assert.Equal(Flat(straight), Flat(resumed));
    }

    [Fact]
    public void A_diverging_step_fails_with_the_epoch()
    {
        var step = Step(epochs: 3, lr: 1e6);
        var (model, optimizer) = Fresh(step);
        var e = Assert.Throws<NonFiniteLossException>(() => Trainer.Run(model, optimizer, step, 1, Data, 0, CPU, _ => { }, CancellationToken.None));
        Assert.Contains("NaN", e.Message.Replace("infinite", "NaN"));
        Assert.Equal(1, e.Epoch);
    }

    /// <summary>An optimizer that records the LR and momentum it is given at every step.</summary>
    sealed class Recording(IEnumerable<(string, TorchSharp.Modules.Parameter)> parameters) : TensorOptimizer(parameters)
    {
        public List<(double Lr, double? Momentum)> Steps { get; } = [];
        public override void Step(double lr, double? momentum = null) => Steps.Add((lr, momentum));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_schedule_sets_the_LR_at_every_epoch_or_batch(bool perBatch)
    {
        var center = Scratch("cifar-resnet8x8", seed: 1).Train(3, data: EmbeddedTarget(), lr: 0.05, batchSize: 32);
        var step = Planning.Planner.Build(Report((perBatch ? center.Fge(cycles: 2, epochs: 3, lr: 0.1)[1] : center).Evaluate()))
            .Nodes.OfType<TrainNode>().Last().Step;
        var model = Networks.Create(Architecture.CifarResNet(8, 8), Data.Classes, Generators.For(1, "init"));
        var recording = new Recording(model.named_parameters().Select(p => (p.name, p.parameter)));
        Trainer.Run(model, recording, step, 1, Data, 0, CPU, _ => { }, CancellationToken.None);

        int batches = Trainer.BatchesPerEpoch(step, Data.Count);                 // 200 images / 32 → 7
        Assert.Equal(3 * batches, recording.Steps.Count);
        for (int i = 0; i < recording.Steps.Count; i++)
        {
            long tick = perBatch ? i : i / batches, span = perBatch ? 3 * batches : 3, perEpoch = perBatch ? batches : 1;
            Assert.Equal(step.Schedule.Lr(tick, span, perEpoch), recording.Steps[i].Lr);
            Assert.Equal(step.Schedule.Momentum(tick, span, perEpoch), recording.Steps[i].Momentum);
        }
        if (perBatch) Assert.Equal((0.001, 0.9), (recording.Steps[0].Lr, recording.Steps[0].Momentum!.Value), new ToleranceComparer());
        else Assert.Null(recording.Steps[0].Momentum);
    }

    sealed class ToleranceComparer : IEqualityComparer<(double, double)>
    {
        public bool Equals((double, double) a, (double, double) b) => Math.Abs(a.Item1 - b.Item1) < 1e-12 && Math.Abs(a.Item2 - b.Item2) < 1e-12;
        public int GetHashCode((double, double) obj) => 0;
    }

    [Fact]
    public void Gradient_clipping_bounds_the_update()
    {
        var step = Step(epochs: 1) with { Optimizer = new Sgd(0.9, 0) };     // no weight decay: only gradients move weights
        float Change(TrainStep s)
        {
            var (model, optimizer) = Fresh(s);
            var before = Flat(model);
            Trainer.Run(model, optimizer, s, 1, Data, 0, CPU, _ => { }, CancellationToken.None);
            return before.Zip(Flat(model), (a, b) => Math.Abs(a - b)).Max();
        }
        var free = Change(step);
        var clipped = Change(step with { ClipGradNorm = 1e-6 });
        Assert.True(clipped < free * 0.01, $"clipped {clipped} vs free {free}");
    }

    [Fact]
    public void Cancellation_stops_between_batches()
    {
        var step = Step(epochs: 3);
        var (model, optimizer) = Fresh(step);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.Throws<OperationCanceledException>(() => Trainer.Run(model, optimizer, step, 1, Data, 0, CPU, _ => { }, cancel.Token));
    }
}
