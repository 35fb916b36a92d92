using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using EnsDsl.Runtime.Data;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Training;

/// <summary>
/// One split as tensors in memory: images N×C×H×W (float32) and labels N (int64), at the images' own size, with the
/// in-memory training transform <see cref="Transform"/> (<c>flip</c> or <c>none</c>, see <see cref="Augmentation"/>).
/// </summary>
/// <param name="Images">The images.</param>
/// <param name="AllLabels">The labels.</param>
/// <param name="ClassCount">Number of classes.</param>
/// <param name="Transform">The training transform.</param>
public sealed record TensorSplit(Tensor Images, Tensor AllLabels, int ClassCount, string Transform = "none") : DataSplit
{
    /// <inheritdoc />
    public override int Count => (int)AllLabels.shape[0];

    /// <inheritdoc />
    public override int Classes => ClassCount;

    /// <inheritdoc />
    public override Tensor Labels => AllLabels;

    /// <inheritdoc />
    public override IEnumerable<(Tensor Images, Tensor Labels)> Batches(int batchSize)
    {
        for (int start = 0; start < Count; start += batchSize)
        {
            int length = Math.Min(batchSize, Count - start);
            yield return (Images.narrow(0, start, length), AllLabels.narrow(0, start, length));
        }
    }

    /// <inheritdoc />
    public override IEnumerable<(Tensor Images, Tensor Labels)> Training(Tensor order, int batchSize, int batches, long seed, int epoch)
    {
        using var flips = Augmentation.FlipMask(Transform, Count, Generators.For(seed, "augment", epoch));
        for (int b = 0; b < batches; b++)
        {
            (Tensor, Tensor) batch;
            using (Torch.GcSafeSection.Enter())
            using (NewDisposeScope())
            {
                int length = Math.Min(batchSize, Count - b * batchSize);
                var index = order.narrow(0, b * batchSize, length);
                var x = Augmentation.Apply(Images.index_select(0, index), flips?.index_select(0, index));
                batch = (x.DetachFromDisposeScope(), AllLabels.index_select(0, index).DetachFromDisposeScope());
            }
            yield return batch;
        }
    }

    /// <inheritdoc />
    public override IEnumerable<Tensor> BatchNorm(int batchSize, int? maxBatches)
    {
        using var flips = Augmentation.FlipMask(Transform, Count, Generators.For(0, "batchnorm"));
        int batches = 0;
        for (int start = 0; start < Count && (maxBatches is null || batches < maxBatches); start += batchSize, batches++)
        {
            int length = Math.Min(batchSize, Count - start);
            yield return Augmentation.Apply(Images.narrow(0, start, length), flips?.narrow(0, start, length));
        }
    }

    /// <inheritdoc />
    public override DataSplit Subset(IReadOnlyList<int> indices)
    {
        using var index = tensor(indices.Select(i => (long)i).ToArray());
        return this with { Images = Images.index_select(0, index), AllLabels = AllLabels.index_select(0, index) };
    }
}

/// <summary>Datasets as tensors, made once per process and shared read-only by every node that uses them.</summary>
public static class DataTensors
{
    static readonly ConcurrentDictionary<string, Lazy<(TensorSplit Train, TensorSplit Test)>> Cache = new();

    /// <summary>The train and test splits of <paramref name="dataset"/>.</summary>
    public static (TensorSplit Train, TensorSplit Test) For(Dataset dataset) =>
        Cache.GetOrAdd(dataset.Spec, _ => new(() =>
        {
            var splits = DatasetLoader.Load(dataset);
            return (ToTensors(splits.Train), ToTensors(splits.Test));
        })).Value;

    // The values are copied into memory libtorch owns. torch.tensor(array) would share the managed array, pinned only
    // as long as that first tensor object lives; a reshaped view outliving it would read memory the GC may move
    // (seen: NaN losses that came and went with allocation patterns).
    static TensorSplit ToTensors(ImageSet set)
    {
        var images = empty([set.Count, set.Channels, set.Height, set.Width], ScalarType.Float32).DetachFromDisposeScope();
        images.bytes = MemoryMarshal.AsBytes(set.Pixels.AsSpan());
        var labels = empty([set.Count], ScalarType.Int64).DetachFromDisposeScope();
        labels.bytes = MemoryMarshal.AsBytes(set.Labels.AsSpan());
        return new TensorSplit(images, labels, set.Classes);
    }
}

/// <summary>
/// The training-time augmentation named by a step's <c>transform</c>, applied to in-memory batches.
/// <c>flip</c>: horizontal flip with probability ½; <c>none</c>: nothing.
/// </summary>
public static class Augmentation
{
    /// <summary>Throws when the engine cannot apply <paramref name="transform"/> to in-memory images.</summary>
    public static void Check(string transform)
    {
        if (transform is not ("flip" or "none"))
            throw new NotSupportedException($"transform '{transform}': the engine applies 'flip' and 'none' to in-memory images; " +
                "the ImageNet-style transforms (RandomResizedCrop 224, Resize/CenterCrop) come with the image datasets");
    }

    /// <summary>Per-image flip decisions for one epoch (in data order), or null when nothing is flipped.</summary>
    public static Tensor? FlipMask(string transform, int count, Generator generator) =>
        transform == "flip" ? rand(count, generator: generator).lt(0.5).DetachFromDisposeScope() : null;

    /// <summary>A batch with the images selected by <paramref name="flip"/> mirrored left–right.</summary>
    public static Tensor Apply(Tensor images, Tensor? flip) =>
        flip is null ? images : where(flip.view(-1, 1, 1, 1), images.flip(3), images);
}
