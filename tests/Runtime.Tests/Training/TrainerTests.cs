using EnsDsl.Planning;
using EnsDsl.Runtime.Models;
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
            .Nodes.Single(n => n.Step is not null).Step!;

    static (nn.Module<Tensor, Tensor> Model, TensorOptimizer Optimizer) Fresh(TrainStep step)
    {
        var model = Networks.Create(Architecture.CifarResNet(8, 8), Data.Classes, Generators.For(1, "init"));
        return (model, TensorOptimizer.Create(step.Optimizer, model.named_parameters().Select(p => (p.name, p.parameter))));
    }

    static float[] Flat(nn.Module model) => [.. model.parameters().SelectMany(p => p.data<float>().ToArray())];

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
