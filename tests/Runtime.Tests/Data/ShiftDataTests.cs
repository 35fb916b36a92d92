using EnsDsl.Runtime.Data;
using EnsDsl.Runtime.Imaging;

namespace EnsDsl.Runtime.Tests.Data;

/// <summary>Small sets in the published layouts of CIFAR-10-C, CIFAR-100-C and CIFAR-10.1, written by NumPy at test time.</summary>
[PythonScript("Data/Fixtures/make_shift_sets.py")]
public sealed class ShiftSets() : PythonFixture;

[Trait(Category.Name, Category.Python)]
public class ShiftDataTests(ShiftSets sets) : IClassFixture<ShiftSets>
{
    void Same(string expected, InMemoryImages images)
    {
        Assert.Equal(File.ReadAllBytes(sets[$"expected/{expected}.u8"]), images.Planes);
        var labels = File.ReadAllBytes(sets[$"expected/{expected}.labels"]);
        Assert.Equal(Enumerable.Range(0, labels.Length / 8).Select(i => BitConverter.ToInt64(labels, 8 * i)), images.Labels);
        Assert.Equal((32, 32), (images.Width, images.Height));
    }

    [Theory]
    [InlineData("fog", 1)]
    [InlineData("fog", 3)]
    [InlineData("zoom_blur", 5)]
    public void A_corruption_at_a_severity_is_its_fifth_of_the_file_channel_first_with_its_labels(string corruption, int severity)
    {
        var images = ShiftData.Corrupted(new CorruptedCifar(100, sets["cifar100c"], corruption, severity));
        Same($"cifar100c-{corruption}-{severity}", images);
        Assert.Equal(100, images.ClassCount);
    }

    [Fact]
    public void CIFAR_10_C_is_found_in_the_folder_its_archive_unpacks_into()
    {
        var data = Dataset.Parse($"cifar10c:{sets["c10"]}?corruption=gaussian_noise&severity=2");
        Same("cifar10c-gaussian_noise-2", ShiftData.Corrupted((CorruptedCifar)data));
        // Through the loader, as a run reads it: no training images, the test split normalised as CIFAR's own.
        var splits = DatasetLoader.Load(data);
        Assert.Equal((0, 7), (splits.Train.Count, splits.Test.Count));
        var planes = File.ReadAllBytes(sets["expected/cifar10c-gaussian_noise-2.u8"]);
        Assert.Equal(ImageNetNormalisation.FromByte(planes[1024 + 5], 1), splits.Test.Pixels[1024 + 5]);
        Assert.Equal(7, DatasetLoader.Sources(data).Test.Count);
    }

    [Theory]
    [InlineData(4, 21)]
    [InlineData(6, 20)]
    public void CIFAR_10_1_reads_either_version_and_npy_header_version(int version, int count)
    {
        var images = ShiftData.Cifar10Point1(new Cifar10Point1(sets["cifar10_1"], version));
        Assert.Equal(count, images.Count);
        Same($"cifar10.1-v{version}", images);
    }

    [Fact]
    public void Missing_and_malformed_files_say_what_was_expected()
    {
        var missing = Assert.Throws<DatasetException>(() => ShiftData.Corrupted(new CorruptedCifar(100, sets["cifar100c"], "snow", 2)));
        Assert.Contains("snow.npy not found (nor in CIFAR-100-C/ inside it); download the published files", missing.Message);
        var wrong = Path.Combine(sets.Directory, "wrong");
        Directory.CreateDirectory(wrong);
        File.Copy(sets["cifar100c/labels.npy"], Path.Combine(wrong, "fog.npy"));
        File.Copy(sets["cifar100c/labels.npy"], Path.Combine(wrong, "labels.npy"));
        var shape = Assert.Throws<DatasetException>(() => ShiftData.Corrupted(new CorruptedCifar(100, wrong, "fog", 1)));
        Assert.Contains("should hold N × 32 × 32 × 3 bytes (uint8); it holds (35)", shape.Message);
        File.WriteAllBytes(Path.Combine(wrong, "fog.npy"), File.ReadAllBytes(sets["cifar100c/fog.npy"])[..5000]);
        Assert.Contains("is truncated", Assert.Throws<DatasetException>(() => ShiftData.Corrupted(new CorruptedCifar(100, wrong, "fog", 1))).Message);
    }
}
