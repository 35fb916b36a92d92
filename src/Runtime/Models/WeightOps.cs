using EnsDsl.Runtime.Torch;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Models;

/// <summary>Arithmetic on state dicts, and BatchNorm statistics recomputation.</summary>
public static class WeightOps
{
    /// <summary>
    /// The element-wise mean of state dicts with the same keys (a uniform soup). Integer buffers (BN's
    /// num_batches_tracked) take the first dict's value.
    /// </summary>
    public static Dictionary<string, Tensor> Average(IReadOnlyList<IReadOnlyDictionary<string, Tensor>> dicts)
    {
        var result = new Dictionary<string, Tensor>();
        foreach (var key in dicts[0].Keys)
        {
            var first = dicts[0][key];
            if (!first.is_floating_point()) { result[key] = first.clone(); continue; }
            var sum = zeros_like(first, dtype: ScalarType.Float64);
            foreach (var d in dicts) sum.add_(d[key].to(ScalarType.Float64));
            result[key] = sum.div_(dicts.Count).to(first.dtype);
        }
        return result;
    }

    /// <summary>(1 − α)·a + α·b, key by key (integer buffers from <paramref name="a"/>).</summary>
    public static Dictionary<string, Tensor> Interpolate(IReadOnlyDictionary<string, Tensor> a, IReadOnlyDictionary<string, Tensor> b, double alpha) =>
        Combine([a, b], [1 - alpha, alpha]);

    /// <summary>
    /// Σᵢ cᵢ·dictᵢ key by key, in double precision and in order (a path's or a plane's point), cast back to each
    /// tensor's type; integer buffers (BN's num_batches_tracked) are the first dict's.
    /// </summary>
    public static Dictionary<string, Tensor> Combine(IReadOnlyList<IReadOnlyDictionary<string, Tensor>> dicts, IReadOnlyList<double> coefficients) =>
        dicts[0].ToDictionary(kv => kv.Key, kv =>
        {
            if (!kv.Value.is_floating_point()) return kv.Value.clone();
            var sum = kv.Value.to(ScalarType.Float64) * coefficients[0];
            for (int i = 1; i < dicts.Count; i++) sum = sum + dicts[i][kv.Key].to(ScalarType.Float64) * coefficients[i];
            return sum.to(kv.Value.dtype);
        });

    /// <summary>
    /// The L2 distance between two state dicts over the weights both share with equal shapes, leaving out the
    /// classification head (which a fine-tune replaces) and BatchNorm's running statistics (which are not weights).
    /// </summary>
    public static double Distance(IReadOnlyDictionary<string, Tensor> a, IReadOnlyDictionary<string, Tensor> b)
    {
        using var section = GcSafeSection.Enter();
        using var scope = NewDisposeScope();
        return Math.Sqrt(Compared(a, b).Sum(p => (p.X.to(ScalarType.Float64) - p.Y.to(ScalarType.Float64)).pow(2).sum().item<double>()));
    }

    /// <summary>
    /// Distances per stage of the network: for each stage (<see cref="StageOf"/>), ‖w − w₀‖ over its weights and
    /// ‖w₀‖, with the weights <see cref="Distance"/> counts (the head and BN statistics left out), as the authors'
    /// <c>utils/weights.py</c> groups a ResNet (conv1, bn1, layer1–4). Stages in the order their first weight comes;
    /// the squares of the stages' distances add up to the square of <see cref="Distance"/>.
    /// </summary>
    public static IReadOnlyList<(string Stage, double Distance, double ReferenceNorm)> StageDistances(IReadOnlyDictionary<string, Tensor> w,
        IReadOnlyDictionary<string, Tensor> reference)
    {
        using var section = GcSafeSection.Enter();
        using var scope = NewDisposeScope();
        var stages = new List<(string Stage, double Squared, double ReferenceSquared)>();
        foreach (var (key, x, y) in Compared(w, reference))
        {
            var (x64, y64) = (x.to(ScalarType.Float64), y.to(ScalarType.Float64));
            double d = (x64 - y64).pow(2).sum().item<double>(), r = y64.pow(2).sum().item<double>();
            var stage = StageOf(key);
            int i = stages.FindIndex(s => s.Stage == stage);
            if (i < 0) stages.Add((stage, d, r));
            else stages[i] = (stage, stages[i].Squared + d, stages[i].ReferenceSquared + r);
        }
        return [.. stages.Select(s => (s.Stage, Math.Sqrt(s.Squared), Math.Sqrt(s.ReferenceSquared)))];
    }

