using static TorchSharp.torch;

namespace EnsDsl.Runtime.Models;

/// <summary>How a state dict fits a network: the keys it lacks, the keys it has too many, the shapes that differ.</summary>
/// <param name="Missing">Keys the network has and the state dict does not.</param>
/// <param name="Unexpected">Keys the state dict has and the network does not.</param>
/// <param name="WrongShape">Keys with both shapes, e.g. <c>conv1.weight: [64, 3, 7, 7] in the file, [16, 3, 3, 3] in the network</c>.</param>
public sealed record StateDictFit(IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected, IReadOnlyList<string> WrongShape)
{
    /// <summary>True when every key is there with its shape.</summary>
    public bool Fits => Missing.Count == 0 && Unexpected.Count == 0 && WrongShape.Count == 0;

    /// <summary>
    /// Compares <paramref name="weights"/> with the state dict of a network (<paramref name="expected"/>), ignoring keys
    /// that start with <paramref name="ignorePrefix"/> and the buffers networks recompute (<see cref="Models.Networks.IsRecomputed"/>).
    /// </summary>
    public static StateDictFit Of(IReadOnlyDictionary<string, Tensor> weights, IReadOnlyDictionary<string, Tensor> expected, string? ignorePrefix = null)
    {
        bool Counted(string key) => !Models.Networks.IsRecomputed(key) && (ignorePrefix is null || !key.StartsWith(ignorePrefix, StringComparison.Ordinal));
        static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";
        return new StateDictFit(
            [.. expected.Keys.Where(k => Counted(k) && !weights.ContainsKey(k))],
            [.. weights.Keys.Where(k => Counted(k) && !expected.ContainsKey(k)).Order(StringComparer.Ordinal)],
            // In the network's order (a checkpoint's own order may be arbitrary), so the first differences come first.
            [.. expected.Where(kv => Counted(kv.Key) && weights.TryGetValue(kv.Key, out var w) && !w.shape.SequenceEqual(kv.Value.shape))
                .Select(kv => $"{kv.Key}: {Shape(weights[kv.Key])} in the file, {Shape(kv.Value)} in the network")]);
    }

    /// <summary>A readable account of the differences (at most <paramref name="each"/> keys of each kind).</summary>
    public string Describe(int each = 8)
    {
        static string List(string what, IReadOnlyList<string> keys, int each) => keys.Count == 0 ? "" :
            $"{keys.Count} {what}: {string.Join(", ", keys.Take(each))}{(keys.Count > each ? ", …" : "")}";
        return string.Join("; ", new[] { List("missing", Missing, each), List("unexpected", Unexpected, each), List("with another shape", WrongShape, each) }.Where(s => s.Length > 0));
    }
}
