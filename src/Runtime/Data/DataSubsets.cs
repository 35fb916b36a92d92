using EnsDsl.Runtime.Imaging;
using EnsDsl.Runtime.Randomness;

namespace EnsDsl.Runtime.Data;

/// <summary>
/// A dataset's subset (<see cref="Dataset.KeptClasses"/>, <see cref="Dataset.Draw"/>), taken after the validation split
/// is carved out (so that it is the authors' split, restricted): every split keeps exactly the selected classes,
/// relabelled 0..k−1 in the order given, and the training split is then drawn down to the same number of images of every
/// class. A draw takes, for each class, the images a generator seeded by the draw's seed and the class's original index
/// shuffles first, and keeps them in the dataset's order: the same seed draws the same images of a class whatever other
/// classes are kept, and another seed draws others.
/// </summary>
public static class DataSubsets
{
    /// <summary><paramref name="splits"/> with the dataset's subset taken.</summary>
    /// <exception cref="DatasetException">A selected class the files do not have, or a class with fewer training images than the draw asks.</exception>
    public static Splits Of(Dataset data, Splits splits)
    {
        if (data.KeptClasses is { } kept)
            splits = new Splits(Keep(splits.Train, kept, data), Keep(splits.Test, kept, data), splits.HeldOut is { } h ? Keep(h, kept, data) : null);
        return data.Draw is { } draw ? splits with { Train = splits.Train.Subset(Drawn(splits.Train.Labels, splits.Train.Classes, data, draw)) } : splits;
    }

    /// <summary><paramref name="sources"/> with the dataset's subset taken.</summary>
    /// <exception cref="DatasetException">As <see cref="Of(Dataset, Splits)"/>.</exception>
    public static ImageSources Of(Dataset data, ImageSources sources)
    {
        if (data.KeptClasses is { } kept)
            sources = new ImageSources(Keep(sources.Train, kept, data), Keep(sources.Test, kept, data), sources.HeldOut is { } h ? Keep(h, kept, data) : null);
        if (data.Draw is not { } draw) return sources;
        var labels = Enumerable.Range(0, sources.Train.Count).Select(sources.Train.Label).ToArray();
        return sources with { Train = new SubsetImages(sources.Train, Drawn(labels, sources.Train.Classes, data, draw)) };
    }

    /// <summary>The images of the kept classes, in the dataset's order, relabelled.</summary>
    public static ImageSet Keep(ImageSet set, ClassSelection kept, Dataset data)
    {
        var (indices, labels) = Kept(set.Labels, set.Classes, kept, data);
        return set.Subset(indices) with { Labels = labels, Classes = kept.Count };
    }

    /// <summary>The images of the kept classes, in the source's order, relabelled.</summary>
    public static IImageSource Keep(IImageSource source, ClassSelection kept, Dataset data)
    {
        var (indices, labels) = Kept([.. Enumerable.Range(0, source.Count).Select(source.Label)], source.Classes, kept, data);
        return new RelabelledImages(source, indices, labels, kept.Count);
    }

    static (int[] Indices, long[] Labels) Kept(IReadOnlyList<long> labels, int classes, ClassSelection kept, Dataset data)
    {
        if (kept.Indices.FirstOrDefault(c => c >= classes) is var unknown && unknown >= classes)
            throw new DatasetException($"dataset {data.Spec}: its files have {classes} classes (0..{classes - 1}); there is no class {unknown}");
        var indices = Enumerable.Range(0, labels.Count).Where(i => kept.LabelOf((int)labels[i]) >= 0).ToArray();
        return (indices, [.. indices.Select(i => (long)kept.LabelOf((int)labels[i]))]);
    }

    /// <summary>
    /// The indices, in the dataset's order, of <paramref name="draw"/>'s images among <paramref name="labels"/> (already
    /// relabelled) of <paramref name="classes"/> classes.
    /// </summary>
    /// <exception cref="DatasetException">A class has fewer images than the draw asks.</exception>
    public static int[] Drawn(IReadOnlyList<long> labels, int classes, Dataset data, PerClassDraw draw)
    {
        var byClass = Enumerable.Range(0, labels.Count).ToLookup(i => labels[i]);
        var chosen = new List<int>();
        for (int label = 0; label < classes; label++)
        {
            var original = data.KeptClasses is { } kept ? kept.Indices[label] : label;
            var candidates = byClass[label].ToList();
            if (candidates.Count < draw.Count)
                throw new DatasetException($"dataset {data.Spec}: per_class={draw.Count}, but class {original} has {candidates.Count:N0} training images{(data.Split == SplitSetting.Test ? "" : " besides its validation split")}");
            DetRandom.For(draw.Seed, $"per_class/{original}").Shuffle(candidates);
            chosen.AddRange(candidates.Take(draw.Count));
        }
        chosen.Sort();
        return [.. chosen];
    }
}

/// <summary>Some images of another source with new labels (a dataset's kept classes, <see cref="DataSubsets"/>).</summary>
/// <param name="Of">The whole source.</param>
/// <param name="Indices">The images taken, by index in <paramref name="Of"/>.</param>
/// <param name="Labels">Their new labels.</param>
/// <param name="ClassCount">The number of new labels.</param>
public sealed record RelabelledImages(IImageSource Of, IReadOnlyList<int> Indices, IReadOnlyList<long> Labels, int ClassCount) : IImageSource
{
    /// <inheritdoc />
    public int Count => Indices.Count;

    /// <inheritdoc />
    public int Classes => ClassCount;

    /// <inheritdoc />
    public long Label(int index) => Labels[index];

    /// <inheritdoc />
    public (int Width, int Height) Size(int index) => Of.Size(Indices[index]);

    /// <inheritdoc />
    public RgbaImage Load(int index, ImageDecoder decoder) => Of.Load(Indices[index], decoder);
}
