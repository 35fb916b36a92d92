using System.Security.Cryptography;
using EnsDsl.Runtime.Data;
using EnsDsl.Runtime.Imaging;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Tests.Data;

/// <summary>
/// Python's reading of Debian's Fashion-MNIST (gzip and NumPy), the files decompressed, and idx files whose headers lie,
/// made at test time by Fixtures/make_idx_reference.py (it needs Debian's dataset-fashion-mnist, which .ci/run installs).
/// </summary>
[PythonScript("Data/Fixtures/make_idx_reference.py", Seconds = 2)]
public sealed class IdxReference() : PythonFixture
{
    public JObject Reference => JObject.Parse(File.ReadAllText(this["reference.json"]));
}

[Trait(Category.Name, Category.Python)]
public class MnistDataTests(IdxReference files) : IClassFixture<IdxReference>
{
    static string Sha(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    // The one channel of each image, as the idx file holds it: the first of the three equal planes.
    static byte[] FirstPlanes(InMemoryImages images)
    {
        int plane = images.Width * images.Height;
        var bytes = new byte[images.Count * plane];
        for (int i = 0; i < images.Count; i++) images.Planes.AsSpan(3 * i * plane, plane).CopyTo(bytes.AsSpan(i * plane));
        return bytes;
    }

    [Theory]
    [InlineData("gzipped")]
    [InlineData("raw")]
    public void Every_pixel_and_label_is_the_one_Python_reads_and_the_channel_is_given_three_times(string form)
    {
        var folder = form == "gzipped" ? Mnist.DebianFashionMnist : files["raw"];
        var (train, test) = MnistData.Images(new Mnist(MnistKind.Fashion, folder));
        foreach (var (split, images, labels) in new[] { (train, MnistData.TrainFiles.Images, MnistData.TrainFiles.Labels), (test, MnistData.TestFiles.Images, MnistData.TestFiles.Labels) })
        {
            var reference = files.Reference;
            Assert.Equal(reference[images]!["shape"]!.Select(d => (int)d), [split.Count, split.Height, split.Width]);
            Assert.Equal((string)reference[images]!["sha256"]!, Sha(FirstPlanes(split)));
            Assert.Equal((string)reference[labels]!["sha256"]!, Sha([.. split.Labels.Select(l => (byte)l)]));
            Assert.Equal(reference[labels]!["first"]!.Select(l => (long)l), split.Labels.Take(10));
            Assert.Equal(10, split.Classes);
            int plane = split.Width * split.Height;
            for (int i = 0; i < split.Count; i++)
            {
                var planes = split.Planes.AsSpan(3 * i * plane, 3 * plane);
                Assert.True(planes[..plane].SequenceEqual(planes.Slice(plane, plane)) && planes[..plane].SequenceEqual(planes[(2 * plane)..]), $"image {i}: channels differ");
            }
        }
    }

    [Fact]
    public void The_images_are_normalised_with_the_training_images_own_mean_and_deviation()
    {
        var (train, _) = MnistData.Images(new Mnist(MnistKind.Fashion, Mnist.DebianFashionMnist));
        var statistics = MnistData.Statistics(train);
        var reference = files.Reference[MnistData.TrainFiles.Images]!;
        Assert.All(statistics.Mean, m => Assert.Equal((double)reference["mean"]!, m, 1e-6));
        Assert.All(statistics.Std, s => Assert.Equal((double)reference["std"]!, s, 1e-6));
        Assert.Equal(0.2860, statistics.Mean[0], 4);                     // Fashion-MNIST's published statistics
        Assert.Equal(0.3530, statistics.Std[0], 4);

        var splits = MnistData.Read(new Mnist(MnistKind.Fashion, files["raw"]));
        Assert.Equal((60_000, 10_000, 3, 28, 28), (splits.Train.Count, splits.Test.Count, splits.Train.Channels, splits.Train.Height, splits.Train.Width));
        // A pixel's value is (v / 255 − mean) / std, with the training images' statistics for the test images too.
        int at = 3 * 28 * 28 * 5 + 28 * 14 + 14;                          // image 5, channel 0, the middle pixel
        Assert.Equal((train.Planes[at] / 255f - statistics.Mean[0]) / statistics.Std[0], splits.Train.Pixels[at]);
        Assert.Equal(splits.Train.Pixels[at], splits.Train.Pixels[at + 28 * 28]);                     // channel 1 equals channel 0
    }

    [Theory]
    [InlineData("wrong-magic", "it does not start with an idx magic number (two zero bytes, a type, the number of dimensions)")]
    [InlineData("wrong-type", "its values are of idx type 0x0d; MNIST's files hold unsigned bytes (0x08)")]
    [InlineData("wrong-dimensions", "it has 2 dimensions; expected 3 (images × rows × columns)")]
    [InlineData("short", "its header says 100 × 28 × 28 values (78,416 bytes with the header), but it holds 39,216 bytes")]
    [InlineData("long", "its header says 40 × 28 × 28 values (31,376 bytes with the header), but it holds 39,216 bytes")]
    public void A_header_that_lies_is_refused_with_the_file_named(string name, string problem)
    {
        foreach (var file in new[] { files[$"bad/{name}"], files[$"bad/{name}.gz"] })
        {
            var read = Assert.Throws<DatasetException>(() => IdxFile.Read(file, 3));
            Assert.Equal($"{file}: not an idx file of MNIST's kind: {problem}", read.Message);
            var checkedOnly = Assert.Throws<DatasetException>(() => IdxFile.Check(file, 3));      // header and length alone
            Assert.Equal(read.Message, checkedOnly.Message);
        }
    }

    [Fact]
    public void Images_and_labels_of_different_numbers_and_labels_beyond_ten_classes_are_refused()
    {
        var mismatch = new Mnist(MnistKind.Fashion, files["mismatch"]);
        var e = Assert.Throws<DatasetException>(() => MnistData.Images(mismatch));
        Assert.Contains("train-images-idx3-ubyte holds 50 images but", e.Message);
        Assert.Contains("train-labels-idx1-ubyte 40 labels; they must be of the same split", e.Message);
        Assert.Equal(e.Message, Assert.Throws<DatasetException>(() => MnistData.Check(mismatch)).Message);
        var twelve = Assert.Throws<DatasetException>(() => MnistData.Images(new Mnist(MnistKind.Fashion, files["label12"])));
        Assert.EndsWith("train-labels-idx1-ubyte: label 12 of image 49; fashion-mnist's labels run from 0 to 9", twelve.Message);
        MnistData.Check(new Mnist(MnistKind.Fashion, files["raw"]));           // the real files pass the check
        MnistData.Check(new Mnist(MnistKind.Fashion, Mnist.DebianFashionMnist));
    }

    [Fact]
    public void A_missing_folder_or_file_says_where_it_looked_and_how_to_get_the_files()
    {
        var nowhere = Assert.Throws<DatasetException>(() => MnistData.Images(new Mnist(MnistKind.Digits, Path.Combine(files.Directory, "nowhere"))));
        Assert.Contains($"dataset mnist:{Path.Combine(files.Directory, "nowhere")}: folder {Path.Combine(files.Directory, "nowhere")} not found", nowhere.Message);
        Assert.Contains("four idx files train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, gzipped or not", nowhere.Message);
        var empty = Assert.Throws<DatasetException>(() => MnistData.Check(new Mnist(MnistKind.Fashion, files["bad"])));
        Assert.Contains($"no train-images-idx3-ubyte or train-images-idx3-ubyte.gz in {files["bad"]}", empty.Message);
        Assert.Contains("(Debian's package dataset-fashion-mnist installs them in /usr/share/datasets/fashion-mnist)", empty.Message);
        Assert.EndsWith("Debian's package dataset-fashion-mnist installs Fashion-MNIST there (apt-get install dataset-fashion-mnist)",
            MnistData.Missing(new Mnist(MnistKind.Fashion, Mnist.DebianFashionMnist), "train-images-idx3-ubyte"));
    }
}