    // The weights two state dicts' distances count: both have them with one shape, and they are not the head.
    static IEnumerable<(string Key, Tensor X, Tensor Y)> Compared(IReadOnlyDictionary<string, Tensor> a, IReadOnlyDictionary<string, Tensor> b) =>
        a.Where(kv => IsWeight(kv.Key, kv.Value) && !Networks.IsHead(kv.Key) && b.TryGetValue(kv.Key, out var y) && kv.Value.shape.SequenceEqual(y.shape))
            .Select(kv => (kv.Key, kv.Value, b[kv.Key]));

    /// <summary>
    /// True for a coordinate of the weight space: a floating tensor the network learns, not a BatchNorm statistic
    /// (computed from data) or a buffer the network recomputes from its shape.
    /// </summary>
    public static bool IsWeight(string key, Tensor t) => t.is_floating_point() && !Networks.IsRecomputed(key) && !IsBatchNormStatistic(key);

    /// <summary>
    /// The stage of a weight: its top-level module (<c>conv1</c>, <c>bn1</c>, <c>layer3</c>), or, in a container of
    /// numbered stages (a Swin's <c>layers.2</c>, <c>features.4</c>), the numbered one.
    /// </summary>
    /// <example><code>WeightOps.StageOf("layer3.1.conv2.weight")   // "layer3"
    /// WeightOps.StageOf("layers.2.blocks.0.attn.qkv.weight")   // "layers.2"</code></example>
    public static string StageOf(string key)
    {
        var parts = key.Split('.');
        return parts.Length > 2 && !char.IsAsciiDigit(parts[0][^1]) && parts[1].All(char.IsAsciiDigit) ? $"{parts[0]}.{parts[1]}" : parts[0];
    }

    // BatchNorm's running statistics and batch counter: computed from data, not weights.
    static bool IsBatchNormStatistic(string key) =>
        key.EndsWith(".running_mean", StringComparison.Ordinal) || key.EndsWith(".running_var", StringComparison.Ordinal) ||
        key.EndsWith(".num_batches_tracked", StringComparison.Ordinal);

    /// <summary>True when the network has BatchNorm layers.</summary>
    public static bool HasBatchNorm(nn.Module model) => model.named_modules().Any(m => m.module is BatchNorm2d);

    /// <summary>
    /// Recomputes BatchNorm running statistics the way the authors' <c>update_bn</c> does: reset them, then one pass
    /// over <paramref name="batches"/> in train mode without gradients, with cumulative-average momentum
    /// (momentum = None: the mean over all batches). The model is left in eval mode.
    /// </summary>
    public static void RecomputeBatchNorm(nn.Module<Tensor, Tensor> model, IEnumerable<Tensor> batches)
    {
        var norms = model.named_modules().Select(m => m.module).OfType<BatchNorm2d>().ToList();
        if (norms.Count == 0) return;
        var momenta = norms.Select(n => n.momentum).ToList();
        foreach (var n in norms) { n.reset_running_stats(); n.momentum = null; }
        model.train();
        using (no_grad())
            foreach (var x in batches)
                using (GcSafeSection.Enter())
                using (x)
                using (NewDisposeScope())
                    model.call(Torch.ConvolutionLayout.ForNetwork(x));
        for (int i = 0; i < norms.Count; i++) norms[i].momentum = momenta[i];
        model.eval();
    }
}
