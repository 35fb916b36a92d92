using EnsDsl.Runtime.Imaging;
using EnsDsl.Runtime.Randomness;

namespace EnsDsl.Runtime.Data;

/// <summary>
/// A generic image-folder dataset (torchvision's ImageFolder layout, split into <c>train/</c> and <c>test/</c>):
/// <c>ROOT/train/CLASS/*.jpg|png|…</c> and <c>ROOT/test/CLASS/…</c>. Classes are the folder names in ordinal order, as
/// torchvision numbers them; both splits must have the same classes. Images are decoded by <see cref="ImageDecoder"/>, scaled to
/// [0, 1] and normalised with ImageNet's mean and standard deviation. In memory at their own size (transforms 'flip'
/// and 'none') a folder must hold images of one size; the image pipeline (<see cref="Files"/>) reads any sizes.
/// </summary>
public static class ImageFolderData
{
    static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp" };

    /// <summary>Reads <paramref name="root"/>.</summary>
    /// <exception cref="DatasetException">A missing split or class folder, an empty class, an image that cannot be decoded, or mixed sizes.</exception>
    public static Splits Read(string root)
    {
        var (classes, trainFiles, testFiles) = List(root);
        string spec = $"imagefolder:{root}";
        var train = ReadSplit(trainFiles, classes.Length, spec, size: null);
        var test = ReadSplit(testFiles, classes.Length, spec, size: (train.Height, train.Width));
        return new Splits(train, test);
    }

    /// <summary>The image files of <paramref name="root"/>, for the image pipeline (nothing decoded).</summary>
    /// <exception cref="DatasetException">A missing split or class folder, or an empty class.</exception>
    public static (ImageFiles Train, ImageFiles Test) Files(string root)
    {
        var (classes, train, test) = List(root);
        return (new ImageFiles(train, classes.Length), new ImageFiles(test, classes.Length));
    }

    static (string[] Classes, List<(string Path, int Label)> Train, List<(string Path, int Label)> Test) List(string root)
    {
        string spec = $"imagefolder:{root}";
        if (!Directory.Exists(root))
            throw new DatasetException($"dataset {spec}: folder {Path.GetFullPath(root)} not found; it should hold train/ and test/, each with one sub-folder per class");
        var classes = Classes(Path.Combine(root, "train"), spec);
        var testClasses = Classes(Path.Combine(root, "test"), spec);
        if (!classes.SequenceEqual(testClasses))
            throw new DatasetException($"dataset {spec}: train/ and test/ have different classes " +
                $"(only in train: {string.Join(", ", classes.Except(testClasses).Take(5))}; only in test: {string.Join(", ", testClasses.Except(classes).Take(5))})");
        return (classes, ListSplit(Path.Combine(root, "train"), classes, spec), ListSplit(Path.Combine(root, "test"), classes, spec));
    }

    static string[] Classes(string split, string spec)
    {
        if (!Directory.Exists(split))
            throw new DatasetException($"dataset {spec}: {Path.GetFullPath(split)} not found; the root should hold train/ and test/, each with one sub-folder per class");
        var classes = Directory.GetDirectories(split).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        if (classes.Length == 0) throw new DatasetException($"dataset {spec}: {Path.GetFullPath(split)} has no class folders");
        return classes!;
    }

    static List<(string Path, int Label)> ListSplit(string split, string[] classes, string spec)
    {
        var files = new List<(string Path, int Label)>();
        for (int c = 0; c < classes.Length; c++)
        {
            var images = Directory.GetFiles(Path.Combine(split, classes[c])).Where(f => Extensions.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal).ToList();
            if (images.Count == 0)
                throw new DatasetException($"dataset {spec}: class folder {Path.Combine(split, classes[c])} has no images ({string.Join(", ", Extensions)}); " +
                    "remove the folder or add its images (every class needs images in train/ and test/)");
            files.AddRange(images.Select(f => (f, c)));
        }
        return files;
    }

    static ImageSet ReadSplit(List<(string Path, int Label)> files, int classCount, string spec, (int Height, int Width)? size)
    {
        var decoded = new (int Height, int Width, float[] Pixels)[files.Count];
        try { Parallel.For(0, files.Count, i => decoded[i] = Decode(files[i].Path, spec)); }
        catch (AggregateException e) when (e.InnerExceptions.OfType<DatasetException>().MinBy(d => d.Message, StringComparer.Ordinal) is { } first)
        {
            throw first;                                     // the same file named whichever thread met it first
        }
        var (height, width) = size ?? (decoded[0].Height, decoded[0].Width);
        for (int i = 0; i < files.Count; i++)
            if ((decoded[i].Height, decoded[i].Width) != (height, width))
                throw new DatasetException($"dataset {spec}: {files[i].Path} is {decoded[i].Width}×{decoded[i].Height}, other images are {width}×{height}; " +
                    "at the images' own size (transform 'flip' or 'none') a folder must hold images of one size; the 'imagenet' transform resizes and crops them");
        int pixels = 3 * height * width;
        var all = new float[(long)files.Count * pixels];
        for (int i = 0; i < files.Count; i++) decoded[i].Pixels.CopyTo(all.AsSpan(i * pixels, pixels));
        return new ImageSet(all, [.. files.Select(f => (long)f.Label)], 3, height, width, classCount, PixelNormalisation.ImageNet.Black);
    }

    // Decoded and normalised exactly as the image pipeline renders an image at its own size.
    static (int Height, int Width, float[] Pixels) Decode(string path, string spec)
    {
        using var decoder = new ImageDecoder();
        RgbaImage image;
        try { image = decoder.Decode(path); }
        catch (CorruptImageException e) { throw new DatasetException($"dataset {spec}: {e.Message}"); }
        var pixels = new float[3 * image.Height * image.Width];
        ImagePipeline.Render(image, Native.Instance.Plan(image.Width, image.Height, new DetRandom(0)), new PillowResample.Scratch(), pixels, 0);
        return (image.Height, image.Width, pixels);
    }
}
