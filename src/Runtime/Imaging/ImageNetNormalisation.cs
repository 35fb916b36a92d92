namespace EnsDsl.Runtime.Imaging;

/// <summary>ImageNet's per-channel mean and standard deviation, the normalisation of the authors' transforms (RGB, pixels in [0, 1]).</summary>
public static class ImageNetNormalisation
{
    /// <summary>Channel means.</summary>
    public static readonly float[] Mean = [0.485f, 0.456f, 0.406f];

    /// <summary>Channel standard deviations.</summary>
    public static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    /// <summary>
    /// The normalised value of every 8-bit pixel value per channel (index <c>256 · channel + value</c>), computed in
    /// float32 with the operations of torchvision's <c>ToTensor</c> and <c>Normalize</c> — <c>(v / 255 − mean) / std</c>,
    /// each step rounded to float32 — so that the values are torchvision's bit for bit.
    /// </summary>
    public static readonly float[] Table = [.. Enumerable.Range(0, 3 * 256).Select(i => ((i % 256) / 255f - Mean[i / 256]) / Std[i / 256])];

    /// <summary>The normalised value of an 8-bit pixel of <paramref name="channel"/>: (v / 255 − mean) / std.</summary>
    public static float FromByte(byte value, int channel) => Table[256 * channel + value];
}
