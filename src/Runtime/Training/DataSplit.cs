using static TorchSharp.torch;

namespace EnsDsl.Runtime.Training;

/// <summary>
/// One split of a dataset as the engine reads it, whatever holds it: tensors in memory (<see cref="TensorSplit"/>) or
/// image files and bytes decoded and transformed by the image pipeline (<see cref="PipelineSplit"/>). Batches come
/// as CPU tensors the caller disposes.
/// </summary>
public abstract record DataSplit
{
    /// <summary>Number of images.</summary>
    public abstract int Count { get; }

    /// <summary>Number of classes.</summary>
    public abstract int Classes { get; }

    /// <summary>The labels of every image in order (int64), minus corrupt images skipped so far.</summary>
    public abstract Tensor Labels { get; }

    /// <summary>Evaluation batches in order, with the test-time transform.</summary>
    public abstract IEnumerable<(Tensor Images, Tensor Labels)> Batches(int batchSize);

    /// <summary>
    /// Training batches of epoch <paramref name="epoch"/>: the images at <paramref name="order"/>, the first
    /// <paramref name="batches"/> batches of <paramref name="batchSize"/>, with the training transform drawn from
    /// <paramref name="seed"/> and the epoch.
    /// </summary>
    public abstract IEnumerable<(Tensor Images, Tensor Labels)> Training(Tensor order, int batchSize, int batches, long seed, int epoch);

    /// <summary>Batches for BatchNorm recomputation: one pass in stored order, transformed as in training with a fixed draw, at most <paramref name="maxBatches"/>.</summary>
    public abstract IEnumerable<Tensor> BatchNorm(int batchSize, int? maxBatches);

    /// <summary>The images at <paramref name="indices"/>, in that order.</summary>
    public abstract DataSplit Subset(IReadOnlyList<int> indices);

    /// <summary>Corrupt images left out so far (index → file), under the skip policy.</summary>
    public virtual IReadOnlyDictionary<int, string> Skipped => EmptySkipped;

    static readonly IReadOnlyDictionary<int, string> EmptySkipped = new Dictionary<int, string>();
}
