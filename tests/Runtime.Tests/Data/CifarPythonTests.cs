using EnsDsl.Runtime.Data;
using EnsDsl.Runtime.Imaging;

namespace EnsDsl.Runtime.Tests.Data;

/// <summary>CIFAR's python version, pickled at test time by Fixtures/make_cifar_python.py (Python 2's layout, Python 3's protocols 2 and 4, and a pickle that would run code).</summary>
[PythonScript("Data/Fixtures/make_cifar_python.py")]
public sealed class CifarPythonFiles() : PythonFixture;

[Trait(Category.Name, Category.Python)]
public class CifarPythonTests(CifarPythonFiles files) : IClassFixture<CifarPythonFiles>
{
    static void Check(EnsDsl.Runtime.Imaging.InMemoryImages images, int classes, int first, int count)
    {
        Assert.Equal(count, images.Count);
        for (int i = 0; i < count; i++)
        {
            long label = (first + i) % classes;
            Assert.Equal(label, images.Labels[i]);
            for (int c = 0; c < 3; c++)
                foreach (int p in new[] { 0, 1, 517, 1023 })
                    Assert.Equal((byte)((label + c + p) % 256), images.Planes[i * 3072 + c * 1024 + p]);
        }
    }

    [Fact]
    public void The_official_python_2_layout_is_read_from_the_folder_it_unpacks_into()
    {
        var (train, test) = CifarBinary.Images(files["py2"], 10, [2, 2, 2, 2, 2], [3]);
        Assert.Equal(10, train.Count);
        for (int f = 0; f < 5; f++) Check(new EnsDsl.Runtime.Imaging.InMemoryImages(train.Planes[(f * 2 * 3072)..((f + 1) * 2 * 3072)], train.Labels[(f * 2)..((f + 1) * 2)], 10, 32, 32), 10, f + 1, 2);
        Check(test, 10, 7, 3);
    }

    [Theory]
    [InlineData("py3")]
    [InlineData("py4")]
    public void Files_pickled_by_python_3_are_read_too(string folder)
    {
        var (train, test) = CifarBinary.Images(files[folder], 100, [4], [2]);
        Check(train, 100, 3, 4);
        Check(test, 100, 60, 2);
    }

    [Fact]
    public void Python_and_binary_versions_give_the_same_normalised_floats()
    {
        var splits = CifarBinary.Read(files["py3"], 100, [4], [2]);
        Assert.Equal(ImageNetNormalisation.FromByte((3 + 2 + 5) % 256, 2), splits.Train.Pixels[2 * 1024 + 5]);
    }

    [Fact]
    public void A_pickle_that_would_run_code_is_refused_and_runs_nothing()
    {
        var e = Assert.Throws<DatasetException>(() => CifarBinary.Images(files["evil"], 10, [1, 1, 1, 1, 1], [1]));
        Assert.Contains("refused: the pickle would call the Python function or class posix.system", e.Message);
        Assert.False(File.Exists(files["pwned"]));
    }

    [Fact]
    public void A_truncated_file_and_a_wrong_count_are_named()
    {
        var dir = Directory.CreateTempSubdirectory("ensdsl-cifar-py-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(files["py3"], "cifar-100-python")))
                File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
            Assert.Contains("holds 4 images (12,288 bytes); expected 5", Assert.Throws<DatasetException>(() => CifarBinary.Images(dir, 100, [5], [2])).Message);
            var train = Path.Combine(dir, "train");
            File.WriteAllBytes(train, File.ReadAllBytes(train)[..5000]);
            var e = Assert.Throws<DatasetException>(() => CifarBinary.Images(dir, 100, [4], [2]));
            Assert.Contains($"{train} cannot be read as a CIFAR python file", e.Message);
            Assert.Contains("cifar-100-python.tar.gz", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }
}
