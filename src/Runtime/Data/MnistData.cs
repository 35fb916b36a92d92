using EnsDsl.Runtime.Imaging;

namespace EnsDsl.Runtime.Data;

/// <summary>
/// Fashion-MNIST and MNIST from their original idx files (<see cref="IdxFile"/>), gzipped or not. Each 28 × 28 grayscale
/// image is given to networks as three equal channels — every architecture and every pre-trained checkpoint takes
/// three — normalised with the dataset's own statistics, the mean and standard deviation of every pixel of its
/// training images (Fashion-MNIST: 0.2860 and 0.3530), in memory at their own size; resized by the image pipeline for a
/// pre-trained ImageNet network they are normalised as that network's images were.
/// </summary>
public static class MnistData
{
    /// <summary>The four files, without <c>.gz</c>: training images and labels, test images and labels.</summary>
    public static readonly (string Images, string Labels) TrainFiles = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
        TestFiles = ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /// <summary>Classes of both datasets.</summary>
    public const int Classes = 10;

    /// <summary>The images of both splits, as 8-bit planes (the one channel three times), with their labels.</summary>
    /// <exception cref="DatasetException">A file is missing, or not the idx file it should be (the message names it).</exception>
    public static (InMemoryImages Train, InMemoryImages Test) Images(Mnist data) => (Split(data, TrainFiles), Split(data, TestFiles));

    /// <summary>Both splits in memory at 28 × 28, normalised with the training images' statistics.</summary>
    /// <exception cref="DatasetException">A file is missing or wrong.</exception>
    public static Splits Read(Mnist data)
    {
        var (train, test) = Images(data);
        var normalisation = Statistics(train);
        return new Splits(ImageSet.From(train, normalisation), ImageSet.From(test, normalisation));
    }

    /// <summary>The four files are there, each with an idx header that fits its length, and images and labels agree in number (nothing decompressed but headers).</summary>
    /// <exception cref="DatasetException">What is missing or wrong.</exception>
    public static void Check(Mnist data)
    {
        foreach (var (images, labels) in new[] { TrainFiles, TestFiles })
        {
            var (imagePath, labelPath) = (Locate(data, images), Locate(data, labels));
            var (imageShape, labelShape) = (IdxFile.Check(imagePath, 3), IdxFile.Check(labelPath, 1));
            Agree(imagePath, imageShape, labelPath, labelShape);
        }
    }

    /// <summary>The mean and standard deviation of every pixel of <paramref name="train"/>, the same for its three channels.</summary>
    public static PixelNormalisation Statistics(InMemoryImages train)
    {
        int plane = train.Width * train.Height;
        long sum = 0, squares = 0;
        for (int i = 0; i < train.Count; i++)
            foreach (var v in train.Planes.AsSpan(i * 3 * plane, plane))                // the first of the three equal channels
            {
                sum += v;
                squares += v * v;
            }
        double n = (double)train.Count * plane, mean = sum / n / 255.0, std = Math.Sqrt(Math.Max(0, squares / n / (255.0 * 255.0) - mean * mean));
        return PixelNormalisation.Of((float)mean, (float)(std > 0 ? std : 1));
    }

    static InMemoryImages Split(Mnist data, (string Images, string Labels) files)
    {
        var images = IdxFile.Read(Locate(data, files.Images), 3);
        var labels = IdxFile.Read(Locate(data, files.Labels), 1);
        Agree(images.Path, images.Dimensions, labels.Path, labels.Dimensions);
        var bad = Array.FindIndex(labels.Values, l => l >= Classes);
        if (bad >= 0) throw new DatasetException($"{labels.Path}: label {labels.Values[bad]} of image {bad}; {data.Kind}'s labels run from 0 to {Classes - 1}");
        int count = images.Dimensions[0], height = images.Dimensions[1], width = images.Dimensions[2], plane = height * width;
        var planes = new byte[(long)count * 3 * plane];
        for (int i = 0; i < count; i++)
        {
            var source = images.Values.AsSpan(i * plane, plane);
            for (int c = 0; c < 3; c++) source.CopyTo(planes.AsSpan((3 * i + c) * plane, plane));
        }
        return new InMemoryImages(planes, [.. labels.Values.Select(l => (long)l)], Classes, width, height);
    }

    static void Agree(string imagePath, IReadOnlyList<int> images, string labelPath, IReadOnlyList<int> labels)
    {
        if (images[0] != labels[0])
            throw new DatasetException($"{imagePath} holds {images[0]:N0} images but {labelPath} {labels[0]:N0} labels; they must be of the same split");
    }

    /// <summary>The file <paramref name="name"/> or <paramref name="name"/>.gz in the dataset's folder.</summary>
    static string Locate(Mnist data, string name)
    {
        foreach (var candidate in new[] { name, name + ".gz" })
            if (File.Exists(Path.Combine(data.Path, candidate))) return Path.Combine(data.Path, candidate);
        throw new DatasetException(Missing(data, name));
    }

    /// <summary>What to say when <paramref name="name"/> is not in the dataset's folder: where it looked, and how to get the files.</summary>
    internal static string Missing(Mnist data, string name)
    {
        var where = Directory.Exists(data.Path) ? $"no {name} or {name}.gz in {Path.GetFullPath(data.Path)}" : $"folder {Path.GetFullPath(data.Path)} not found";
        var get = data.Which == MnistKind.Fashion && Path.GetFullPath(data.Path) == Mnist.DebianFashionMnist
            ? $"Debian's package {Mnist.DebianPackage} installs Fashion-MNIST there (apt-get install {Mnist.DebianPackage})"
            : $"it should hold the four idx files {TrainFiles.Images}, {TrainFiles.Labels}, {TestFiles.Images} and {TestFiles.Labels}, gzipped or not" +
              (data.Which == MnistKind.Fashion ? $" (Debian's package {Mnist.DebianPackage} installs them in {Mnist.DebianFashionMnist})" : "");
        return $"dataset {data.Spec}: {where}; {get}";
    }
}
