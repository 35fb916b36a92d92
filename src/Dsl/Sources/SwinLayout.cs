using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace EnsDsl;

/// <summary>
/// The shape of a Swin Transformer as the official implementation's constructor takes it (MLP ratio 4, qkv bias,
/// patch norm, no absolute position embedding, as in every configuration the authors use).
/// </summary>
/// <param name="Embed">The first stage's width (doubled at every patch merging).</param>
/// <param name="Depths">Blocks per stage.</param>
/// <param name="Heads">Attention heads per stage.</param>
/// <param name="Window">The attention window's side, in tokens.</param>
/// <param name="Patch">The patch embedding's kernel and stride, in pixels.</param>
/// <param name="Image">The input's side in pixels, which the attention masks are built for (the official <c>img_size</c>).</param>
/// <example><code>new SwinLayout(96, [2, 2, 6, 2], [3, 6, 12, 24], Window: 7, Patch: 4, Image: 224)   // Swin-Tiny</code></example>
public sealed partial record SwinLayout(int Embed, ImmutableArray<int> Depths, ImmutableArray<int> Heads, int Window, int Patch, int Image)
{
    /// <summary>The name grammar of a Swin of any size, for messages.</summary>
    public const string Pattern = "swin-e{embed}-d{depths}-h{heads}-w{window}-p{patch}-i{image}";

    /// <summary>The name: <c>swin-e24-d2.2-h2.4-w5-p2-i20</c>.</summary>
    public string Name => $"swin-e{Embed}-d{string.Join('.', Depths)}-h{string.Join('.', Heads)}-w{Window}-p{Patch}-i{Image}";

    /// <summary>The token grid's side at each stage (halved by every patch merging).</summary>
    public IEnumerable<int> Resolutions() => Enumerable.Range(0, Depths.Length).Select(i => Image / Patch >> i);

    /// <summary>What makes the layout unbuildable, or null: every stage's token grid must be tiled by its windows and split evenly by its heads.</summary>
    public string? Problem()
    {
        if (Embed < 1 || Window < 1 || Patch < 1 || Image < 1) return $"{Name}: sizes must be positive";
        if (Depths.Length == 0 || Depths.Length != Heads.Length) return $"{Name}: give as many head counts as stages";
        if (Depths.Any(d => d < 1) || Heads.Any(h => h < 1)) return $"{Name}: stages need at least one block and one head";
        if (Image % Patch != 0) return $"{Name}: the image side {Image} is not a multiple of the patch {Patch}";
        var resolutions = Resolutions().ToList();
        for (int i = 0; i < Depths.Length; i++)
        {
            var (resolution, width) = (resolutions[i], Embed << i);
            if (resolution < 1 || (i < Depths.Length - 1 && resolution % 2 != 0))
                return $"{Name}: stage {i + 1}'s {resolution}×{resolution} token grid cannot be merged into the next stage's";
            if (resolution > Window && resolution % Window != 0)
                return $"{Name}: stage {i + 1}'s {resolution}×{resolution} token grid is not tiled by {Window}×{Window} windows";
            if (width % Heads[i] != 0) return $"{Name}: stage {i + 1}'s width {width} is not divisible by its {Heads[i]} heads";
        }
        return null;
    }

    /// <summary>The layout a name of <see cref="Pattern"/> gives, or null.</summary>
    public static SwinLayout? TryParse(string name)
    {
        var m = NamePattern().Match(name);
        if (!m.Success) return null;
        static ImmutableArray<int> List(Group g) => [.. g.Value.Split('.').Select(int.Parse)];
        return new SwinLayout(int.Parse(m.Groups[1].Value), List(m.Groups[2]), List(m.Groups[3]), int.Parse(m.Groups[4].Value),
            int.Parse(m.Groups[5].Value), int.Parse(m.Groups[6].Value));
    }

    /// <inheritdoc />
    public bool Equals(SwinLayout? other) => other is not null && Name == other.Name;

    /// <inheritdoc />
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    [GeneratedRegex(@"^swin-e(\d{1,5})-d(\d{1,3}(?:\.\d{1,3}){0,7})-h(\d{1,3}(?:\.\d{1,3}){0,7})-w(\d{1,3})-p(\d{1,3})-i(\d{1,5})$")]
    private static partial Regex NamePattern();
}
