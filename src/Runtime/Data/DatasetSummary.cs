using EnsDsl.Runtime.Imaging;

namespace EnsDsl.Runtime.Data;

/// <summary>One split as ensdsl reads it: its images, how many per class, and their sizes.</summary>
/// <param name="Name">train, test or held-out.</param>
/// <param name="Images">Number of images.</param>
/// <param name="PerClass">Images per class, by class index.</param>
/// <param name="Sizes">The distinct image sizes (width, height) met, smallest area first.</param>
/// <param name="SizesSampled">How many images the sizes were read from (all of them, or an even sample of a large folder).</param>
public sealed record SplitSummary(string Name, int Images, IReadOnlyList<int> PerClass, IReadOnlyList<(int Width, int Height)> Sizes, int SizesSampled);

/// <summary>
/// What a dataset spec gives a training step, read as a step reads it (subsets and validation setting included):
/// what <c>ensdsl inspect SPEC</c> prints, so that a researcher sees the classes, counts and preprocessing before
/// training on them.
/// </summary>
/// <param name="Spec">The canonical spec.</param>
/// <param name="Classes">Number of classes after any class selection.</param>
/// <param name="Splits">Train, test, and held-out when there is one.</param>
/// <param name="Pixels">How the pixels become a network's input, for people.</param>
public sealed record DatasetSummary(string Spec, int Classes, IReadOnlyList<SplitSummary> Splits, string Pixels)
{
    /// <summary>At most this many images per split have their size read (a folder's headers are files to open).</summary>
    public const int SizeSample = 1000;

    /// <summary>The summary of <paramref name="dataset"/>.</summary>
    /// <exception cref="DatasetException">The dataset is missing or cannot be read (the message says what to do).</exception>
    public static DatasetSummary Of(Dataset dataset)
    {
        if (dataset is Embedded)
        {
            var splits = DatasetLoader.Load(dataset);
            var sets = new[] { ("train", splits.Train), ("test", splits.Test), ("held-out", splits.HeldOut) };
            return new DatasetSummary(dataset.Spec, splits.Train.Classes,
                [.. sets.Where(s => s.Item2 is not null).Select(s => InMemory(s.Item1, s.Item2!))],
                "generated in memory, already scaled as network inputs (no normalisation)");
        }
        var sources = DatasetLoader.Sources(dataset);
        var named = new[] { ("train", sources.Train), ("test", sources.Test), ("held-out", sources.HeldOut) };
        return new DatasetSummary(dataset.Spec, sources.Test.Classes,
            [.. named.Where(s => s.Item2 is not null).Select(s => FromSource(s.Item1, s.Item2!))], PixelsOf(dataset));
    }

    static SplitSummary InMemory(string name, ImageSet set) =>
        new(name, set.Count, Counts(set.Labels, set.Classes), set.Count == 0 ? [] : [(set.Width, set.Height)], set.Count);

    static SplitSummary FromSource(string name, IImageSource source)
    {
        var labels = Enumerable.Range(0, source.Count).Select(source.Label).ToArray();
        int sampled = Math.Min(source.Count, SizeSample);
        var sizes = Enumerable.Range(0, sampled).Select(i => source.Size((int)((long)i * source.Count / sampled)))
            .Distinct().OrderBy(s => (long)s.Width * s.Height).ThenBy(s => s.Width).ToList();
        return new SplitSummary(name, source.Count, Counts(labels, source.Classes), sizes, sampled);
    }

    static int[] Counts(IReadOnlyList<long> labels, int classes)
    {
        var counts = new int[classes];
        foreach (var label in labels) counts[label]++;
        return counts;
    }

    static string PixelsOf(Dataset dataset)
    {
        if (dataset is not Mnist mnist) return "RGB, normalised with ImageNet's mean and standard deviation (as the pre-trained networks saw them)";
        var statistics = MnistData.Statistics(MnistData.Images(mnist).Train);
        return $"grayscale, given to networks as 3 equal channels, normalised with the training images' own mean {statistics.Mean[0]:0.0000} " +
               $"and standard deviation {statistics.Std[0]:0.0000} (at their own size; resized for a pre-trained network, with ImageNet's)";
    }
}
