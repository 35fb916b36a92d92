using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using EnsDsl.Runtime.Data;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Training;

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

    static readonly ConcurrentDictionary<string, Lazy<TensorSplit>> HeldOutCache = new();

    /// <summary>The held-out images of <paramref name="dataset"/> (<see cref="SplitSetting.HoldOut"/>).</summary>
    public static TensorSplit HeldOut(Dataset dataset) =>
        HeldOutCache.GetOrAdd(dataset.Spec, _ => new(() => ToTensors(DatasetLoader.HeldOut(dataset)))).Value;

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
    /// <summary>Per-image flip decisions for one epoch (in data order), or null when nothing is flipped.</summary>
    public static Tensor? FlipMask(Transform transform, int count, Generator generator)
    {
        if (transform != Transform.Flip) return null;
        // The generator is read by libtorch: no collection may finalize it meanwhile (see GcSafeSection).
        using var section = Torch.GcSafeSection.Enter();
        using var scope = NewDisposeScope();
        var mask = rand(count, generator: generator).lt(0.5).DetachFromDisposeScope();
        GC.KeepAlive(generator);
        return mask;
    }

    /// <summary>A batch with the images selected by <paramref name="flip"/> mirrored left–right.</summary>
    public static Tensor Apply(Tensor images, Tensor? flip) =>
        flip is null ? images : where(flip.view(-1, 1, 1, 1), images.flip(3), images);
}
