using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Randomness;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Torch;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Checkpoints;

/// <summary>One tensor of a checkpoint.</summary>
/// <param name="Key">Its name.</param>
/// <param name="Shape">Its shape.</param>
/// <param name="DType">Its element type.</param>
public sealed record TensorEntry(string Key, long[] Shape, string DType);

/// <summary>What a checkpoint holds.</summary>
/// <param name="Path">The file.</param>
/// <param name="Format">Its layout (PyTorch) or <c>ensdsl weights</c>.</param>
/// <param name="Tensors">Every tensor, in name order.</param>
/// <param name="Architecture">The ensdsl architecture whose weights these are (head aside), or null.</param>
/// <param name="Classes">The classification head's class count, or null without a head.</param>
/// <param name="Parameters">Elements over all floating-point tensors.</param>
public sealed record CheckpointSummary(string Path, string Format, IReadOnlyList<TensorEntry> Tensors, string? Architecture, int? Classes, long Parameters);

/// <summary><c>ensdsl inspect</c>: a checkpoint's layout, keys and shapes, and the architecture and classes they imply.</summary>
public static class CheckpointInspection
{
    /// <summary>Summarises <paramref name="path"/> (a PyTorch checkpoint or an ensdsl weights file).</summary>
    /// <exception cref="CheckpointException">The file cannot be read.</exception>
    public static CheckpointSummary Inspect(string path)
    {
        if (!File.Exists(path)) throw new CheckpointException($"{path}: no such file");
        string format;
        Dictionary<string, Tensor> tensors;
        if (PyTorchCheckpoint.LooksLike(path))
            (format, tensors) = PyTorchCheckpoint.Load(path) is var c ? (c.Format, c.StateDict) : default;
        else
        {
            try { (format, tensors) = ("ensdsl weights", TensorFile.Deserialize(File.ReadAllBytes(path))); }
            catch (InvalidDataException) { throw new CheckpointException($"{path}: neither a PyTorch checkpoint nor an ensdsl weights file"); }
        }
        int? classes = Networks.HeadWeight(tensors) is { } fc ? (int)fc.shape[0] : null;
        var entries = tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new TensorEntry(kv.Key, kv.Value.shape, kv.Value.dtype.ToString())).ToList();
        long parameters = tensors.Values.Where(t => t.is_floating_point()).Sum(t => t.numel());
        return new CheckpointSummary(path, format, entries, Infer(tensors, classes ?? 10)?.Name, classes, parameters);
    }

    /// <summary>The architecture whose network <paramref name="tensors"/> fit exactly (head aside), or null.</summary>
    public static Architecture? ArchitectureOf(IReadOnlyDictionary<string, Tensor> tensors) =>
        Infer(tensors, Networks.HeadWeight(tensors) is { } fc ? (int)fc.shape[0] : 10);

    /// <summary>The first candidate architecture whose network the tensors fit exactly (head aside).</summary>
    static Architecture? Infer(IReadOnlyDictionary<string, Tensor> tensors, int classes)
    {
        var candidates = new List<Architecture> { Architecture.ResNet18, Architecture.ResNet50 };
        // CIFAR ResNets: width from the stem, depth from the blocks of the first stage (depth = 6n + 2).
        if (tensors.TryGetValue("conv1.weight", out var stem) && stem.dim() == 4 && stem.shape[2] == 3)
        {
            int blocks = tensors.Keys.Where(k => k.StartsWith("layer1.", StringComparison.Ordinal)).Select(k => k.Split('.')[1]).Distinct().Count();
            if (blocks > 0) candidates.Insert(0, Architecture.CifarResNet(6 * blocks + 2, (int)stem.shape[0]));
        }
        if (SwinLayoutOf(tensors) is { } swin) candidates.Insert(0, Architecture.SwinTransformer(swin));
        using var section = GcSafeSection.Enter();
        foreach (var arch in candidates)
        {
            using var model = Networks.Create(arch, classes, Generators.For(0, "inspect"));
            if (StateDictFit.Of(tensors, model.state_dict(), ignorePrefix: arch.HeadPrefix).Fits) return arch;
        }
        return null;
    }

    /// <summary>
    /// The Swin layout the tensors imply, or null: width and patch from the patch embedding, blocks per stage from the
    /// keys, heads and window from the relative-position tables; the image side from a shifted block's mask when the
    /// file has one (4 × the windows' grid), else 224, the authors' size.
    /// </summary>
    static SwinLayout? SwinLayoutOf(IReadOnlyDictionary<string, Tensor> tensors)
    {
        if (!tensors.TryGetValue("patch_embed.proj.weight", out var proj) || proj.dim() != 4) return null;
        var blocks = tensors.Keys.Select(k => System.Text.RegularExpressions.Regex.Match(k, @"^layers\.(\d+)\.blocks\.(\d+)\.attn\.relative_position_bias_table$"))
            .Where(m => m.Success).Select(m => (Stage: int.Parse(m.Groups[1].Value), Block: int.Parse(m.Groups[2].Value), Key: m.Value)).ToList();
        if (blocks.Count == 0) return null;
        var stages = blocks.GroupBy(b => b.Stage).OrderBy(g => g.Key).ToList();
        if (stages.Select(g => g.Key).SequenceEqual(Enumerable.Range(0, stages.Count)) is false) return null;
        var tables = stages.Select(g => tensors[g.First(b => b.Block == 0).Key]).ToList();
        int window = ((int)Math.Round(Math.Sqrt(tables[0].shape[0])) + 1) / 2, patch = (int)proj.shape[2];
        int image = tensors.FirstOrDefault(kv => kv.Key.EndsWith(".attn_mask", StringComparison.Ordinal) && kv.Key.StartsWith("layers.0.", StringComparison.Ordinal)).Value is { } mask
            ? (int)Math.Round(Math.Sqrt(mask.shape[0])) * window * patch : 224;
        var layout = new SwinLayout((int)proj.shape[0], [.. stages.Select(g => g.Count())], [.. tables.Select(t => (int)t.shape[1])], window, patch, image);
        return layout.Problem() is null ? layout : null;
    }
}
