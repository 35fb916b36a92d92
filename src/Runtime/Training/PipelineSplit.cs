using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using EnsDsl.Runtime.Data;
using EnsDsl.Runtime.Imaging;
using EnsDsl.Runtime.Randomness;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Training;

/// <summary>
/// A split read through the image pipeline: images decoded and transformed by <see cref="ImageLoader"/> workers while
/// the model computes — the training transform (e.g. RandomResizedCrop + flip) for training and BatchNorm batches, the
/// test transform (e.g. Resize + CenterCrop) for evaluation. Each image's random draw comes from the seed, the epoch
/// and the image's index, so a run is the same whatever the worker count, and a resumed run equals an uninterrupted one.
/// </summary>
/// <param name="Source">The images.</param>
/// <param name="Train">The training transform.</param>
/// <param name="Test">The test transform.</param>
/// <param name="Options">Workers, prefetch and the corrupt-image policy.</param>
/// <param name="Spec">The dataset spec, for messages.</param>
public sealed record PipelineSplit(IImageSource Source, ImageTransform Train, ImageTransform Test, LoaderOptions Options, string Spec) : DataSplit
{
    readonly ConcurrentDictionary<int, string> skipped = new();
    (int Skipped, Tensor Labels)? labels;

    /// <inheritdoc />
    public override int Count => Source.Count;

    /// <inheritdoc />
    public override int Classes => Source.Classes;

    /// <inheritdoc />
    public override IReadOnlyDictionary<int, string> Skipped => skipped;

    /// <inheritdoc />
    public override Tensor Labels
    {
        get
        {
            lock (skipped)
            {
                if (labels is { } cached && cached.Skipped == skipped.Count) return cached.Labels;
                var values = Enumerable.Range(0, Count).Where(i => !skipped.ContainsKey(i)).Select(Source.Label).ToArray();
                labels = (skipped.Count, tensor(values).DetachFromDisposeScope());
                return labels.Value.Labels;
            }
        }
    }

    /// <inheritdoc />
    public override IEnumerable<(Tensor Images, Tensor Labels)> Batches(int batchSize) =>
        Read(Test, [.. Enumerable.Range(0, Count)], batchSize, _ => new DetRandom(0));

    /// <inheritdoc />
    public override IEnumerable<(Tensor Images, Tensor Labels)> Training(Tensor order, int batchSize, int batches, long seed, int epoch)
    {
        var indices = order.data<long>().ToArray().Take(Math.Min(Count, batches * batchSize)).Select(i => (int)i).ToArray();
        return Read(Train, indices, batchSize, i => DetRandom.For(seed, $"augment/{epoch}/{i}"));
    }

    /// <inheritdoc />
    public override IEnumerable<Tensor> BatchNorm(int batchSize, int? maxBatches) =>
        Read(Train, [.. Enumerable.Range(0, maxBatches is { } m ? Math.Min(Count, m * batchSize) : Count)], batchSize, i => DetRandom.For(0, $"batchnorm/{i}"))
            .Select(b => { b.Labels.Dispose(); return b.Images; });

    /// <inheritdoc />
    public override DataSplit Subset(IReadOnlyList<int> indices) => new PipelineSplit(new SubsetImages(Source, indices), Train, Test, Options, Spec);

    IEnumerable<(Tensor Images, Tensor Labels)> Read(ImageTransform transform, int[] order, int batchSize, Func<int, DetRandom> random)
    {
        var loader = new ImageLoader(Source, transform, Options);
        using var batches = loader.Batches(order, batchSize, random).GetEnumerator();
        while (true)
        {
            (Tensor, Tensor) batch;
            try
            {
                if (!batches.MoveNext()) break;
                using (Torch.GcSafeSection.Enter())
                {
                    var b = batches.Current;
                    var images = empty([b.Count, 3, b.Height, b.Width], ScalarType.Float32).DetachFromDisposeScope();
                    images.bytes = MemoryMarshal.AsBytes(b.Pixels.AsSpan(0, b.Values.Length));
                    batch = (images, tensor(b.Labels[..b.Count]).DetachFromDisposeScope());
                }
            }
            catch (CorruptImageException e)
            {
                throw new DatasetException($"dataset {Spec}: {e.Message}; to leave such images out and count them, add corrupt=skip to the spec (or .SkipCorruptImages())");
            }
            finally
            {
                foreach (var (index, path) in loader.Skipped) skipped.TryAdd(index, path);
            }
            yield return batch;
        }
    }
}

/// <summary>The splits a training step reads: in memory at the images' own size, or through the image pipeline.</summary>
public static class TrainingData
{
    /// <summary>
    /// The train and test splits of <paramref name="data"/> for a step with <paramref name="transform"/> at
    /// <paramref name="size"/> px (0: the images' own size). <c>flip</c>, <c>cropflip</c> and <c>none</c> at the own size read the
    /// dataset into memory; <c>imagenet</c> (and <c>none</c> at a given size) go through the image pipeline, read with
    /// <paramref name="loader"/> (whose corrupt-image policy the dataset's <c>corrupt=</c> option replaces).
    /// </summary>
    /// <exception cref="DatasetException">The dataset cannot be read in that form.</exception>
    /// <exception cref="NotSupportedException">A transform the engine does not have.</exception>
    public static (DataSplit Train, DataSplit Test) For(Dataset data, Transform transform, int size, LoaderOptions loader) =>
        DatasetCache.Split(data, transform, size, loader, () =>
        {
            if (transform.AtOwnSize() && size == Recipe.NativeSize)
            {
                var (train, test) = DataTensors.For(data);
                return (train with { Transform = transform }, test with { Transform = transform });
            }
            if (transform is Transform.Flip or Transform.CropFlip)
                throw new NotSupportedException($"transform '{transform.Name()}' works at the images' own size (imageSize 0); at {size} px use '{Transform.ImageNet.Name()}'");
            var (trainTransform, testTransform) = ImageTransform.Named(transform, size);
            var sources = DatasetCache.Listing(data);
            var options = loader with { OnCorrupt = data.SkipCorrupt ? CorruptImagePolicy.Skip : CorruptImagePolicy.Fail };
            return (new PipelineSplit(sources.Train, trainTransform, testTransform, options, data.Spec),
                    new PipelineSplit(sources.Test, trainTransform, testTransform, options, data.Spec));
        });

    /// <summary>
    /// The held-out images of the data <paramref name="step"/> trains on (<see cref="SplitSetting.HoldOut"/>), read as
    /// its test split is: in memory at their own size, or through the image pipeline's test transform.
    /// </summary>
    /// <exception cref="DatasetException">The dataset holds nothing out, or cannot be read.</exception>
    public static DataSplit HeldOut(TrainStep step, LoaderOptions loader)
    {
        var (_, test) = For(step, loader);
        return test switch
        {
            // A new split, not a copy: a copy would carry the test split's cached labels.
            PipelineSplit p => new PipelineSplit(DatasetCache.Listing(step.Data).HeldOut ?? throw DatasetLoader.NothingHeldOut(step.Data), p.Train, p.Test, p.Options, p.Spec),
            TensorSplit t => DataTensors.HeldOut(step.Data) with { Transform = t.Transform },
            _ => throw new InvalidOperationException($"no held-out split for {test.GetType().Name}"),
        };
    }

    /// <summary>The splits <paramref name="step"/> trains and tests on.</summary>
    public static (DataSplit Train, DataSplit Test) For(TrainStep step, LoaderOptions loader) => For(step.Data, step.Transform, step.ImageSize, loader);
}
