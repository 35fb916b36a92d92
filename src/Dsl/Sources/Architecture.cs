using System.Text.RegularExpressions;

namespace EnsDsl;

/// <summary>
/// A network architecture, named the way checkpoints and the CLI name it:
/// <c>resnet18</c>, <c>resnet50</c> (torchvision layouts), <c>swin-t</c> (the official Swin layout), a small
/// CIFAR-style BN ResNet <c>cifar-resnet{depth}x{width}</c> such as <c>cifar-resnet8x16</c> (fast on CPU), or a small
/// Swin <c>swin-e{embed}-d{depths}-h{heads}-w{window}-p{patch}-i{image}</c> such as <c>swin-e24-d2.2-h2.4-w5-p2-i20</c>.
/// </summary>
/// <example><code>Scratch(Architecture.Parse("cifar-resnet8x16"))</code></example>
public sealed partial record Architecture
{
    Architecture(string name, bool batchNorm) => (Name, HasBatchNorm) = (name, batchNorm);

    /// <summary>The canonical name, e.g. <c>resnet50</c>.</summary>
    public string Name { get; }

    /// <summary>True for BN networks, whose soups and interpolations need BN statistics recomputed.</summary>
    public bool HasBatchNorm { get; }

    /// <summary>torchvision's ResNet-18.</summary>
    public static Architecture ResNet18 { get; } = new("resnet18", true);

    /// <summary>torchvision's ResNet-50 (Bottleneck [3,4,6,3]), the paper's BYOL and supervised backbone.</summary>
    public static Architecture ResNet50 { get; } = new("resnet50", true);

    /// <summary>The Swin layout, for Swin Transformers; null for ResNets.</summary>
    public SwinLayout? Swin { get; private init; }

    /// <summary>The name prefix of the classification head's parameters: <c>fc.</c> (ResNets) or <c>head.</c> (Swin).</summary>
    public string HeadPrefix => Swin is null ? "fc." : "head.";

    /// <summary>Swin-Tiny as the authors build it: patch 4, embed 96, depths (2,2,6,2), heads (3,6,12,24), window 7, 224-pixel input (LayerNorm, no BN).</summary>
    public static Architecture SwinTiny { get; } = new("swin-t", false) { Swin = new SwinLayout(96, [2, 2, 6, 2], [3, 6, 12, 24], 7, 4, 224) };

    /// <summary>
    /// A Swin Transformer of another size, for CPU experiments and tests; named
    /// <c>swin-e{embed}-d{depths}-h{heads}-w{window}-p{patch}-i{image}</c>. The layout is checked (see <see cref="SwinLayout.Problem"/>).
    /// </summary>
    /// <example><code>Architecture.SwinTransformer(new SwinLayout(24, [2, 2], [2, 4], Window: 5, Patch: 2, Image: 20))   // "swin-e24-d2.2-h2.4-w5-p2-i20"</code></example>
    public static Architecture SwinTransformer(SwinLayout layout)
    {
        if (layout.Problem() is { } problem) throw new ArgumentException($"Swin layout: {problem}");
        return layout == SwinTiny.Swin ? SwinTiny : new(layout.Name, false) { Swin = layout };
    }

    /// <summary>
    /// A CIFAR-style BN ResNet with three stages of basic blocks; <paramref name="depth"/> = 6n+2
    /// (8 gives one block per stage) and stage widths <paramref name="width"/>·(1, 2, 4).
    /// </summary>
    /// <example><code>Architecture.CifarResNet(8, 16)   // "cifar-resnet8x16"</code></example>
    public static Architecture CifarResNet(int depth = 8, int width = 16)
    {
        if (depth < 8 || (depth - 2) % 6 != 0)
            throw new ArgumentException($"cifar-resnet depth must be 6n+2 with n ≥ 1 (8, 14, 20, …); got {depth}");
        if (width < 1) throw new ArgumentException($"cifar-resnet width must be positive; got {width}");
        return new($"cifar-resnet{depth}x{width}", true);
    }

    /// <summary>Names accepted by <see cref="Parse"/>, for messages and suggestions.</summary>
    public static IReadOnlyList<string> KnownNames { get; } = ["resnet18", "resnet50", "swin-t", "cifar-resnet{depth}x{width}", SwinLayout.Pattern];

    /// <summary>Parses an architecture name; throws <see cref="ArgumentException"/> naming the known ones.</summary>
    /// <example><code>Architecture.Parse("resnet50")</code></example>
    public static Architecture Parse(string name) => TryParse(name)
        ?? throw new ArgumentException($"unknown architecture '{name}'; known: {string.Join(", ", KnownNames)}");

    /// <summary>Parses an architecture name, or returns null.</summary>
    /// <example><code>Architecture.TryParse("cifar-resnet20x32") ?? Architecture.ResNet18</code></example>
    public static Architecture? TryParse(string name)
    {
        var n = name.Trim().ToLowerInvariant();
        switch (n)
        {
            case "resnet18": return ResNet18;
            case "resnet50": return ResNet50;
            case "swin-t" or "swin_t" or "swin-tiny": return SwinTiny;
        }
        if (SwinLayout.TryParse(n) is { } swin) return swin.Problem() is null ? SwinTransformer(swin) : null;
        var m = CifarPattern().Match(n);
        if (!m.Success) return null;
        int depth = int.Parse(m.Groups[1].Value), width = m.Groups[2].Success ? int.Parse(m.Groups[2].Value) : 16;
        return depth >= 8 && (depth - 2) % 6 == 0 && width >= 1 ? CifarResNet(depth, width) : null;
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    [GeneratedRegex(@"^cifar-resnet(\d+)(?:x(\d+))?$")]
    private static partial Regex CifarPattern();
}
