namespace EnsDsl.Runtime.Imaging;

/// <summary>A split whose images the pipeline decodes one at a time: labels in memory, pixels on demand.</summary>
public interface IImageSource
{
    /// <summary>Number of images.</summary>
    int Count { get; }

    /// <summary>Number of classes.</summary>
    int Classes { get; }

    /// <summary>The class index of image <paramref name="index"/>.</summary>
    long Label(int index);

    /// <summary>The stored size of image <paramref name="index"/> (a file's header; nothing decoded).</summary>
    (int Width, int Height) Size(int index);

    /// <summary>Decodes image <paramref name="index"/> with <paramref name="decoder"/> (the image lives in its buffers).</summary>
    /// <exception cref="CorruptImageException">The image cannot be decoded.</exception>
    RgbaImage Load(int index, ImageDecoder decoder);
}

/// <summary>Image files with their labels (image folders, SUN-397).</summary>
/// <param name="Files">Path and class index per image.</param>
/// <param name="ClassCount">Number of classes.</param>
public sealed record ImageFiles(IReadOnlyList<(string Path, int Label)> Files, int ClassCount) : IImageSource
{
    /// <inheritdoc />
    public int Count => Files.Count;

    /// <inheritdoc />
    public int Classes => ClassCount;

    /// <inheritdoc />
    public long Label(int index) => Files[index].Label;

    /// <inheritdoc />
    public (int Width, int Height) Size(int index) => ImageDecoder.Size(Files[index].Path);

    /// <inheritdoc />
    public RgbaImage Load(int index, ImageDecoder decoder) => decoder.Decode(Files[index].Path);
}

/// <summary>
/// Small images held in memory as 8-bit channel-first planes (CIFAR's own layout: 1024 red, 1024 green, 1024 blue
/// values of a 32 × 32 image).
/// </summary>
/// <param name="Planes">Count · 3 · Height · Width bytes.</param>
/// <param name="Labels">Class index per image.</param>
/// <param name="ClassCount">Number of classes.</param>
/// <param name="Width">Image width.</param>
/// <param name="Height">Image height.</param>
public sealed record InMemoryImages(byte[] Planes, long[] Labels, int ClassCount, int Width, int Height) : IImageSource
{
    /// <inheritdoc />
    public int Count => Labels.Length;

    /// <inheritdoc />
    public int Classes => ClassCount;

    /// <inheritdoc />
    public long Label(int index) => Labels[index];

    /// <inheritdoc />
    public (int Width, int Height) Size(int index) => (Width, Height);

    /// <inheritdoc />
    public RgbaImage Load(int index, ImageDecoder decoder)
    {
        int plane = Width * Height;
        var pixels = decoder.Buffer(4 * plane);
        var source = Planes.AsSpan(index * 3 * plane, 3 * plane);
        for (int p = 0; p < plane; p++)
        {
            pixels[4 * p] = source[p];
            pixels[4 * p + 1] = source[plane + p];
            pixels[4 * p + 2] = source[2 * plane + p];
        }
        return new RgbaImage(Width, Height, pixels);
    }
}

/// <summary>Some images of another source, in a given order (validation splits, held-out sets).</summary>
/// <param name="Of">The whole source.</param>
/// <param name="Indices">The images taken, by index in <paramref name="Of"/>.</param>
public sealed record SubsetImages(IImageSource Of, IReadOnlyList<int> Indices) : IImageSource
{
    /// <inheritdoc />
    public int Count => Indices.Count;

    /// <inheritdoc />
    public int Classes => Of.Classes;

    /// <inheritdoc />
    public long Label(int index) => Of.Label(Indices[index]);

    /// <inheritdoc />
    public (int Width, int Height) Size(int index) => Of.Size(Indices[index]);

    /// <inheritdoc />
    public RgbaImage Load(int index, ImageDecoder decoder) => Of.Load(Indices[index], decoder);
}
