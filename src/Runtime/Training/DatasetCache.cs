using EnsDsl.Runtime.Data;
using EnsDsl.Runtime.Imaging;

namespace EnsDsl.Runtime.Training;

/// <summary>
/// The datasets this process keeps between nodes, one entry per dataset spec: its images as listed for the image
/// pipeline, its splits as tensors, and the splits training steps read (by transform, image size and loader). The one
/// owner of data shared between nodes: every node that reads a dataset (a sweep's cells, an ensemble's members, the
/// evaluations) reads the same entry, read-only. It is bounded: when the tensors of the datasets held exceed
/// <see cref="Budget"/> bytes, the datasets used least recently are let go (a node still reading one keeps it until it
/// ends; a later node reads it again from its files), never the one just asked for.
/// </summary>
public static class DatasetCache
{
    sealed class Entry(Dataset data)
    {
        public readonly Lazy<ImageSources> Listing = new(() => DatasetLoader.Sources(data));
        public readonly Lazy<(TensorSplit Train, TensorSplit Test, TensorSplit? HeldOut)> Tensors = new(() => DataTensors.Read(data));
        public readonly Dictionary<(Transform, int, LoaderOptions), Lazy<(DataSplit Train, DataSplit Test)>> Splits = [];
        public long LastUsed;

        public long Bytes => Tensors.IsValueCreated
            ? new[] { Tensors.Value.Train, Tensors.Value.Test, Tensors.Value.HeldOut }.Sum(s => s is null ? 0 : s.Images.numel() * s.Images.element_size() + s.AllLabels.numel() * s.AllLabels.element_size())
            : 0;
    }

    static readonly Lock Gate = new();
    static readonly Dictionary<string, Entry> Entries = new(StringComparer.Ordinal);
    static long clock;

    /// <summary>
    /// The bytes of tensors the cache keeps before it lets datasets go: half of the memory this process may use
    /// (the machine's, or its container's limit). Fashion-MNIST's splits are 0.66 GB; the embedded tasks a few MB.
    /// </summary>
    public static long Budget { get; set; } = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;

    /// <summary>The specs of the datasets held, least recently used first.</summary>
    public static IReadOnlyList<string> Held
    {
        get { lock (Gate) return [.. Entries.OrderBy(e => e.Value.LastUsed).Select(e => e.Key)]; }
    }

    /// <summary>The bytes of the tensors held.</summary>
    public static long HeldBytes
    {
        get { lock (Gate) return Entries.Values.Sum(e => e.Bytes); }
    }

    static Entry Of(Dataset data)
    {
        lock (Gate)
        {
            if (!Entries.TryGetValue(data.Spec, out var entry)) Entries[data.Spec] = entry = new Entry(data);
            entry.LastUsed = ++clock;
            return entry;
        }
    }

    /// <summary>The splits of <paramref name="data"/> as image sources (listed once; the images are decoded when read).</summary>
    /// <exception cref="DatasetException">The dataset is missing or cannot be listed.</exception>
    public static ImageSources Listing(Dataset data) => Of(data).Listing.Value;

    /// <summary>Every split of <paramref name="data"/> as tensors at the images' own size (read once).</summary>
    /// <exception cref="DatasetException">The dataset is missing or cannot be read.</exception>
    public static (TensorSplit Train, TensorSplit Test, TensorSplit? HeldOut) Tensors(Dataset data)
    {
        var entry = Of(data);
        var tensors = entry.Tensors.Value;
        Trim(entry);
        return tensors;
    }

    /// <summary>The train and test splits of <paramref name="data"/> in the form <paramref name="make"/> gives (made once per form).</summary>
    public static (DataSplit Train, DataSplit Test) Split(Dataset data, Transform transform, int size, LoaderOptions loader, Func<(DataSplit Train, DataSplit Test)> make)
    {
        var entry = Of(data);
        Lazy<(DataSplit, DataSplit)> split;
        lock (Gate)
        {
            if (!entry.Splits.TryGetValue((transform, size, loader), out split!)) entry.Splits[(transform, size, loader)] = split = new(make);
        }
        var value = split.Value;
        Trim(entry);
        return value;
    }

    /// <summary>Lets every dataset go (tests that measure reading).</summary>
    public static void Clear()
    {
        lock (Gate) Entries.Clear();
    }

    // The least recently used datasets go until the rest fit the budget; the one just used stays even when it alone
    // does not fit (it is being read). A collection then frees the tensors no node holds any more.
    static void Trim(Entry keep)
    {
        var evicted = false;
        lock (Gate)
        {
            while (Entries.Values.Sum(e => e.Bytes) > Budget
                   && Entries.Where(e => e.Value != keep && e.Value.Bytes > 0).OrderBy(e => e.Value.LastUsed).Select(e => e.Key).FirstOrDefault() is { } spec)
            {
                Entries.Remove(spec);
                evicted = true;
            }
        }
        if (evicted) GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
    }
}
