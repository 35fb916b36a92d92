namespace EnsDsl.Runtime.Imaging.Augmentation;

/// <summary>An RGB colour of 8-bit channels (the fill of the geometric operations).</summary>
/// <param name="R">Red.</param>
/// <param name="G">Green.</param>
/// <param name="B">Blue.</param>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>timm's <c>img_mean</c>: each mean scaled to 0–255 and rounded half to even, as Python's <c>round</c>.</summary>
    public static Rgb OfMean(double r, double g, double b) => new(Scale(r), Scale(g), Scale(b));

    static byte Scale(double mean) => (byte)Math.Min(255, Math.Round(255 * mean, MidpointRounding.ToEven));
}

/// <summary>
/// One of the image operations of timm's RandAugment, with its argument already drawn, computing exactly what the
/// Pillow call behind it computes on an RGB image (same bytes): point operations through a lookup table, enhancements
/// as Pillow's blend with a degenerate image, geometric ones as Pillow's bicubic affine transform with a fill colour.
/// The names are timm's (<c>NAME_TO_OP</c>), so a draw reads as the reference code does.
/// </summary>
public abstract record PixelOp
{
    /// <summary>
    /// Writes the operation applied to <paramref name="input"/> into <paramref name="output"/> (the same size, a
    /// different buffer). The fourth byte of each pixel is not part of the image and is left undefined.
    /// </summary>
    public abstract void Apply(RgbaImage input, RgbaImage output);
}
