using System.Runtime.InteropServices;
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
/// Decodes JPEG, PNG, BMP, GIF and WebP files with SkiaSharp (libjpeg-turbo, libpng) into <see cref="RgbaImage"/>s,
/// as torchvision's loader does with Pillow's <c>Image.open(f).convert("RGB")</c>: grey images become three equal
/// channels, alpha is dropped without premultiplying, embedded colour profiles and EXIF orientation are ignored.
/// A file the decoder reads only in part (truncated) is corrupt, as in Pillow by default.
/// </summary>
public static class ImageDecoder
{
    /// <summary>The width and height stored in the file's header, without decoding the pixels.</summary>
    /// <exception cref="CorruptImageException">The file is not an image the decoder recognises.</exception>
    public static (int Width, int Height) Size(string path)
    {
        using var codec = Open(path);
        return (codec.Info.Width, codec.Info.Height);
    }

    /// <summary>Decodes <paramref name="path"/>, reusing <paramref name="buffer"/> when it is large enough.</summary>
    /// <exception cref="CorruptImageException">The file is missing, truncated, damaged or not an image.</exception>
    public static RgbaImage Decode(string path, byte[]? buffer = null)
    {
        using var codec = Open(path);
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var pixels = buffer is not null && buffer.Length >= info.BytesSize ? buffer : new byte[info.BytesSize];
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        SKCodecResult result;
        try { result = codec.GetPixels(info, handle.AddrOfPinnedObject()); }
        finally { handle.Free(); }
        return result == SKCodecResult.Success
            ? new RgbaImage(info.Width, info.Height, pixels)
            : throw new CorruptImageException(path, result == SKCodecResult.IncompleteInput ? "the file ends early: truncated" : $"decoder: {result}");
    }

    static SKCodec Open(string path)
    {
        if (!File.Exists(path)) throw new CorruptImageException(path, "file not found");
        var codec = SKCodec.Create(path, out var result);
        return codec ?? throw new CorruptImageException(path, result switch
        {
            SKCodecResult.IncompleteInput => "the file ends early: truncated",
            SKCodecResult.Unimplemented or SKCodecResult.InvalidInput => "not a JPEG, PNG, BMP, GIF or WebP image",
            _ => $"decoder: {result}",
        });
    }
}
