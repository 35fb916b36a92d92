using EnsDsl.Runtime.Imaging;

namespace EnsDsl.Runtime.Data;

/// <summary>
/// SUN-397 with an official partition (Xiao et al. 2010): <c>Training_0N.txt</c> and <c>Testing_0N.txt</c> list image
/// paths such as <c>/a/abbey/sun_aaalbzqrimafwbiv.jpg</c>, relative to the folder the archive unpacks into
/// (<c>SUN397/</c>); the class is the path's folder part (<c>a/abbey</c>, <c>b/bakery/shop</c>), numbered in ordinal
/// order (the order of the official <c>ClassName.txt</c>). The partition files may sit in the root, in
/// <c>Partitions/</c>, or beside the images. Every listed image must exist, and each partition has 397 classes with 50
/// training and 50 test images each (19,850 per file). The authors shrink the images to at most 120,000 pixels
/// beforehand (their <c>prepare_sun.py</c>); ensdsl reads whatever size is there.
/// </summary>
public static class Sun397Data
{
    /// <summary>Where the official files come from.</summary>
    public const string Source = "https://vision.princeton.edu/projects/2010/SUN/ (SUN397.tar.gz and Partitions.zip)";

    /// <summary>Images per class in each official partition file.</summary>
    public const int PerClass = 50;

    /// <summary>The image files of partition <paramref name="partition"/> (nothing decoded).</summary>
    /// <exception cref="DatasetException">Missing partition files or images, or a partition that is not SUN-397's.</exception>
    public static (ImageFiles Train, ImageFiles Test) Files(string root, int partition) => Files(root, partition, 397, PerClass);

    /// <summary>As <see cref="Files(string, int)"/>, with the class and per-class counts to expect (smaller in tests).</summary>
    internal static (ImageFiles Train, ImageFiles Test) Files(string root, int partition, int classCount, int perClass)
    {
        string spec = partition == 1 ? $"sun397:{root}" : $"sun397:{root}?partition={partition}";
        if (!Directory.Exists(root))
            throw new DatasetException($"dataset {spec}: folder {Path.GetFullPath(root)} not found; it should hold the SUN397/ images and Training_{partition:D2}.txt/Testing_{partition:D2}.txt ({Source})");
        var images = Directory.Exists(Path.Combine(root, "SUN397")) ? Path.Combine(root, "SUN397") : root;
        var train = Read(Partition(root, images, $"Training_{partition:D2}.txt", spec), spec);
        var test = Read(Partition(root, images, $"Testing_{partition:D2}.txt", spec), spec);
        var classes = train.Entries.Select(e => e.Class).Distinct().Order(StringComparer.Ordinal).ToArray();
        var testClasses = test.Entries.Select(e => e.Class).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (!classes.SequenceEqual(testClasses))
            throw new DatasetException($"dataset {spec}: {test.File} and {train.File} list different classes " +
                $"(only in training: {string.Join(", ", classes.Except(testClasses).Take(3))}; only in testing: {string.Join(", ", testClasses.Except(classes).Take(3))})");
        if (classes.Length != classCount)
            throw new DatasetException($"dataset {spec}: {train.File} lists {classes.Length} classes; SUN-397 has {classCount}. Use the official partition files ({Source})");
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        foreach (var (file, entries) in new[] { train, test })
            foreach (var group in entries.GroupBy(e => e.Class).Where(g => g.Count() != perClass).Take(1))
                throw new DatasetException($"dataset {spec}: {file} lists {group.Count()} images of class {group.Key}; the official partitions have {perClass} per class ({Source})");
        ImageFiles Listed((string File, List<(string Path, string Class, int Line)> Entries) p)
        {
            var missing = p.Entries.FirstOrDefault(e => !File.Exists(e.Path));
            if (missing.Path is not null)
                throw new DatasetException($"dataset {spec}: {p.File}, line {missing.Line}: image {missing.Path} not found " +
                    $"({p.Entries.Count(e => !File.Exists(e.Path)):N0} of {p.Entries.Count:N0} listed images are missing); unpack SUN397.tar.gz into {Path.GetFullPath(root)} ({Source})");
            return new ImageFiles([.. p.Entries.Select(e => (e.Path, index[e.Class]))], classes.Length);
        }
        return (Listed(train), Listed(test));
    }

    static (string File, string Images) Partition(string root, string images, string name, string spec)
    {
        foreach (var folder in new[] { root, Path.Combine(root, "Partitions"), images })
            if (File.Exists(Path.Combine(folder, name))) return (Path.Combine(folder, name), images);
        throw new DatasetException($"dataset {spec}: {name} not found in {Path.GetFullPath(root)} or its Partitions/ folder; it comes in Partitions.zip ({Source})");
    }

    static (string File, List<(string Path, string Class, int Line)> Entries) Read((string File, string Images) partition, string spec)
    {
        var entries = new List<(string, string, int)>();
        int line = 0;
        foreach (var raw in File.ReadLines(partition.File))
        {
            line++;
            var text = raw.Trim();
            if (text.Length == 0) continue;
            var relative = text.TrimStart('/');
            int slash = relative.LastIndexOf('/');
            if (slash <= 0 || !relative.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase))
                throw new DatasetException($"dataset {spec}: {partition.File}, line {line}: '{text}' is not an image path like /a/abbey/sun_aaalbzqrimafwbiv.jpg");
            entries.Add((Path.Combine(partition.Images, relative), relative[..slash], line));
        }
        return (partition.File, entries);
    }
}
