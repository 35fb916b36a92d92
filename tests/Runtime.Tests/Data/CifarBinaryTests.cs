using EnsDsl.Runtime.Data;
using EnsDsl.Runtime.Imaging;

namespace EnsDsl.Runtime.Tests.Data;

/// <summary>The official CIFAR binary format, on files the tests write: layout, labels, pixels, and every bad-input message.</summary>
public class CifarBinaryTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("ensdsl-cifar-").FullName;

    public void Dispose() => Directory.Delete(root, true);

    // A record: label byte(s), then 1024 red, 1024 green, 1024 blue bytes. Pixel p of channel c holds (label + c + p) % 256.
    static byte[] Records(int count, int classes, int firstLabel)
    {
        int labelBytes = classes == 10 ? 1 : 2, record = labelBytes + 3072;
        var bytes = new byte[count * record];
        for (int i = 0; i < count; i++)
        {
            int label = (firstLabel + i) % classes;
            if (classes == 100) bytes[i * record] = (byte)(label / 5);           // coarse label first
            bytes[i * record + labelBytes - 1] = (byte)label;
            for (int c = 0; c < 3; c++)
                for (int p = 0; p < 1024; p++) bytes[i * record + labelBytes + c * 1024 + p] = (byte)((label + c + p) % 256);
        }
        return bytes;
    }

    string Write(string folder, params (string Name, byte[] Bytes)[] files)
    {
        var dir = Path.Combine(root, folder);
        Directory.CreateDirectory(dir);
        foreach (var (name, bytes) in files) File.WriteAllBytes(Path.Combine(dir, name), bytes);
        return dir;
    }

    static float Normalised(int value, int channel) => (value / 255f - ImageNetNormalisation.Mean[channel]) / ImageNetNormalisation.Std[channel];

    [Fact]
    public void Cifar10_is_read_from_the_folder_the_archive_unpacks_into()
    {
        Write("cifar-10-batches-bin", [.. Enumerable.Range(1, 5).Select(i => ($"data_batch_{i}.bin", Records(3, 10, i * 3))), ("test_batch.bin", Records(2, 10, 7))]);
        var splits = CifarBinary.Read(root, 10, [3, 3, 3, 3, 3], [2]);
        Assert.Equal(15, splits.Train.Count);
        Assert.Equal([3L, 4, 5, 6, 7, 8], splits.Train.Labels[..6]);
        Assert.Equal([7L, 8], splits.Test.Labels);
        Assert.Equal((3, 32, 32, 10), (splits.Test.Channels, splits.Test.Height, splits.Test.Width, splits.Test.Classes));
        // Channel-first, row-major, ImageNet-normalised: test image 1 (label 8), green channel, pixel 5 holds 8 + 1 + 5.
        Assert.Equal(Normalised(14, 1), splits.Test.Pixels[3072 + 1024 + 5], 1e-6);
        Assert.Equal(Normalised((8 + 2 + 1023) % 256, 2), splits.Test.Pixels[3072 + 2048 + 1023], 1e-6);
    }

    [Fact]
    public void Cifar100_uses_the_fine_label()
    {
        var dir = Write("c100", ("train.bin", Records(4, 100, 37)), ("test.bin", Records(2, 100, 99)));
        var splits = CifarBinary.Read(dir, 100, [4], [2]);
        Assert.Equal([37L, 38, 39, 40], splits.Train.Labels);
        Assert.Equal([99L, 0], splits.Test.Labels);
        Assert.Equal(100, splits.Train.Classes);
    }

    [Fact]
    public void The_official_record_counts_are_required()
    {
        // Official sizes pass (CIFAR-100: 50,000 + 10,000 records) ...
        var dir = Write("official", ("train.bin", new byte[50_000 * 3074]), ("test.bin", new byte[10_000 * 3074]));
        var splits = CifarBinary.Read(dir, 100);
        Assert.Equal((50_000, 10_000), (splits.Train.Count, splits.Test.Count));
        // ... a truncated file does not, and the message says which file, what was expected and where it comes from.
        File.WriteAllBytes(Path.Combine(dir, "test.bin"), new byte[10_000 * 3074 - 100]);
        var e = Assert.Throws<DatasetException>(() => CifarBinary.Read(dir, 100));
        Assert.Contains("test.bin has 30,739,900 bytes; expected 30,740,000 (10,000 records of 3074 bytes)", e.Message);
        Assert.Contains("cifar-100-binary.tar.gz", e.Message);
    }

    public static TheoryData<string, string> BadFolders => new()
    {
        { "missing", "not found; it should hold data_batch_1.bin … data_batch_5.bin and test_batch.bin (the binary version) (https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz)" },
        { "python", "data_batch_1 cannot be read as a CIFAR python file" },
        { "empty", "has neither data_batch_1.bin nor data_batch_1" },
        { "missing test file", "test_batch.bin is missing" },
        { "cifar-100 labels", "label 57 is not below 10; is this the CIFAR-100 file?" },
    };

    [Theory]
    [MemberData(nameof(BadFolders))]
    public void Bad_folders_are_named_with_what_was_expected(string what, string message)
    {
        var dir = Path.Combine(root, "data");
        switch (what)
        {
            case "python": Write("data/cifar-10-batches-py", ("data_batch_1", [1, 2, 3])); break;
            case "empty": Directory.CreateDirectory(dir); break;
            case "missing test file": Write("data", [.. Enumerable.Range(1, 5).Select(i => ($"data_batch_{i}.bin", Records(1, 10, 0)))]); break;
            case "cifar-100 labels":
                var bad = Records(1, 10, 0);
                bad[0] = 57;
                Write("data", [.. Enumerable.Range(1, 5).Select(i => ($"data_batch_{i}.bin", i == 2 ? bad : Records(1, 10, 0))), ("test_batch.bin", Records(1, 10, 0))]);
                break;
        }
        var e = Assert.Throws<DatasetException>(() => CifarBinary.Read(dir, 10, [1, 1, 1, 1, 1], [1]));
        Assert.Contains(message, e.Message);
    }
}
