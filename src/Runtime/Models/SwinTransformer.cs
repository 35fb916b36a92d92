using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EnsDsl.Runtime.Models;

/// <summary>
/// Swin Transformer (Liu et al. 2021) as Microsoft's official implementation, which the authors use, builds it:
/// patch embedding with LayerNorm, stages of window-attention blocks (relative position bias; every second block's
/// windows shifted by half a window, with the attention mask), patch merging between stages, a final LayerNorm,
/// global average pooling and a linear head; no absolute position embedding; qkv with bias. Parameter and buffer
/// names are the official ones (<c>patch_embed.proj</c>, <c>layers.N.blocks.M.attn.qkv</c>, <c>layers.N.downsample.reduction</c>,
/// <c>norm</c>, <c>head</c>), so the authors' checkpoints load without renaming. MLP ratio 4, as in every
/// configuration the authors use.
/// </summary>
public sealed class SwinTransformer : Module<Tensor, Tensor>
{
    readonly PatchEmbed patch_embed;
    readonly ModuleList<Stage> layers;
    readonly Module<Tensor, Tensor> norm, head;
    readonly int image;
    readonly DropPathNoise noise = new();

    /// <summary>
    /// Where drop-path draws its per-sample coins in training: the trainer gives a generator derived from the step's
    /// seed and the epoch, so runs and resumed runs drop the same samples. Without one, libtorch's global generator.
    /// </summary>
    public Generator? DropPathGenerator { get => noise.Generator; set => noise.Generator = value; }

    /// <summary>The generator the blocks share (a plain holder: not a module, not in the state dict).</summary>
    sealed class DropPathNoise
    {
        public Generator? Generator;
    }

    const double MlpRatio = 4.0;

    /// <summary>
    /// The network of <paramref name="layout"/> with a head for <paramref name="classes"/> classes; stochastic depth
    /// rises linearly over the blocks to <paramref name="dropPath"/> (the recipe's <c>drop_path_rate</c>).
    /// </summary>
    public SwinTransformer(SwinLayout layout, int classes, double dropPath = 0) : base("SwinTransformer")
    {
        if (layout.Problem() is { } problem) throw new ArgumentException($"Swin layout: {problem}");
        image = layout.Image;
        patch_embed = new PatchEmbed(layout.Patch, layout.Embed);
        var rates = DropPathRates(dropPath, layout.Depths.Sum());
        var stages = new List<Stage>();
        var resolutions = layout.Resolutions().ToList();
        int first = 0;
        for (int i = 0; i < layout.Depths.Length; i++)
        {
            bool last = i == layout.Depths.Length - 1;
            stages.Add(new Stage(layout.Embed << i, resolutions[i], layout.Depths[i], layout.Heads[i], layout.Window, rates[first..(first + layout.Depths[i])], !last, noise));
            first += layout.Depths[i];
        }
        layers = ModuleList([.. stages]);
        norm = LayerNorm(layout.Embed << (layout.Depths.Length - 1));
        head = Linear(layout.Embed << (layout.Depths.Length - 1), classes);
        RegisterComponents();
    }

    /// <summary>
    /// True for the buffers the network computes from its shape (relative position indices, shifted windows' masks):
    /// never loaded from a checkpoint, as the authors' loader deletes them too (torchvision stores the index flattened).
    /// </summary>
    public static bool IsRecomputed(string key) =>
        key.EndsWith(".relative_position_index", StringComparison.Ordinal) || key.EndsWith(".attn_mask", StringComparison.Ordinal);

