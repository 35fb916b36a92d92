using TorchSharp;
using EnsDsl.Planning;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Training;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Execution;

/// <summary>What node runners share: the plan, the store, the device, the observer.</summary>
/// <param name="Plan">The plan being run.</param>
/// <param name="Store">The store.</param>
/// <param name="Device">The device to compute on.</param>
/// <param name="Observer">Progress reporting.</param>
/// <param name="Cancellation">Stops training between batches.</param>
public sealed record RunContext(Plan Plan, NodeStore Store, Device Device, IRunObserver Observer, CancellationToken Cancellation)
{
    /// <summary>Evaluate training steps on their test split after every epoch.</summary>
    public bool TestEveryEpoch { get; init; }

    /// <summary>How image pipelines read (workers and prefetch; results do not depend on them).</summary>
    public Imaging.LoaderOptions Loader { get; init; } = Imaging.LoaderOptions.Default;

    /// <summary>The ensdsl version written into records.</summary>
    public static string Version { get; } = typeof(Prelude).Assembly.GetName().Version?.ToString(3) ?? "dev";

    /// <summary>The finished record of a node this one depends on.</summary>
    public NodeRecord Finished(string id) =>
        Store.Finished(id, out var discarded) ?? throw new NodeFailure($"node {id} is not finished in the store{(discarded is null ? "" : $" ({discarded})")}");

    /// <summary>The architecture of the model node <paramref name="id"/>.</summary>
    public Architecture ArchitectureOf(string id) => Plan.Model(id).Arch;

    /// <summary>The training settings of the model node <paramref name="id"/> (its data, batch size and transform).</summary>
    public TrainStep TrainingOf(string id) => Plan.Model(id).Training
        ?? throw new NodeFailure($"node {Plan[id].Label} has not been trained for any task");

    /// <summary>A network with the finished weights of model node <paramref name="id"/>, on the device, in eval mode.</summary>
    public nn.Module<Tensor, Tensor> LoadModel(string id) => ModelWithWeights(ArchitectureOf(id), Store.ReadTensors(Finished(id), NodeFile.Weights));

    /// <summary>A network of <paramref name="arch"/> holding <paramref name="weights"/> (whose head fixes the class count), on the device, in eval mode.</summary>
    public nn.Module<Tensor, Tensor> ModelWithWeights(Architecture arch, IReadOnlyDictionary<string, Tensor> weights)
    {
        try { return Classifier.FromWeights(arch, weights, Device); }
        catch (WeightsMismatchException e) { throw new NodeFailure(e.Message); }
    }

    /// <summary>
    /// Batches of a model's training images for BatchNorm recomputation: one pass in a fixed order, augmented as in
    /// training, at most <paramref name="maxBatches"/>.
    /// </summary>
    public IEnumerable<Tensor> BatchNormBatches(TrainStep training, int? maxBatches)
    {
        var (train, _) = TrainingData.For(training, Loader);
        foreach (var batch in train.BatchNorm(Math.Min(training.BatchSize, train.Count), maxBatches))
        {
            if (Device.type == DeviceType.CPU) { yield return batch; continue; }
            using (batch) yield return batch.to(Device);
        }
    }

    /// <summary>
    /// The test split of <paramref name="data"/> as model node <paramref name="id"/> is evaluated on it: with the
    /// test transform of the model's training step (Resize + CenterCrop after 'imagenet' training), or in memory at the
    /// images' own size for a model no step has trained.
    /// </summary>
    public DataSplit TestSplit(string id, Dataset data)
    {
        var training = Plan.Model(id).Training;
        return training is null ? DataTensors.For(data).Test : TrainingData.For(data, training.Transform, training.ImageSize, Loader).Test;
    }
}
