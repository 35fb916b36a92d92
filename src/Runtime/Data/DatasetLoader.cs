using EnsDsl.Runtime.Imaging;

namespace EnsDsl.Runtime.Data;

/// <summary>A dataset that cannot be loaded: what was expected, where it looked, how to get it.</summary>
public sealed class DatasetException(string message) : Exception(message);

/// <summary>A dataset's splits as the image pipeline reads them: labels in memory, pixels decoded on demand.</summary>
/// <param name="Train">The training split.</param>
/// <param name="Test">The test split (the validation split in the validation setting).</param>
/// <param name="HeldOut">The validation split when it is held out (<see cref="SplitSetting.HoldOut"/>), else null.</param>
public sealed record ImageSources(IImageSource Train, IImageSource Test, IImageSource? HeldOut = null);

/// <summary>
/// Loads datasets from their specs, anew at every call (the engine keeps what it read in <c>Training.DatasetCache</c>,
/// which nodes that share a dataset share). Two forms: in memory at
/// the images' own size, normalised (<see cref="Load"/>: the embedded tasks, CIFAR, image folders of one size), and
/// as image sources for the image pipeline (<see cref="Sources"/>: CIFAR, SUN-397, image folders). In the validation
/// setting (<see cref="SplitSetting.Validation"/>) both give the training images minus a stratified validation split,
/// and the validation split in the test split's place; with the validation split held out
/// (<see cref="SplitSetting.HoldOut"/>) the training images minus it, the test split, and it as the held-out split.
/// The embedded tasks generate a held-out set of their own instead. A subset (<see cref="Dataset.KeptClasses"/>,
/// <see cref="Dataset.Draw"/>) is taken last (<see cref="DataSubsets"/>).
/// </summary>
public static class DatasetLoader
{
    /// <summary>
    /// The splits of <paramref name="dataset"/> in memory, at the images' own size, read anew at every call: the
    /// engine keeps them once, as tensors (<c>Training.DatasetCache</c>).
    /// </summary>
    /// <exception cref="DatasetException">The dataset is missing or cannot be read.</exception>
    public static Splits Load(Dataset dataset)
    {
        var splits = Read(dataset);
        if (dataset.Split == SplitSetting.Test) return DataSubsets.Of(dataset, splits);
        if (dataset is Embedded e)
            return DataSubsets.Of(dataset, dataset.Validation ? Carve(dataset, splits.Train, splits.Test) : splits with { HeldOut = EmbeddedTaskData.HeldOut(e.Task, e.Seed) });
        return DataSubsets.Of(dataset, Carve(dataset, splits.Train, splits.Test));
    }

    // The training images without the validation split, and the split in the test split's place or held out.
    static Splits Carve(Dataset dataset, ImageSet train, ImageSet test)
    {
        var (kept, validation) = ValidationSplit(dataset, train.Labels);
        var (rest, split) = (train.Subset(kept), train.Subset(validation));
        return dataset.Validation ? new Splits(rest, split) : new Splits(rest, test, split);
    }

    /// <summary>The held-out images of <paramref name="dataset"/> (<see cref="SplitSetting.HoldOut"/>), in memory at their own size.</summary>
    /// <exception cref="DatasetException">The dataset holds nothing out, or cannot be read.</exception>
    public static ImageSet HeldOut(Dataset dataset) => Load(dataset).HeldOut ?? throw NothingHeldOut(dataset);

    /// <summary>The held-out images of <paramref name="dataset"/> (<see cref="SplitSetting.HoldOut"/>) as an image source.</summary>
    /// <exception cref="DatasetException">The dataset holds nothing out, or cannot be read.</exception>
    public static IImageSource HeldOutSources(Dataset dataset) => Sources(dataset).HeldOut ?? throw NothingHeldOut(dataset);

    /// <summary>Where <paramref name="dataset"/>'s held-out images come from, for people (results name it).</summary>
    public static string HeldOutOrigin(Dataset dataset) => dataset is Embedded
        ? $"{dataset.Spec}: held-out images generated apart from the training split"
        : $"{dataset.Spec}: the validation split, left out of training";

