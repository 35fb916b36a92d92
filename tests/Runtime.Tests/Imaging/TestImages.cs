using SkiaSharp;

namespace EnsDsl.Runtime.Tests.Imaging;

/// <summary>Image files written by tests: seeded patterns (gradients, a checkerboard, noise) as PNG or JPEG.</summary>
public static class TestImages
{
    /// <summary>A little-endian float32 file (the Python fixtures' <c>.f32</c> outputs).</summary>
    public static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var floats = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, floats, 0, bytes.Length);
        return floats;
    }

    /// <summary>Writes a <paramref name="width"/> × <paramref name="height"/> image to <paramref name="path"/> (folders created).</summary>
    public static string Write(string path, int width, int height, int seed, SKEncodedImageFormat format = SKEncodedImageFormat.Png, int quality = 90)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        int cell = 3 + seed % 7;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int check = (x / cell + y / cell) % 2 == 0 ? 40 : -40;
                byte Channel(int c) => (byte)Math.Clamp(128 + check + (int)(80 * Math.Sin(0.05 * (x + seed) * (c + 1) + 0.03 * y)) + random.Next(-10, 11), 0, 255);
                bitmap.SetPixel(x, y, new SKColor(Channel(0), Channel(1), Channel(2)));
            }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var data = bitmap.Encode(format, quality);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }
}
