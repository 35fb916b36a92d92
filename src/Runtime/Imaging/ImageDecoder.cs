using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using SkiaSharp;

namespace EnsDsl.Runtime.Imaging;

/// <summary>An image file that cannot be decoded: truncated, damaged, or not an image.</summary>
/// <param name="path">The file.</param>
/// <param name="reason">What the decoder said.</param>
public sealed class CorruptImageException(string path, string reason)
    : Exception($"{path} cannot be decoded as an image ({reason})")
{
    /// <summary>The file.</summary>
    public string Path { get; } = path;
}

/// <summary>
/// Decodes image files as torchvision's loader does with Pillow's <c>Image.open(f).convert("RGB")</c>: grey images
/// become three equal channels, alpha is dropped without premultiplying, embedded colour profiles and EXIF orientation
/// are ignored, and a file that ends early is corrupt. JPEGs go to the system's libjpeg-turbo when it is installed
/// (<see cref="JpegLibrary"/>), everything else (and JPEGs without it) to SkiaSharp; both give Pillow's bytes.
/// <para>One decoder per thread: it reuses its file and pixel buffers, so an image it returns is valid until its next
/// <see cref="Decode"/>.</para>
/// </summary>
public sealed class ImageDecoder : IDisposable
{
    byte[] file = new byte[64 << 10];
    byte[] pixels = [];
    IntPtr turbo;

    /// <summary>Which library decodes JPEGs here: "libjpeg-turbo (system)" or "SkiaSharp".</summary>
    public static string JpegLibrary => TurboJpeg.Available ? "libjpeg-turbo (system)" : "SkiaSharp";

    /// <summary>Decode JPEGs with SkiaSharp even where the system library is present (tests compare the two).</summary>
    public bool SkiaOnly { get; init; }

    /// <summary>The width and height stored in the file's header, without decoding the pixels.</summary>
    /// <exception cref="CorruptImageException">The file is missing or not an image the decoder recognises.</exception>
    public static (int Width, int Height) Size(string path)
    {
        using var codec = Open(path);
        return (codec.Info.Width, codec.Info.Height);
    }

    /// <summary>Decodes <paramref name="path"/> into this decoder's pixel buffer.</summary>
    /// <exception cref="CorruptImageException">The file is missing, truncated, damaged or not an image.</exception>
    public RgbaImage Decode(string path)
    {
        int length = Read(path);
        bool jpeg = length > 3 && file[0] == 0xFF && file[1] == 0xD8 && file[2] == 0xFF;
        return jpeg && !SkiaOnly && TurboJpeg.Available ? DecodeJpeg(path, length) : DecodeWithSkia(path, length);
    }

    RgbaImage DecodeJpeg(string path, int length)
    {
        if (turbo == IntPtr.Zero) turbo = TurboJpeg.tjInitDecompress();
        var (width, height) = TurboJpeg.Size(turbo, file, length) ?? throw new CorruptImageException(path, "its JPEG header cannot be read: truncated or damaged");
        var buffer = Buffer(4 * width * height);
        return TurboJpeg.Decode(turbo, file, length, buffer, width, height) is { } error
            ? throw new CorruptImageException(path, error.Contains("Premature end", StringComparison.Ordinal) ? "the file ends early: truncated" : error)
            : new RgbaImage(width, height, buffer);
    }

    RgbaImage DecodeWithSkia(string path, int length)
    {
        var handle = GCHandle.Alloc(file, GCHandleType.Pinned);
        try
        {
            using var data = SKData.Create(handle.AddrOfPinnedObject(), length);
            using var codec = SKCodec.Create(data) ?? throw new CorruptImageException(path, Reason(SKCodecResult.Unimplemented));
            var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            var buffer = Buffer(info.BytesSize);
            var target = GCHandle.Alloc(buffer, GCHandleType.Pinned);
            SKCodecResult result;
            try { result = codec.GetPixels(info, target.AddrOfPinnedObject()); }
            finally { target.Free(); }
            return result == SKCodecResult.Success ? new RgbaImage(info.Width, info.Height, buffer) : throw new CorruptImageException(path, Reason(result));
        }
        finally { handle.Free(); }
    }

    /// <summary>This decoder's pixel buffer, at least <paramref name="bytes"/> long (for sources that fill it themselves).</summary>
    internal byte[] Buffer(int bytes) => pixels.Length >= bytes ? pixels : pixels = Array<byte>(bytes);

    /// <summary>True on the image loader's worker threads: buffers grow only between GC-safe sections (see <see cref="Torch.GcSafeSection.Between"/>).</summary>
    internal bool Background { get; init; }

    T[] Array<T>(long length) => Background ? Torch.GcSafeSection.Between(() => new T[length]) : new T[length];

    int Read(string path)
    {
        SafeFileHandle handle;
        try { handle = File.OpenHandle(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { throw new CorruptImageException(path, "file not found"); }
        using (handle)
        {
            long size = RandomAccess.GetLength(handle);
            if (size > int.MaxValue) throw new CorruptImageException(path, "larger than 2 GB");
            if (file.Length < size) file = Array<byte>(Math.Max(size, 2L * file.Length));
            int read = 0, n;
            while (read < size && (n = RandomAccess.Read(handle, file.AsSpan(read, (int)size - read), read)) > 0) read += n;
            return read;
        }
    }

    static SKCodec Open(string path)
    {
        if (!File.Exists(path)) throw new CorruptImageException(path, "file not found");
        return SKCodec.Create(path, out var result) ?? throw new CorruptImageException(path, Reason(result));
    }

    static string Reason(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "the file ends early: truncated",
        SKCodecResult.Unimplemented or SKCodecResult.InvalidInput => "not a JPEG, PNG, BMP, GIF or WebP image",
        _ => $"decoder: {result}",
    };

    /// <inheritdoc />
    public void Dispose()
    {
        if (turbo != IntPtr.Zero) TurboJpeg.tjDestroy(turbo);
        turbo = IntPtr.Zero;
    }
}
