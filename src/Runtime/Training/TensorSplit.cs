using EnsDsl.Runtime.Randomness;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Training;

/// <summary>
/// One split as tensors in memory: images N×C×H×W (float32) and labels N (int64), at the images' own size, with the
/// in-memory training transform <see cref="Transform"/> (<c>flip</c>, <c>cropflip</c> or <c>none</c>, see <see cref="Augmentation"/>).
/// </summary>
/// <param name="Images">The images.</param>
/// <param name="AllLabels">The labels.</param>
/// <param name="ClassCount">Number of classes.</param>
/// <param name="Transform">The training transform.</param>
public sealed record TensorSplit(Tensor Images, Tensor AllLabels, int ClassCount, Transform Transform = Transform.None) : DataSplit
{
    /// <summary>Per channel, a black pixel's value (a crop's padding); null for 0.</summary>
    public IReadOnlyList<float>? Black { get; init; }

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
        using var draws = Augmentation.Draw(Transform, Count, Generators.For(seed, "augment", epoch));
        for (int b = 0; b < batches; b++)
        {
            (Tensor, Tensor) batch;
            using (Torch.GcSafeSection.Enter())
            using (NewDisposeScope())
            {
                int length = Math.Min(batchSize, Count - b * batchSize);
                var index = order.narrow(0, b * batchSize, length);
                var x = Augmentation.Apply(Images.index_select(0, index), draws?.Select(index), Black);
                batch = (x.DetachFromDisposeScope(), AllLabels.index_select(0, index).DetachFromDisposeScope());
            }
            yield return batch;
        }
    }

    /// <inheritdoc />
    public override IEnumerable<Tensor> BatchNorm(int batchSize, int? maxBatches)
    {
        using var draws = Augmentation.Draw(Transform, Count, Generators.For(0, "batchnorm"));
        int batches = 0;
        for (int start = 0; start < Count && (maxBatches is null || batches < maxBatches); start += batchSize, batches++)
        {
            int length = Math.Min(batchSize, Count - start);
            using var batch = draws?.Narrow(start, length);
            yield return Augmentation.Apply(Images.narrow(0, start, length), batch, Black);
        }
    }

    /// <inheritdoc />
    public override DataSplit Subset(IReadOnlyList<int> indices)
    {
        using var index = tensor(indices.Select(i => (long)i).ToArray());
        return this with { Images = Images.index_select(0, index), AllLabels = AllLabels.index_select(0, index) };
    }
}