    /// <summary>The stochastic-depth rate of each of <paramref name="blocks"/> blocks: <c>torch.linspace(0, rate, blocks)</c>.</summary>
    public static double[] DropPathRates(double rate, int blocks) =>
        [.. Enumerable.Range(0, blocks).Select(i => blocks == 1 ? 0.0 : rate * i / (blocks - 1))];

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        if (x.shape[^1] != image || x.shape[^2] != image)
            throw new InputSizeException($"this Swin is built for {image}×{image} images (its attention masks are); got {x.shape[^2]}×{x.shape[^1]}: " +
                $"train it at {image} px, or name a Swin built for {x.shape[^1]}-pixel images ({SwinLayout.Pattern} with i{x.shape[^1]})");
        var tokens = patch_embed.call(x);
        foreach (var stage in layers) tokens = Activations.Replace(tokens, stage.call(tokens));
        tokens = Activations.Replace(tokens, norm.call(tokens));
        tokens = Activations.Replace(tokens, tokens.mean([1]));         // average over tokens: AdaptiveAvgPool1d(1)
        return Activations.Replace(tokens, head.call(tokens));
    }

    /// <summary>Images to tokens: a convolution of kernel and stride <c>patch</c>, then LayerNorm over channels.</summary>
    sealed class PatchEmbed : Module<Tensor, Tensor>
    {
        readonly Module<Tensor, Tensor> proj, norm;

        public PatchEmbed(int patch, int dim) : base("PatchEmbed")
        {
            proj = Conv2d(3, dim, patch, stride: patch);
            norm = LayerNorm(dim);
            RegisterComponents();
        }

        // (B, 3, H, W) → (B, H/p · W/p, C), tokens in row-major order.
        public override Tensor forward(Tensor x) => norm.call(proj.call(x).flatten(2).transpose(1, 2));
    }

    /// <summary>A stage: its blocks at one resolution, then (except the last stage) patch merging to half the resolution and twice the width.</summary>
    sealed class Stage : Module<Tensor, Tensor>
    {
        readonly ModuleList<Block> blocks;
        readonly PatchMerging? downsample;

        public Stage(int dim, int resolution, int depth, int heads, int window, double[] dropPath, bool merge, DropPathNoise noise) : base("BasicLayer")
        {
            blocks = ModuleList([.. Enumerable.Range(0, depth).Select(i => new Block(dim, resolution, heads, window, i % 2 == 0 ? 0 : window / 2, dropPath[i], noise))]);
            if (merge) downsample = new PatchMerging(dim, resolution);
            RegisterComponents();
        }

        // Each block's temporaries are released when it ends (a scope per block), and its input once the next has read
        // it (Activations): a forward pass holds a block's worth of activations, not the network's.
        public override Tensor forward(Tensor input)
        {
            var x = input;
            foreach (var block in blocks)
            {
                Tensor output;
                using (var scope = NewDisposeScope()) output = block.call(x).MoveToOuterDisposeScope();
                x = Activations.Replace(x, output, owned: input);
            }
            return downsample is null ? x : Activations.Replace(x, downsample.call(x), owned: input);
        }
    }

    /// <summary>
    /// A Swin block: LayerNorm, (shifted) window attention, residual; LayerNorm, MLP (GELU), residual; each branch
    /// dropped per sample with the block's stochastic-depth rate in training. A window as large as the resolution is
    /// shrunk to it and not shifted (the official rule).
    /// </summary>
    sealed class Block : Module<Tensor, Tensor>
    {
        readonly Module<Tensor, Tensor> norm1, norm2;
        readonly WindowAttention attn;
        readonly Mlp mlp;
        readonly int resolution, window, shift;
        readonly double dropPath;
        readonly DropPathNoise noise;

        public Block(int dim, int resolution, int heads, int window, int shift, double dropPath, DropPathNoise noise) : base("SwinTransformerBlock")
        {
            this.noise = noise;
            if (resolution <= window) (window, shift) = (resolution, 0);
            if (resolution % window != 0)
                throw new ArgumentException($"Swin: a {resolution}×{resolution} token grid is not tiled by {window}×{window} windows; choose an image size whose grids the window divides");
            (this.resolution, this.window, this.shift, this.dropPath) = (resolution, window, shift, dropPath);
            norm1 = LayerNorm(dim);
            attn = new WindowAttention(dim, window, heads);
            norm2 = LayerNorm(dim);
            mlp = new Mlp(dim, (int)(dim * MlpRatio));
            RegisterComponents();
            if (shift > 0) register_buffer("attn_mask", ShiftMask(resolution, window, shift));
        }

        public override Tensor forward(Tensor x)
        {
            var (b, c) = (x.shape[0], x.shape[2]);
            var shortcut = x;
            var grid = norm1.call(x).view(b, resolution, resolution, c);
            if (shift > 0) grid = roll(grid, [-shift, -shift], [1, 2]);
            var windows = Partition(grid, window).view(-1, window * window, c);
            var attended = attn.forward(windows, shift > 0 ? get_buffer("attn_mask") : null).view(-1, window, window, c);
            grid = Reverse(attended, window, resolution);
            if (shift > 0) grid = roll(grid, [shift, shift], [1, 2]);
            x = shortcut + DropPath(grid.view(b, resolution * resolution, c));
            return x + DropPath(mlp.call(norm2.call(x)));
        }

        // Stochastic depth per sample (timm's DropPath): keep a sample's branch with probability 1 − p, scaled by 1/(1 − p).
        Tensor DropPath(Tensor branch)
        {
            if (!training || dropPath == 0) return branch;
            var keep = 1 - dropPath;
            // Drawn on the CPU, where the generator lives, so that every device drops the same samples.
            var mask = empty([branch.shape[0], 1, 1], ScalarType.Float32).bernoulli_(keep, noise.Generator).div_(keep);
            return branch * mask.to(branch.dtype, branch.device);
        }

        // (B, H, W, C) → (B · H/w · W/w, w, w, C), windows in row-major order.
        static Tensor Partition(Tensor x, int w)
        {
            var (b, h, wd, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
            return x.view(b, h / w, w, wd / w, w, c).permute(0, 1, 3, 2, 4, 5).contiguous().view(-1, w, w, c);
        }

        static Tensor Reverse(Tensor windows, int w, int resolution)
        {
            long n = resolution / w, b = windows.shape[0] / (n * n);
            return windows.view(b, n, n, w, w, -1).permute(0, 1, 3, 2, 4, 5).contiguous().view(b, resolution, resolution, -1);
        }

        /// <summary>
        /// The shifted windows' mask: tokens of a window that came from different regions of the unshifted grid do not
        /// attend to each other (−100 before the softmax, as the official code).
        /// </summary>
        static Tensor ShiftMask(int resolution, int window, int shift)
        {
            var regions = new float[resolution, resolution];
            int Region(int i) => i < resolution - window ? 0 : i < resolution - shift ? 1 : 2;
            for (int h = 0; h < resolution; h++)
                for (int w = 0; w < resolution; w++)
                    regions[h, w] = Region(h) * 3 + Region(w);
            using var scope = NewDisposeScope();
            var grid = tensor(regions).view(1, resolution, resolution, 1);
            var windows = Partition(grid, window).view(-1, window * window);
            var different = windows.unsqueeze(1) - windows.unsqueeze(2);
            return zeros_like(different).masked_fill(different.ne(0), -100f).MoveToOuterDisposeScope();
        }
    }

    /// <summary>Multi-head self-attention within a window, with a learned bias per head and relative position.</summary>
    sealed class WindowAttention : Module<Tensor, Tensor>
    {
        readonly Module<Tensor, Tensor> qkv, proj;
        readonly Parameter relative_position_bias_table;
        readonly int heads, tokens;
        readonly double scale;

        public WindowAttention(int dim, int window, int heads) : base("WindowAttention")
        {
            (this.heads, tokens, scale) = (heads, window * window, Math.Pow(dim / heads, -0.5));
            relative_position_bias_table = Parameter(zeros((2 * window - 1) * (2 * window - 1), heads));
            qkv = Linear(dim, 3 * dim, hasBias: true);
            proj = Linear(dim, dim);
            RegisterComponents();
            register_buffer("relative_position_index", RelativePositionIndex(window));
        }

        /// <summary>For each pair of a window's tokens, the row of the bias table for their offset (dy, dx).</summary>
        static Tensor RelativePositionIndex(int window)
        {
            var index = new long[window * window, window * window];
            for (int a = 0; a < window * window; a++)
                for (int b = 0; b < window * window; b++)
                {
                    int dy = a / window - b / window + window - 1, dx = a % window - b % window + window - 1;
                    index[a, b] = dy * (2 * window - 1) + dx;
                }
            return tensor(index);
        }

        public override Tensor forward(Tensor x) => forward(x, null);

        // x: (windows · B, N, C); mask: (windows, N, N) or null.
        public Tensor forward(Tensor x, Tensor? mask)
        {
            var (bw, n, c) = (x.shape[0], x.shape[1], x.shape[2]);
            var parts = qkv.call(x).reshape(bw, n, 3, heads, c / heads).permute(2, 0, 3, 1, 4);
            var (q, k, v) = (parts[0] * scale, parts[1], parts[2]);
            var attention = q.matmul(k.transpose(-2, -1));
            var bias = relative_position_bias_table.index_select(0, get_buffer("relative_position_index")!.view(-1))
                .view(tokens, tokens, -1).permute(2, 0, 1);
            attention = attention + bias.unsqueeze(0);
            if (mask is not null)
            {
                var windows = mask.shape[0];
                attention = (attention.view(bw / windows, windows, heads, n, n) + mask.unsqueeze(1).unsqueeze(0)).view(-1, heads, n, n);
            }
            var mixed = attention.softmax(-1).matmul(v).transpose(1, 2).reshape(bw, n, c);
            return proj.call(mixed);
        }
    }

    /// <summary>The block's MLP: fc1, GELU (exact), fc2.</summary>
    sealed class Mlp : Module<Tensor, Tensor>
    {
        readonly Module<Tensor, Tensor> fc1, fc2;

        public Mlp(int dim, int hidden) : base("Mlp")
        {
            fc1 = Linear(dim, hidden);
            fc2 = Linear(hidden, dim);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => fc2.call(functional.gelu(fc1.call(x)));
    }

    /// <summary>Patch merging: each 2×2 group of tokens concatenated (in the official order), LayerNorm, then a linear map from 4C to 2C without bias.</summary>
    sealed class PatchMerging : Module<Tensor, Tensor>
    {
        readonly Module<Tensor, Tensor> reduction, norm;
        readonly int resolution;

        public PatchMerging(int dim, int resolution) : base("PatchMerging")
        {
            this.resolution = resolution;
            reduction = Linear(4 * dim, 2 * dim, hasBias: false);
            norm = LayerNorm(4 * dim);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var (b, c) = (x.shape[0], x.shape[2]);
            var grid = x.view(b, resolution, resolution, c);
            var even = TensorIndex.Slice(0, null, 2);
            var odd = TensorIndex.Slice(1, null, 2);
            var all = TensorIndex.Colon;
            var merged = cat([grid[all, even, even, all], grid[all, odd, even, all], grid[all, even, odd, all], grid[all, odd, odd, all]], -1);
            return reduction.call(norm.call(merged.view(b, -1, 4 * c)));
        }
    }
}
