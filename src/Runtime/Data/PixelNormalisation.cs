using EnsDsl.Runtime.Imaging;
namespace EnsDsl.Runtime.Data;

/// <summary>
/// How 8-bit pixels become a network's inputs: per channel, <c>(v / 255 − mean) / std</c> in float32, each step rounded
/// as torchvision's <c>ToTensor</c> and <c>Normalize</c> round it. ImageNet's statistics for the authors' datasets; a
/// dataset's own for the grayscale ones (<see cref="MnistData"/>).
/// </summary>
/// <param name="Mean">Per channel (RGB).</param>
/// <param name="Std">Per channel.</param>
public sealed class PixelNormalisation(IReadOnlyList<float> Mean, IReadOnlyList<float> Std)
{
    /// <summary>Per channel (RGB).</summary>
    public IReadOnlyList<float> Mean { get; } = Mean;

    /// <summary>Per channel.</summary>
    public IReadOnlyList<float> Std { get; } = Std;

    /// <summary>ImageNet's statistics (<see cref="ImageNetNormalisation"/>).</summary>
    public static PixelNormalisation ImageNet { get; } = new(ImageNetNormalisation.Mean, ImageNetNormalisation.Std);

    /// <summary>The same mean and deviation for the three channels (a grayscale image's one channel seen three times).</summary>
    public static PixelNormalisation Of(float mean, float std) => new([mean, mean, mean], [std, std, std]);

    /// <summary>The normalised value of every 8-bit value per channel, at index <c>256 · channel + value</c>.</summary>
    public float[] Table { get; } = [.. Enumerable.Range(0, 3 * 256).Select(i => ((i % 256) / 255f - Mean[i / 256]) / Std[i / 256])];

    /// <summary>Per channel, the normalised value of a black pixel (8-bit 0).</summary>
    public IReadOnlyList<float> Black => [Table[0], Table[256], Table[512]];
}
