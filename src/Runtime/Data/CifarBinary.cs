using EnsDsl.Runtime.Imaging;

namespace EnsDsl.Runtime.Data;

/// <summary>
/// CIFAR-10 and CIFAR-100 in the official binary version (Krizhevsky 2009), read exactly (the python version is read
/// by <see cref="CifarPython"/> when the folder holds it instead):
/// CIFAR-10: <c>data_batch_1.bin</c> … <c>data_batch_5.bin</c> and <c>test_batch.bin</c>, records of 1 label byte and
/// 3072 pixel bytes, 10,000 per file; CIFAR-100: <c>train.bin</c> (50,000) and <c>test.bin</c> (10,000), records of
/// a coarse and a fine label byte (ensdsl uses the fine, 100-class label) and 3072 pixel bytes. Pixels are stored as
/// 1024 red, 1024 green, 1024 blue values of a 32 × 32 image, row-major — already channel-first. The folder may be the
/// one that holds the files or the one the archive unpacks into (<c>cifar-10-batches-bin</c>, <c>cifar-100-binary</c>).
/// The bytes are kept as they are (<see cref="InMemoryImages"/>) for the image pipeline; <see cref="Read(string, int)"/>
/// also gives them scaled to [0, 1] and normalised with ImageNet's mean and standard deviation, at their own 32 px size.
/// </summary>
public static class CifarBinary
{
    const int Pixels = 3 * 32 * 32;

    /// <summary>Where the official archives come from.</summary>
    public static string Source(int classes) => classes == 10
        ? "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
        : "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz";

    /// <summary>The official files of each split.</summary>
    public static (string[] Train, string[] Test) Files(int classes) => classes == 10
        ? ([.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")], ["test_batch.bin"])
        : (["train.bin"], ["test.bin"]);

    /// <summary>Reads the official dataset of <paramref name="classes"/> (10 or 100) from <paramref name="directory"/>.</summary>
    /// <exception cref="DatasetException">Missing, truncated or mislabelled files, named with what was expected.</exception>
    public static Splits Read(string directory, int classes)
    {
        var (train, test) = Images(directory, classes);
        return new Splits(ImageSet.From(train), ImageSet.From(test));
    }

    /// <summary>The official files' bytes and labels, train and test.</summary>
    /// <exception cref="DatasetException">Missing, truncated or mislabelled files, named with what was expected.</exception>
    public static (InMemoryImages Train, InMemoryImages Test) Images(string directory, int classes) =>
        Images(directory, classes, classes == 10 ? [10_000, 10_000, 10_000, 10_000, 10_000] : [50_000], classes == 10 ? [10_000] : [10_000]);

    /// <summary>Reads with the given record count per file (the official counts, or small ones in tests).</summary>
    internal static (InMemoryImages Train, InMemoryImages Test) Images(string directory, int classes, int[] trainCounts, int[] testCounts)
    {
        var (folder, python) = Locate(directory, classes);
        if (python)
        {
            var (pyTrain, pyTest) = CifarPython.Files(classes);
            return (CifarPython.Read(folder, pyTrain, trainCounts, classes), CifarPython.Read(folder, pyTest, testCounts, classes));
        }
        var (train, test) = Files(classes);
        return (ReadFiles(folder, train, trainCounts, classes), ReadFiles(folder, test, testCounts, classes));
    }

    /// <summary>Reads with the given record count per file, as normalised floats.</summary>
    internal static Splits Read(string directory, int classes, int[] trainCounts, int[] testCounts)
    {
        var (train, test) = Images(directory, classes, trainCounts, testCounts);
        return new Splits(ImageSet.From(train), ImageSet.From(test));
    }

    // The binary version, or else the python version, in the folder or in the one its archive unpacks into.
    internal static (string Folder, bool Python) Locate(string directory, int classes)
    {
        var (train, _) = Files(classes);
        var (pyTrain, _) = CifarPython.Files(classes);
        string spec = $"cifar{classes}:{directory}";
        if (!Directory.Exists(directory))
            throw new DatasetException($"dataset {spec}: folder {Path.GetFullPath(directory)} not found; it should hold {Describe(classes)} ({Source(classes)})");
        foreach (var candidate in new[] { directory, Path.Combine(directory, classes == 10 ? "cifar-10-batches-bin" : "cifar-100-binary") })
            if (File.Exists(Path.Combine(candidate, train[0]))) return (candidate, false);
        foreach (var candidate in new[] { directory, Path.Combine(directory, CifarPython.Folder(classes)) })
            if (File.Exists(Path.Combine(candidate, pyTrain[0]))) return (candidate, true);
        throw new DatasetException($"dataset {spec}: {Path.GetFullPath(directory)} has neither {train[0]} nor {pyTrain[0]}; it should hold {Describe(classes)} ({Source(classes)}), " +
            $"or the python version ({CifarPython.Source(classes)})");
    }

    static string Describe(int classes) => classes == 10
        ? "data_batch_1.bin … data_batch_5.bin and test_batch.bin (the binary version)"
        : "train.bin and test.bin (the binary version)";

    static InMemoryImages ReadFiles(string folder, string[] files, int[] counts, int classes)
    {
        int labelBytes = classes == 10 ? 1 : 2;
        int record = labelBytes + Pixels;
        int total = counts.Sum();
        var pixels = new byte[(long)total * Pixels];
        var labels = new long[total];
        int offset = 0;
        for (int f = 0; f < files.Length; f++)
        {
            var path = Path.Combine(folder, files[f]);
            if (!File.Exists(path))
                throw new DatasetException($"CIFAR-{classes}: {path} is missing; the folder should hold {Describe(classes)} ({Source(classes)})");
            var bytes = File.ReadAllBytes(path);
            long expected = (long)counts[f] * record;
            if (bytes.LongLength != expected)
                throw new DatasetException($"CIFAR-{classes}: {path} has {bytes.LongLength:N0} bytes; expected {expected:N0} ({counts[f]:N0} records of {record} bytes). " +
                    $"The file is truncated or from another dataset; unpack it again from {Source(classes)}");
            for (int i = 0; i < counts[f]; i++)
            {
                int label = bytes[(long)i * record + labelBytes - 1];
                if (label >= classes)
                    throw new DatasetException($"CIFAR-{classes}: {path}, record {i}: label {label} is not below {classes}; is this the CIFAR-{(classes == 10 ? 100 : 10)} file?");
                labels[offset + i] = label;
                bytes.AsSpan((int)((long)i * record + labelBytes), Pixels).CopyTo(pixels.AsSpan((offset + i) * Pixels, Pixels));
            }
            offset += counts[f];
        }
        return new InMemoryImages(pixels, labels, classes, 32, 32);
    }
}
