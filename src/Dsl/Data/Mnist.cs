namespace EnsDsl;

/// <summary>Which dataset of the MNIST family, in the original idx files.</summary>
public enum MnistKind
{
    /// <summary>Zalando's Fashion-MNIST: 10 kinds of clothing, 6,000 training and 1,000 test images of each.</summary>
    Fashion,
    /// <summary>LeCun's handwritten digits: 60,000 training and 10,000 test images, not the same number per digit.</summary>
    Digits,
}

/// <summary>
/// Fashion-MNIST or MNIST from the original idx files in <see cref="Path"/>: <c>train-images-idx3-ubyte</c>,
/// <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c> and <c>t10k-labels-idx1-ubyte</c>, each gzipped
/// (<c>.gz</c>) or not. 28 × 28 grayscale images in 10 classes; a network sees each image's one channel three times
/// (so that every architecture and pre-trained checkpoint fits), normalised with the dataset's own mean and standard
/// deviation at the images' own size (as ImageNet's images are when resized for a pre-trained network).
/// Debian's <c>dataset-fashion-mnist</c> installs Fashion-MNIST in <see cref="DebianFashionMnist"/>.
/// </summary>
/// <param name="Which">Fashion-MNIST or MNIST.</param>
/// <param name="Path">The folder with the four files.</param>
public sealed record Mnist(MnistKind Which, string Path) : Dataset
{
    /// <summary>Where Debian's package <c>dataset-fashion-mnist</c> puts the files.</summary>
    public const string DebianFashionMnist = "/usr/share/datasets/fashion-mnist";

    /// <summary>The Debian package that provides Fashion-MNIST.</summary>
    public const string DebianPackage = "dataset-fashion-mnist";

    /// <summary>Fashion-MNIST's class names, by label.</summary>
    public static IReadOnlyList<string> FashionClasses { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Training images in the files: 60,000.</summary>
    public const int TrainCount = 60_000;

    /// <summary>Test images in the files: 10,000.</summary>
    public const int TestCount = 10_000;

    /// <summary>Image side in pixels.</summary>
    public const int Side = 28;

    /// <inheritdoc />
    public override string Kind => Which == MnistKind.Fashion ? "fashion-mnist" : "mnist";
    /// <inheritdoc />
    private protected override int? KindClasses => 10;
    /// <inheritdoc />
    private protected override int? TestImages => TestCount;
    /// <inheritdoc />
    private protected override int? TrainSplitImages => TrainCount;
    /// <summary>Fashion-MNIST is balanced (6,000 per class); MNIST's digits are not.</summary>
    private protected override int? TrainPerClass => Which == MnistKind.Fashion ? TrainCount / 10 : null;
    /// <summary>Fashion-MNIST tests on 1,000 images per class; MNIST's digits not on one number each.</summary>
    private protected override int? TestPerClass => Which == MnistKind.Fashion ? TestCount / 10 : null;
    /// <inheritdoc />
    protected override string KindSpec => $"{Kind}:{Path}";
}
