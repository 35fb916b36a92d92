namespace EnsDsl.Runtime.Data;

/// <summary>
/// Images and labels in memory, channel-first float pixels (N × C × H × W, row-major), as the engine consumes them.
/// </summary>
/// <param name="Pixels">N·C·H·W values.</param>
/// <param name="Labels">N class indices.</param>
/// <param name="Channels">C.</param>
/// <param name="Height">H.</param>
/// <param name="Width">W.</param>
/// <param name="Classes">Number of classes.</param>
/// <param name="Black">Per channel, the value a black pixel has here (what a padding crop fills with, as torchvision
/// pads an 8-bit image with zeros before normalising it); null where the pixels are not normalised 8-bit values
/// (generated images), which are padded with 0.</param>
public sealed record ImageSet(float[] Pixels, long[] Labels, int Channels, int Height, int Width, int Classes, IReadOnlyList<float>? Black = null)
{
    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>In-memory 8-bit images scaled to [0, 1] and normalised, at their own size: with ImageNet's statistics unless <paramref name="normalisation"/> says otherwise.</summary>
    public static ImageSet From(Imaging.InMemoryImages images, PixelNormalisation? normalisation = null)
    {
        var pixels = new float[images.Planes.LongLength];
        int plane = images.Width * images.Height;
        var normalised = normalisation ?? PixelNormalisation.ImageNet;
        var table = normalised.Table;
        for (long i = 0; i < pixels.LongLength; i++) pixels[i] = table[256 * (int)(i / plane % 3) + images.Planes[i]];
        return new ImageSet(pixels, images.Labels, 3, images.Height, images.Width, images.ClassCount, normalised.Black);
    }

    /// <summary>The images at <paramref name="indices"/>, in that order.</summary>
    public ImageSet Subset(IReadOnlyList<int> indices)
    {
        int size = Channels * Height * Width;
        var pixels = new float[(long)indices.Count * size];
        for (int i = 0; i < indices.Count; i++) Pixels.AsSpan(indices[i] * size, size).CopyTo(pixels.AsSpan(i * size));
        return this with { Pixels = pixels, Labels = [.. indices.Select(i => Labels[i])] };
    }
}

/// <summary>A dataset's splits: training images, test images, and the held-out images when there are any.</summary>
/// <param name="Train">The training split.</param>
/// <param name="Test">The test split.</param>
/// <param name="HeldOut">The held-out split (<see cref="SplitSetting.HoldOut"/>), else null.</param>
public sealed record Splits(ImageSet Train, ImageSet Test, ImageSet? HeldOut = null);
