using System.Runtime.InteropServices;

namespace EnsDsl.Runtime.Imaging;

/// <summary>
/// The system's libjpeg-turbo through its TurboJPEG API (<c>libturbojpeg.so.0</c>, Debian's libturbojpeg0): the
/// library Pillow decodes JPEGs with, SIMD included (SkiaSharp's bundled copy is built without x86 SIMD and takes about
/// 1.6 × as long). Accurate integer IDCT and fancy upsampling, Pillow's defaults, so the bytes are Pillow's.
/// </summary>
static partial class TurboJpeg
{
    const string Library = "libturbojpeg.so.0";
    const int PixelFormatRgbx = 2, FlagAccurateDct = 4096, ErrorWarning = 0;

    /// <summary>Whether the library can be loaded here.</summary>
    public static bool Available { get; } = NativeLibrary.TryLoad(Library, out _);

    [DllImport(Library)] public static extern IntPtr tjInitDecompress();
    [DllImport(Library)] public static extern int tjDestroy(IntPtr handle);
    [DllImport(Library)] static extern int tjDecompressHeader3(IntPtr handle, byte[] jpeg, nuint size, out int width, out int height, out int subsampling, out int colorspace);
    [DllImport(Library)] static extern int tjDecompress2(IntPtr handle, byte[] jpeg, nuint size, byte[] destination, int width, int pitch, int height, int pixelFormat, int flags);
    [DllImport(Library)] static extern IntPtr tjGetErrorStr2(IntPtr handle);
    [DllImport(Library)] static extern int tjGetErrorCode(IntPtr handle);

    /// <summary>The width and height in a JPEG header.</summary>
    public static (int Width, int Height)? Size(IntPtr handle, byte[] jpeg, int length) =>
        tjDecompressHeader3(handle, jpeg, (nuint)length, out int w, out int h, out _, out _) == 0 ? (w, h) : null;

    /// <summary>Decodes into <paramref name="destination"/> as RGBX; null on success, else the library's message.</summary>
    public static string? Decode(IntPtr handle, byte[] jpeg, int length, byte[] destination, int width, int height)
    {
        if (tjDecompress2(handle, jpeg, (nuint)length, destination, width, 4 * width, height, PixelFormatRgbx, FlagAccurateDct) == 0) return null;
        var message = Marshal.PtrToStringUTF8(tjGetErrorStr2(handle)) ?? "unknown error";
        // Pillow decodes past libjpeg's warnings about extraneous bytes and the like, but not past the end of a file.
        return tjGetErrorCode(handle) == ErrorWarning && !message.Contains("Premature end", StringComparison.Ordinal) ? null : message;
    }
}
