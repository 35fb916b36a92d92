using EnsDsl.Runtime.Data;
using EnsDsl.Runtime.Imaging;
using EnsDsl.Runtime.Tests.Imaging;

namespace EnsDsl.Runtime.Tests.Data;

/// <summary>The validation setting (<c>split=val</c>) on CIFAR-shaped files and image folders written by the tests.</summary>
public class ValidationSplitTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("ensdsl-val-").FullName;

    public void Dispose() => Directory.Delete(root, true);

    [Fact]
    public void The_validation_split_is_a_stratified_tenth_of_train_and_replaces_test()
    {
        // 10 classes × 20 images, labels cycling: 200 training images, 20 per class.
        var labels = Enumerable.Range(0, 200).Select(i => (long)(i % 10)).ToArray();
        var whole = new Dataset[] { Dataset.Parse("cifar10:x"), Dataset.Parse("cifar10:x?split=val") };
        var (train, validation) = DatasetLoader.ValidationSplit(whole[1], labels);
        Assert.Equal((180, 20), (train.Length, validation.Length));
        Assert.Empty(train.Intersect(validation));
        Assert.All(validation.GroupBy(i => labels[i]), g => Assert.Equal(2, g.Count()));
        Assert.Equal(validation, DatasetLoader.ValidationSplit(whole[1], labels).Validation);
    }

    [Fact]
    public void SUN_397_takes_ten_images_per_class()
    {
        var labels = Enumerable.Range(0, 50 * 7).Select(i => (long)(i / 50)).ToArray();
        var (train, validation) = DatasetLoader.ValidationSplit(Dataset.Parse("sun397:x?split=val"), labels);
        Assert.Equal((280, 70), (train.Length, validation.Length));
        Assert.All(validation.GroupBy(i => labels[i]), g => Assert.Equal(10, g.Count()));
    }

    [Fact]
    public void Image_folders_in_the_validation_setting_read_train_only_in_memory_and_as_sources()
    {
        foreach (var split in new[] { "train", "test" })
            foreach (var cls in new[] { "a", "b" })
                for (int i = 0; i < (split == "train" ? 10 : 3); i++)
                    TestImages.Write(Path.Combine(root, split, cls, $"{i}.png"), 6, 5, i + (cls == "b" ? 50 : 0));
        var data = Dataset.Parse($"imagefolder:{root}?split=val");
        var memory = DatasetLoader.Load(data);
        var sources = DatasetLoader.Sources(data);
        Assert.Equal((18, 2), (memory.Train.Count, memory.Test.Count));
        Assert.Equal((18, 2), (sources.Train.Count, sources.Test.Count));
        Assert.Equal([0L, 1L], Enumerable.Range(0, 2).Select(sources.Test.Label).Order());
        // The same images either way: in memory, validation image 0 is the decoded file the source names.
        using var decoder = new EnsDsl.Runtime.Imaging.ImageDecoder();
        var image = sources.Test.Load(0, decoder);
        Assert.Equal(ImageNetNormalisation.FromByte(image.Pixels[0], 0), memory.Test.Pixels[0]);
    }

    [Fact]
    public void Holding_out_trains_without_the_validation_split_tests_on_test_and_gives_the_split_apart()
    {
        foreach (var split in new[] { "train", "test" })
            foreach (var cls in new[] { "a", "b" })
                for (int i = 0; i < (split == "train" ? 10 : 3); i++)
                    TestImages.Write(Path.Combine(root, split, cls, $"{i}.png"), 6, 5, i + (cls == "b" ? 50 : 0) + (split == "test" ? 100 : 0));
        var data = Dataset.Parse($"imagefolder:{root}?split=holdout");
        var validation = DatasetLoader.Load(Dataset.Parse($"imagefolder:{root}?split=val")).Test;
        var memory = DatasetLoader.Load(data);
        var heldOut = DatasetLoader.HeldOut(data);
        var sources = DatasetLoader.HeldOutSources(data);
        Assert.Equal((18, 6, 2, 2), (memory.Train.Count, memory.Test.Count, heldOut.Count, sources.Count));
        // The held-out images are the validation split's, and no training image is among them.
        Assert.Equal(validation.Pixels, heldOut.Pixels);
        Assert.Equal(validation.Labels, heldOut.Labels);
        int size = 3 * 6 * 5;
        var training = Enumerable.Range(0, memory.Train.Count).Select(i => memory.Train.Pixels.AsSpan(i * size, size).ToArray()).ToList();
        for (int i = 0; i < heldOut.Count; i++)
            Assert.DoesNotContain(training, t => t.SequenceEqual(heldOut.Pixels.AsSpan(i * size, size).ToArray()));
        Assert.Throws<DatasetException>(() => DatasetLoader.HeldOut(Dataset.Parse($"imagefolder:{root}")));
    }

    [Fact]
    public void The_embedded_tasks_generate_held_out_images_of_every_class_and_keep_their_training_split()
    {
        var data = Dataset.Parse("embedded:target?split=holdout");
        var whole = DatasetLoader.Load(Dataset.Parse("embedded:target"));
        Assert.Equal(whole.Train.Pixels, DatasetLoader.Load(data).Train.Pixels);
        var heldOut = DatasetLoader.HeldOut(data);
        Assert.Equal(Enumerable.Repeat(10, 20), heldOut.Labels.GroupBy(l => l).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.Equal(heldOut.Pixels, EmbeddedTaskData.HeldOut(EmbeddedTask.Target, 0).Pixels);
        Assert.NotEqual(heldOut.Pixels.Take(1200), whole.Train.Pixels.Take(1200));
        Assert.NotEqual(heldOut.Pixels.Take(1200), whole.Test.Pixels.Take(1200));
    }
}
