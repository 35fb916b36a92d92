using System.Collections.Concurrent;

namespace EnsDsl.Runtime.Data;

/// <summary>A dataset that cannot be loaded: what was expected, where it looked, how to get it.</summary>
public sealed class DatasetException(string message) : Exception(message);

/// <summary>
/// Loads datasets from their specs, once per process (nodes that share a dataset share its tensors' source).
/// The embedded tasks are generated; CIFAR is read from its official binary files, image folders are decoded; SUN-397
/// reports what it needs.
/// </summary>
public static class DatasetLoader
{
    static readonly ConcurrentDictionary<string, Lazy<Splits>> Loaded = new();

    /// <summary>The splits of <paramref name="dataset"/>.</summary>
    /// <exception cref="DatasetException">The dataset is missing or cannot be read.</exception>
    public static Splits Load(Dataset dataset) =>
        Loaded.GetOrAdd(dataset.Spec, _ => new Lazy<Splits>(() => Read(dataset))).Value;

    static Splits Read(Dataset dataset) => dataset switch
    {
        Embedded e => EmbeddedTaskData.Generate(e.Task, e.Seed),
        Cifar c => CifarBinary.Read(c.Path, c.ClassCount),
        Sun397 s => throw Missing(s.Spec, s.Path, $"the SUN-397 images and Training_0{s.Partition}.txt/Testing_0{s.Partition}.txt (https://vision.princeton.edu/projects/2010/SUN/)"),
        ImageFolder f => ImageFolderData.Read(f.Path),
        _ => throw new DatasetException($"dataset {dataset.Spec}: no loader for kind '{dataset.Kind}'"),
    };

    static DatasetException Missing(string spec, string path, string expected) => Directory.Exists(path)
        ? new DatasetException($"dataset {spec}: reading SUN-397 is not in this build yet (the embedded tasks, CIFAR and image folders are); the folder {Path.GetFullPath(path)} was found")
        : new DatasetException($"dataset {spec}: folder {Path.GetFullPath(path)} not found; it should hold {expected}");
}
