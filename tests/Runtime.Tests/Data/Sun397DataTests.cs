using EnsDsl.Runtime.Data;
using EnsDsl.Runtime.Tests.Imaging;
using SkiaSharp;

namespace EnsDsl.Runtime.Tests.Data;

/// <summary>SUN-397's layout in miniature (3 classes, 4 images per class and partition), written by the tests.</summary>
public class Sun397DataTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("ensdsl-sun-").FullName;
    static readonly string[] Classes = ["b/bakery/shop", "a/abbey", "c/canyon"];

    public void Dispose() => Directory.Delete(root, true);

    void Write(string partitions = "Partitions", int perClass = 4)
    {
        Directory.CreateDirectory(Path.Combine(root, partitions));
        foreach (var (name, offset) in new[] { ("Training_01.txt", 0), ("Testing_01.txt", 100) })
        {
            var lines = Classes.SelectMany(c => Enumerable.Range(offset, perClass).Select(i => $"/{c}/sun_{i:D4}.jpg")).ToList();
            foreach (var line in lines)
                TestImages.Write(Path.Combine(root, "SUN397", line.TrimStart('/')), 40 + lines.IndexOf(line) % 7, 30, lines.IndexOf(line), SKEncodedImageFormat.Jpeg);
            File.WriteAllLines(Path.Combine(root, partitions, name), lines);
        }
    }

    [Fact]
    public void Partition_files_give_the_images_with_classes_in_ordinal_order()
    {
        Write();
        var (train, test) = Sun397Data.Files(root, 1, 3, 4);
        Assert.Equal((12, 12, 3), (train.Count, test.Count, train.Classes));
        // a/abbey = 0, b/bakery/shop = 1, c/canyon = 2; the file lists b/bakery/shop first.
        Assert.Equal([1, 1, 1, 1, 0, 0, 0, 0, 2, 2, 2, 2], Enumerable.Range(0, 12).Select(i => train.Label(i)));
        Assert.EndsWith(Path.Combine("SUN397", "b", "bakery", "shop", "sun_0000.jpg"), train.Files[0].Path);
        Assert.EndsWith("sun_0100.jpg", test.Files[0].Path);
    }

    [Fact]
    public void Partition_files_may_sit_in_the_root()
    {
        Write(partitions: "");
        Assert.Equal(12, Sun397Data.Files(root, 1, 3, 4).Train.Count);
    }

    [Fact]
    public void A_missing_image_is_named_with_its_line_and_the_count_of_missing_ones()
    {
        Write();
        File.Delete(Path.Combine(root, "SUN397", "a", "abbey", "sun_0102.jpg"));
        var e = Assert.Throws<DatasetException>(() => Sun397Data.Files(root, 1, 3, 4));
        Assert.Contains("Testing_01.txt, line 7: image", e.Message);
        Assert.Contains("sun_0102.jpg not found (1 of 12 listed images are missing)", e.Message);
        Assert.Contains("vision.princeton.edu", e.Message);
    }

    [Fact]
    public void A_partition_that_is_not_SUN_397s_is_refused()
    {
        Write();
        Assert.Contains("lists 3 classes; SUN-397 has 397", Assert.Throws<DatasetException>(() => Sun397Data.Files(root, 1)).Message);
        Assert.Contains("lists 4 images of class", Assert.Throws<DatasetException>(() => Sun397Data.Files(root, 1, 3, 50)).Message);
    }

    [Fact]
    public void Missing_partition_files_and_bad_lines_say_what_is_expected()
    {
        Write();
        Assert.Contains("Training_02.txt not found", Assert.Throws<DatasetException>(() => Sun397Data.Files(root, 2, 3, 4)).Message);
        File.AppendAllLines(Path.Combine(root, "Partitions", "Training_01.txt"), ["abbey.png"]);
        Assert.Contains("line 13: 'abbey.png' is not an image path", Assert.Throws<DatasetException>(() => Sun397Data.Files(root, 1, 3, 4)).Message);
    }
}
