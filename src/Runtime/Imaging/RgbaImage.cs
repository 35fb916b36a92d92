namespace EnsDsl.Runtime.Imaging;

/// <summary>
/// An 8-bit image, four bytes per pixel (R, G, B and an unused fourth byte), row-major — the layout in which Pillow
/// holds an RGB image, so that resampling can follow Pillow's arithmetic exactly. <see cref="Pixels"/> may be longer
/// than the image (a reused buffer).
/// </summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Pixels">At least 4 · Width · Height bytes.</param>
public sealed record RgbaImage(int Width, int Height, byte[] Pixels)
{
    /// <summary>Bytes per row.</summary>
    public int Stride => 4 * Width;
}

/// <summary>A rectangle of an image in pixels: its left column, top row, width and height.</summary>
/// <param name="Left">First column.</param>
/// <param name="Top">First row.</param>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
public readonly record struct PixelBox(int Left, int Top, int Width, int Height)
{
    /// <summary>The whole of a <paramref name="width"/> × <paramref name="height"/> image.</summary>
    public static PixelBox Whole(int width, int height) => new(0, 0, width, height);
}
