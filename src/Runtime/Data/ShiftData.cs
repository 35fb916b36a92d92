using EnsDsl.Runtime.Imaging;

namespace EnsDsl.Runtime.Data;

/// <summary>
/// The distribution-shift test sets from their published <c>.npy</c> files: CIFAR-10-C / CIFAR-100-C (one corruption
/// file of five severities' images in order, and <c>labels.npy</c>) and CIFAR-10.1. Images are 32 × 32 × 3 bytes,
/// height, width, channel; they are kept as channel-first bytes (<see cref="InMemoryImages"/>), as CIFAR's own are.
/// </summary>
public static class ShiftData
{
    const int Side = 32;

    /// <summary>Finds the files of a distribution-shift set without reading them.</summary>
    /// <exception cref="DatasetException">A file is missing, named with where to get it.</exception>
    public static void Check(Dataset data)
    {
        switch (data)
        {
            case CorruptedCifar c: Locate(c.Path, $"{c.Corruption}.npy", c.ClassCount == 10 ? "CIFAR-10-C" : "CIFAR-100-C", c.Spec); break;
            case Cifar10Point1 p: Locate(p.Path, $"cifar10.1_v{p.Version}_data.npy", "cifar10_1", p.Spec); break;
        }
    }

    /// <summary>The images of one corruption at one severity.</summary>
    /// <exception cref="DatasetException">Missing or malformed files, named with what was expected.</exception>
    public static InMemoryImages Corrupted(CorruptedCifar data)
    {
        var folder = Locate(data.Path, $"{data.Corruption}.npy", data.ClassCount == 10 ? "CIFAR-10-C" : "CIFAR-100-C", data.Spec);
        var images = NumpyFile.Open(System.IO.Path.Combine(folder, $"{data.Corruption}.npy"));
        var labels = NumpyFile.Open(System.IO.Path.Combine(folder, "labels.npy"));
        CheckImages(images, data.Spec);
        int total = images.Shape[0];
        if (total % CorruptedCifar.MaxSeverity != 0 || labels.Shape is not [var n] || n != total)
            throw new DatasetException($"dataset {data.Spec}: expected {CorruptedCifar.MaxSeverity} severities of equal size and one label per image; " +
                $"{images.Path} has {total} images, {labels.Path} the shape ({string.Join(", ", labels.Shape)})");
        int perSeverity = total / CorruptedCifar.MaxSeverity, first = (data.Severity - 1) * perSeverity;
        return Read(images, labels, first, perSeverity, data.ClassCount, data.Spec);
    }

    /// <summary>CIFAR-10.1's images.</summary>
    /// <exception cref="DatasetException">Missing or malformed files, named with what was expected.</exception>
    public static InMemoryImages Cifar10Point1(Cifar10Point1 data)
    {
        var name = $"cifar10.1_v{data.Version}";
        var folder = Locate(data.Path, $"{name}_data.npy", "cifar10_1", data.Spec);
        var images = NumpyFile.Open(System.IO.Path.Combine(folder, $"{name}_data.npy"));
        var labels = NumpyFile.Open(System.IO.Path.Combine(folder, $"{name}_labels.npy"));
        CheckImages(images, data.Spec);
        if (labels.Shape is not [var n] || n != images.Shape[0])
            throw new DatasetException($"dataset {data.Spec}: {labels.Path} should hold one label per image ({images.Shape[0]})");
        return Read(images, labels, 0, images.Shape[0], 10, data.Spec);
    }

    static void CheckImages(NumpyFile images, string spec)
    {
        if (images.Shape is not [_, Side, Side, 3] || images.Descr != "|u1")
            throw new DatasetException($"dataset {spec}: {images.Path} should hold N × 32 × 32 × 3 bytes (uint8); it holds ({string.Join(", ", images.Shape)}) of '{images.Descr}'");
    }

    static InMemoryImages Read(NumpyFile images, NumpyFile labels, int first, int count, int classes, string spec)
    {
        const int image = Side * Side * 3, plane = Side * Side;
        var hwc = images.Bytes((long)first * image, count * image);
        var planes = new byte[hwc.Length];
        for (int i = 0; i < count; i++)
            for (int p = 0; p < plane; p++)
                for (int c = 0; c < 3; c++)
                    planes[(long)i * image + c * plane + p] = hwc[(long)i * image + p * 3 + c];
        var values = labels.Integers(first, count);
        if (values.FirstOrDefault(l => l < 0 || l >= classes, -1) is var bad && bad != -1)
            throw new DatasetException($"dataset {spec}: {labels.Path} has label {bad}, outside 0–{classes - 1}");
        return new InMemoryImages(planes, values, classes, Side, Side);
    }

    // The folder given, or the one the published archive unpacks into inside it.
    static string Locate(string path, string file, string archiveFolder, string spec)
    {
        foreach (var folder in new[] { path, System.IO.Path.Combine(path, archiveFolder) })
            if (File.Exists(System.IO.Path.Combine(folder, file))) return folder;
        throw new DatasetException($"dataset {spec}: {System.IO.Path.Combine(path, file)} not found (nor in {archiveFolder}/ inside it); " +
            "download the published files (CIFAR-10-C / CIFAR-100-C: zenodo.org/record/2535967 and /3555552; CIFAR-10.1: github.com/modestyachts/CIFAR-10.1)");
    }
}
