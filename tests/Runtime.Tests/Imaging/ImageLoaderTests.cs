using EnsDsl.Runtime.Imaging;
using EnsDsl.Runtime.Randomness;
using SkiaSharp;

namespace EnsDsl.Runtime.Tests.Imaging;

/// <summary>The parallel loader on image files written by the tests: order, determinism, buffers, corrupt images.</summary>
public class ImageLoaderTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("ensdsl-loader-").FullName;

    public void Dispose() => Directory.Delete(root, true);

    ImageFiles Files(int count, Func<int, (int Width, int Height)>? size = null)
    {
        var files = Enumerable.Range(0, count).Select(i =>
        {
            var (w, h) = size?.Invoke(i) ?? (40 + 7 * (i % 5), 30 + 11 * (i % 3));
            return (TestImages.Write(Path.Combine(root, $"{i:D3}.{(i % 2 == 0 ? "png" : "jpg")}"), w, h, i,
                i % 2 == 0 ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg), i % 4);
        }).ToList();
        return new ImageFiles(files, 4);
    }

    static Func<int, DetRandom> Randoms(int epoch) => index => DetRandom.For(5, $"augment/{epoch}/{index}");

    // Each image rendered alone, on this thread: what every batch must contain.
    static float[] Alone(IImageSource source, ImageTransform transform, int index, Func<int, DetRandom> random)
    {
        using var decoder = new ImageDecoder();
        var image = source.Load(index, decoder);
        var geometry = transform.Plan(image.Width, image.Height, random(index));
        var output = new float[3 * geometry.Window.Width * geometry.Window.Height];
        ImagePipeline.Render(image, geometry, new PillowResample.Scratch(), output, 0);
        return output;
    }

    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(3, 2, false)]
    [InlineData(4, 8, false)]
    [InlineData(1, 1, true)]
    [InlineData(3, 2, true)]
    public void Batches_hold_each_images_own_transform_in_order_whatever_the_workers(int workers, int prefetch, bool swin)
    {
        var source = Files(23);
        ImageTransform transform = swin ? TimmTrain.Swin(24) : new RandomResizedCrop(24);
        var order = Enumerable.Range(0, 23).ToList();
        new DetRandom(3).Shuffle(order);
        var loader = new ImageLoader(source, transform, new LoaderOptions(workers, prefetch));
        int seen = 0;
        foreach (var batch in loader.Batches(order, 5, Randoms(2)))
        {
            Assert.Equal(seen + 5 <= 23 ? 5 : 23 - seen, batch.Count);
            for (int i = 0; i < batch.Count; i++)
            {
                int index = order[seen + i];
                Assert.Equal(index, batch.Indices[i]);
                Assert.Equal(index % 4, batch.Labels[i]);
                Assert.Equal(Alone(source, transform, index, Randoms(2)), batch.Values.Slice(i * 3 * 24 * 24, 3 * 24 * 24).ToArray());
            }
            seen += batch.Count;
        }
        Assert.Equal(23, seen);
    }

    [Fact]
    public void Another_epoch_draws_other_crops_and_the_same_epoch_the_same()
    {
        var source = Files(6);
        var loader = new ImageLoader(source, new RandomResizedCrop(16), new LoaderOptions(2, 2));
        float[] Epoch(int e) => loader.Batches([.. Enumerable.Range(0, 6)], 6, Randoms(e)).Single().Values.ToArray();
        Assert.Equal(Epoch(1), Epoch(1));
        Assert.NotEqual(Epoch(1), Epoch(2));
    }

    [Fact]
    public void Native_size_batches_neighbours_of_one_size()
    {
        var source = Files(7, i => i < 3 ? (20, 10) : i < 5 ? (12, 12) : (20, 10));
        var loader = new ImageLoader(source, Native.Instance, new LoaderOptions(2, 3));
        var shapes = loader.Batches([.. Enumerable.Range(0, 7)], 2, Randoms(0)).Select(b => (b.Count, b.Width, b.Height)).ToList();
        Assert.Equal([(2, 20, 10), (1, 20, 10), (2, 12, 12), (2, 20, 10)], shapes);
    }

    [Fact]
    public void Corrupt_images_are_an_error_naming_the_file_by_default()
    {
        var source = Files(8);
        var damaged = source.Files[5].Path;
        var bytes = File.ReadAllBytes(damaged);
        File.WriteAllBytes(damaged, bytes[..(bytes.Length / 2)]);
        var loader = new ImageLoader(source, ResizeCenterCrop.For(16), new LoaderOptions(2, 2));
        var e = Assert.Throws<CorruptImageException>(() => loader.Batches([.. Enumerable.Range(0, 8)], 3, Randoms(0)).Sum(b => b.Count));
        Assert.Equal(damaged, e.Path);
        Assert.True(e.Message.Contains("truncated"), e.Message);
    }

    [Fact]
    public void Corrupt_images_are_skipped_and_counted_by_policy()
    {
        var source = Files(9);
        File.WriteAllBytes(source.Files[2].Path, File.ReadAllBytes(source.Files[2].Path)[..100]);
        File.WriteAllText(source.Files[7].Path, "not an image");
        var loader = new ImageLoader(source, ResizeCenterCrop.For(16), new LoaderOptions(3, 2, CorruptImagePolicy.Skip));
        var batches = loader.Batches([.. Enumerable.Range(0, 9)], 4, Randoms(0)).Select(b => (b.Count, Indices: b.Indices[..b.Count].ToArray())).ToList();
        Assert.Equal([0, 1, 3, 4, 5, 6, 8], batches.SelectMany(b => b.Indices));
        Assert.Equal([2, 7], loader.Skipped.Keys.Order());
        Assert.Equal(source.Files[7].Path, loader.Skipped[7]);
    }

    [Fact]
    public void A_consumer_that_stops_early_leaves_no_thread_behind()
    {
        var source = Files(12);
        var loader = new ImageLoader(source, new RandomResizedCrop(16), new LoaderOptions(3, 4));
        var first = loader.Batches([.. Enumerable.Range(0, 12)], 2, Randoms(0)).First();
        Assert.Equal(2, first.Count);
        Assert.Equal(0, loader.RunningWorkers);
    }
}
