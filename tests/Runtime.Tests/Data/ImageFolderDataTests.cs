using EnsDsl.Runtime.Data;
using EnsDsl.Runtime.Imaging;
using SkiaSharp;

namespace EnsDsl.Runtime.Tests.Data;

/// <summary>Image folders written by the tests (PNG, lossless): layout, class order, pixels, and bad input.</summary>
public class ImageFolderDataTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("ensdsl-imagefolder-").FullName;

    public void Dispose() => Directory.Delete(root, true);

    // An image whose pixel (x, y) is (r, g, b) = (10·x + seed, 20·y, seed), as PNG.
    void Image(string relative, int width, int height, byte seed)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)(10 * x + seed), (byte)(20 * y), seed));
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    void Standard()
    {
        foreach (var split in new[] { "train", "test" })
            foreach (var (cls, seed) in new[] { ("dog", (byte)1), ("cat", (byte)2) })
                for (int i = 0; i < (split == "train" ? 3 : 2); i++) Image($"{split}/{cls}/{i}.png", 8, 6, (byte)(seed + 10 * i));
    }

    static float Normalised(int value, int channel) => (value / 255f - ImageNetNormalisation.Mean[channel]) / ImageNetNormalisation.Std[channel];

    [Fact]
    public void Classes_are_numbered_in_ordinal_order_and_pixels_are_channel_first()
    {
        Standard();
        var splits = ImageFolderData.Read(root);
        Assert.Equal((6, 4, 2), (splits.Train.Count, splits.Test.Count, splits.Train.Classes));
        Assert.Equal([0L, 0, 0, 1, 1, 1], splits.Train.Labels);                 // cat = 0, dog = 1
        Assert.Equal((3, 6, 8), (splits.Train.Channels, splits.Train.Height, splits.Train.Width));
        // Train image 1 is cat/1.png (seed 12): red at (x=3, y=2) is 42, green 40, blue 12.
        int plane = 6 * 8, at = 2 * 8 + 3, image = 3 * plane;
        Assert.Equal(Normalised(42, 0), splits.Train.Pixels[image + at], 1e-6);
        Assert.Equal(Normalised(40, 1), splits.Train.Pixels[image + plane + at], 1e-6);
        Assert.Equal(Normalised(12, 2), splits.Train.Pixels[image + 2 * plane + at], 1e-6);
    }

    public static TheoryData<string, string> BadInput => new()
    {
        { "empty class", "has no images" },
        { "corrupt image", "broken.png cannot be decoded as an image" },
        { "mixed sizes", "is 9×6, other images are 8×6" },
        { "no test split", "test not found" },
        { "other classes", "train/ and test/ have different classes (only in train: dog; only in test: )" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void Bad_folders_are_named_with_what_is_wrong(string what, string message)
    {
        Standard();
        switch (what)
        {
            case "empty class": Directory.CreateDirectory(Path.Combine(root, "train", "emu")); Directory.CreateDirectory(Path.Combine(root, "test", "emu")); break;
            case "corrupt image": File.WriteAllBytes(Path.Combine(root, "train", "cat", "broken.png"), [1, 2, 3, 4]); break;
            case "mixed sizes": Image("test/dog/big.png", 9, 6, 5); break;
            case "no test split": Directory.Delete(Path.Combine(root, "test"), true); break;
            case "other classes": Directory.Delete(Path.Combine(root, "test", "dog"), true); break;
        }
        var e = Assert.Throws<DatasetException>(() => ImageFolderData.Read(root));
        Assert.Contains(message, e.Message);
    }
}
