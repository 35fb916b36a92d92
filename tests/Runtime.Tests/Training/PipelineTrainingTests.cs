using EnsDsl.Planning;
using EnsDsl.Runtime.Imaging;
using EnsDsl.Runtime.Tests.Imaging;
using EnsDsl.Runtime.Training;
using SkiaSharp;
using static EnsDsl.Prelude;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Training;

/// <summary>Training through the image pipeline (JPEGs of several sizes, RandomResizedCrop + flip at 24 px): deterministic and resumable.</summary>
public class PipelineTrainingTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("ensdsl-pipeline-train-").FullName;

    public void Dispose() => Directory.Delete(root, true);

    PipelineSplit Split(int workers)
    {
        var files = Enumerable.Range(0, 20).Select(i =>
            (TestImages.Write(Path.Combine(root, $"{i}.jpg"), 30 + 3 * (i % 6), 26 + 4 * (i % 4), i, SKEncodedImageFormat.Jpeg), i % 2)).ToList();
        return new PipelineSplit(new ImageFiles(files, 2), new RandomResizedCrop(24), ResizeCenterCrop.For(24), new LoaderOptions(workers, 2), "test images");
    }

    static TrainStep Step(int epochs) =>
        Planner.Build(Report(Scratch("cifar-resnet8x8", seed: 1).Train(epochs, data: EmbeddedTarget(), lr: 0.05, batchSize: 8).Evaluate()))
            .Nodes.OfType<TrainNode>().Single().Step;

    static (nn.Module<Tensor, Tensor> Model, TensorOptimizer Optimizer) Fresh(TrainStep step) => TrainerTests.Fresh(step, 2);

    static float[] Flat(nn.Module model) => TrainerTests.Flat(model);

    [Fact]
    public void The_worker_count_does_not_change_the_weights_and_resuming_equals_straight_through()
    {
        var step = Step(epochs: 3);
        var (one, o1) = Fresh(step);
        Trainer.Run(one, o1, step, 5, Split(workers: 1), 0, CPU, _ => { }, CancellationToken.None);
        var (three, o3) = Fresh(step);
        Trainer.Run(three, o3, step, 5, Split(workers: 3), 0, CPU, _ => { }, CancellationToken.None);
        Assert.Equal(Flat(one), Flat(three));

        Dictionary<string, Tensor>? weights = null, state = null;
        var (first, of) = Fresh(step);
        Trainer.Run(first, of, step, 5, Split(workers: 2), 0, CPU, r =>
        {
            if (r.Epoch != 1) return;
            weights = first.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
            state = of.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        }, CancellationToken.None);
        var (resumed, ro) = Fresh(step);                    // a new process: new model, new optimizer, new loader
        resumed.load_state_dict(weights!);
        ro.LoadStateDict(state!);
        Trainer.Run(resumed, ro, step, 5, Split(workers: 2), 1, CPU, _ => { }, CancellationToken.None);
        Assert.Equal(Flat(one), Flat(resumed));
        Assert.NotEqual(Flat(one), Flat(Fresh(step).Model));
    }
}