    /// <summary>The error for a dataset that holds nothing out, naming the spec that does.</summary>
    public static DatasetException NothingHeldOut(Dataset dataset) =>
        new($"dataset {dataset.Spec} holds no images out; use {dataset.HoldOut().Spec}");

    /// <summary>SUN-397's validation images per class in the authors' code.</summary>
    public const int Sun397ValidationPerClass = 10;

    /// <summary>The splits of <paramref name="dataset"/> as image sources for the image pipeline, listed anew at every call.</summary>
    /// <exception cref="DatasetException">The dataset is missing, cannot be read, or is generated at its own size (the embedded tasks).</exception>
    public static ImageSources Sources(Dataset dataset)
    {
        var (train, test) = List(dataset);
        if (dataset.Split == SplitSetting.Test) return DataSubsets.Of(dataset, new ImageSources(train, test));
        var labels = Enumerable.Range(0, train.Count).Select(train.Label).ToArray();
        var (kept, validation) = ValidationSplit(dataset, labels);
        var (rest, split) = (new SubsetImages(train, kept), new SubsetImages(train, validation));
        return DataSubsets.Of(dataset, dataset.Validation ? new ImageSources(rest, split) : new ImageSources(rest, test, split));
    }

    /// <summary>
    /// The authors' validation split: scikit-learn's stratified <c>train_test_split</c> with seed 42, of 10 % of the
    /// training images (CIFAR: 5,000 of 50,000); for SUN-397, 10 images of every class, each class split on its own
    /// with the seed (<see cref="PerClassSplit"/>), as their code does.
    /// </summary>
    public static (int[] Train, int[] Validation) ValidationSplit(Dataset dataset, IReadOnlyList<long> labels)
    {
        try { return dataset is Sun397 ? PerClassSplit.Split(labels, Sun397ValidationPerClass) : StratifiedSplit.Split(labels, (int)Math.Ceiling(0.1 * labels.Count)); }
        catch (ArgumentException e) { throw new DatasetException($"dataset {dataset.Spec}: no validation split can be taken: {e.Message}"); }
    }

    static Splits Read(Dataset dataset) => dataset switch
    {
        Embedded e => EmbeddedTaskData.Generate(e.Task, e.Seed),
        Cifar c => CifarBinary.Read(c.Path, c.ClassCount),
        Sun397 s => throw new DatasetException($"dataset {s.Spec}: SUN-397's images come in many sizes; they are read by the image pipeline, with the 'imagenet' transform (or --transform test|none in ensdsl eval)"),
        ImageFolder f => ImageFolderData.Read(f.Path),
        Mnist m => MnistData.Read(m),
        CorruptedCifar c => TestOnly(ShiftData.Corrupted(c)),
        Cifar10Point1 c => TestOnly(ShiftData.Cifar10Point1(c)),
        _ => throw new DatasetException($"dataset {dataset.Spec}: no loader for kind '{dataset.Kind}'"),
    };

    // The distribution-shift sets have only test images; their training split is empty.
    static (InMemoryImages Train, InMemoryImages Test) Shifted(InMemoryImages test) =>
        (new InMemoryImages([], [], test.ClassCount, test.Width, test.Height), test);

    static Splits TestOnly(InMemoryImages test) => new(ImageSet.From(Shifted(test).Train), ImageSet.From(test));

    static (IImageSource Train, IImageSource Test) List(Dataset dataset) => dataset switch
    {
        Cifar c => CifarBinary.Images(c.Path, c.ClassCount),
        Sun397 s => Sun397Data.Files(s.Path, s.Partition),
        ImageFolder f => ImageFolderData.Files(f.Path),
        Mnist m => MnistData.Images(m),
        CorruptedCifar c => Shifted(ShiftData.Corrupted(c)),
        Cifar10Point1 c => Shifted(ShiftData.Cifar10Point1(c)),
        Embedded e => throw new DatasetException($"dataset {e.Spec}: the embedded tasks are generated at their own size; train them with transform 'flip' or 'none', not the image pipeline's resizing transforms"),
        _ => throw new DatasetException($"dataset {dataset.Spec}: no loader for kind '{dataset.Kind}'"),
    };
}
