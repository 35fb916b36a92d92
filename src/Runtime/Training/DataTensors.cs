using System.Runtime.InteropServices;
using EnsDsl.Runtime.Data;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Training;

/// <summary>Datasets as tensors, kept by <see cref="DatasetCache"/> and shared read-only by every node that uses them.</summary>
public static class DataTensors
{
    /// <summary>The train and test splits of <paramref name="dataset"/>.</summary>
    public static (TensorSplit Train, TensorSplit Test) For(Dataset dataset)
    {
        var (train, test, _) = DatasetCache.Tensors(dataset);
        return (train, test);
    }

    /// <summary>The held-out images of <paramref name="dataset"/> (<see cref="SplitSetting.HoldOut"/>).</summary>
    /// <exception cref="DatasetException">The dataset holds nothing out.</exception>
    public static TensorSplit HeldOut(Dataset dataset) => DatasetCache.Tensors(dataset).HeldOut ?? throw DatasetLoader.NothingHeldOut(dataset);

    /// <summary>
    /// Every split of <paramref name="dataset"/> read from its files into tensors at once. The float arrays read from
    /// the files are dropped then: the tensors are the one copy a run keeps (Fashion-MNIST's training images are 564 MB
    /// as floats), and a full collection returns the arrays' memory to the system before training starts, instead of
    /// whenever the collector next looks at the large-object heap.
    /// </summary>
    public static (TensorSplit Train, TensorSplit Test, TensorSplit? HeldOut) Read(Dataset dataset)
    {
        var tensors = ReadSplits(dataset);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return tensors;
    }

    static (TensorSplit Train, TensorSplit Test, TensorSplit? HeldOut) ReadSplits(Dataset dataset)
    {
        var splits = DatasetLoader.Load(dataset);
        return (ToTensors(splits.Train), ToTensors(splits.Test), splits.HeldOut is { } heldOut ? ToTensors(heldOut) : null);
    }
    // The values are copied into memory libtorch owns. torch.tensor(array) would share the managed array, pinned only
    // as long as that first tensor object lives; a reshaped view outliving it would read memory the GC may move
    // (seen: NaN losses that came and went with allocation patterns).
    static TensorSplit ToTensors(ImageSet set)
    {
        var images = empty([set.Count, set.Channels, set.Height, set.Width], ScalarType.Float32).DetachFromDisposeScope();
        images.bytes = MemoryMarshal.AsBytes(set.Pixels.AsSpan());
        var labels = empty([set.Count], ScalarType.Int64).DetachFromDisposeScope();
        labels.bytes = MemoryMarshal.AsBytes(set.Labels.AsSpan());
        return new TensorSplit(images, labels, set.Classes) { Black = set.Black };
    }
}

/// <summary>
/// The training-time augmentation named by a step's <c>transform</c>, applied to in-memory batches with torchvision's
/// semantics. <c>flip</c>: <c>RandomHorizontalFlip()</c>; <c>cropflip</c>: <c>RandomCrop(size, padding: 4)</c> (black
/// padding) then <c>RandomHorizontalFlip()</c>; <c>none</c>: nothing. An epoch's draws are made at once, in data order,
/// from one generator (so a resumed epoch draws them again identically).
/// </summary>
public static class Augmentation
{
    /// <summary>The padding of <see cref="Transform.CropFlip"/> on each side, as the CIFAR recipe's <c>RandomCrop(32, padding=4)</c>.</summary>
    public const int CropPadding = 4;

    /// <summary>Per-image draws for <paramref name="count"/> images (in data order), or null when nothing is drawn.</summary>
    public static AugmentationDraws? Draw(Transform transform, int count, Generator generator)
    {
        if (transform is not (Transform.Flip or Transform.CropFlip)) return null;
        // The generator is read by libtorch: no collection may finalize it meanwhile (see GcSafeSection).
        using var section = Torch.GcSafeSection.Enter();
        using var scope = NewDisposeScope();
        var flip = rand(count, generator: generator).lt(0.5).DetachFromDisposeScope();
        var shift = transform == Transform.CropFlip
            ? randint(0, 2 * CropPadding + 1, [count, 2], generator: generator).DetachFromDisposeScope()
            : null;
        GC.KeepAlive(generator);
        return new AugmentationDraws(flip, shift);
    }

    /// <summary>
    /// A batch augmented by its <paramref name="draws"/>: each image cropped from its padded copy (when there are
    /// shifts), then mirrored left–right where drawn. <paramref name="black"/> is the padding's value per channel (0 if null).
    /// </summary>
    public static Tensor Apply(Tensor images, AugmentationDraws? draws, IReadOnlyList<float>? black)
    {
        if (draws is null) return images;
        var cropped = draws.Shift is { } shift ? Crop(images, shift, black) : images;
        return where(draws.Flip.view(-1, 1, 1, 1), cropped.flip(3), cropped);
    }

    // Pad every image by CropPadding with black, then take the window at its drawn offset (row, column) with two
    // gathers: one batched operation instead of a copy per image.
    static Tensor Crop(Tensor images, Tensor shift, IReadOnlyList<float>? black)
    {
        long n = images.shape[0], c = images.shape[1], h = images.shape[2], w = images.shape[3];
        const int p = CropPadding;
        using var fill = black is { } b && b.Count == c ? tensor(b.ToArray()) : zeros(c);
        var padded = fill.to(images.dtype).view(1, c, 1, 1).expand(n, c, h + 2 * p, w + 2 * p).contiguous();
        padded.narrow(2, p, h).narrow(3, p, w).copy_(images);
        var rows = shift.select(1, 0).view(n, 1) + arange(h, ScalarType.Int64).view(1, h);
        var kept = padded.gather(2, rows.view(n, 1, h, 1).expand(n, c, h, w + 2 * p));
        var columns = shift.select(1, 1).view(n, 1) + arange(w, ScalarType.Int64).view(1, w);
        return kept.gather(3, columns.view(n, 1, 1, w).expand(n, c, h, w));
    }
}

/// <summary>One epoch's augmentation draws, per image in data order.</summary>
/// <param name="Flip">Mirror the image (bool, N).</param>
/// <param name="Shift">The crop's offset in the padded image, row and column (int64, N × 2), or null for no crop.</param>
public sealed record AugmentationDraws(Tensor Flip, Tensor? Shift) : IDisposable
{
    /// <summary>The draws of the images at <paramref name="index"/>.</summary>
    public AugmentationDraws Select(Tensor index) => new(Flip.index_select(0, index), Shift?.index_select(0, index));

    /// <summary>The draws of images <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/>.</summary>
    public AugmentationDraws Narrow(long start, long length) => new(Flip.narrow(0, start, length), Shift?.narrow(0, start, length));

    /// <inheritdoc />
    public void Dispose()
    {
        Flip.Dispose();
        Shift?.Dispose();
    }
}
