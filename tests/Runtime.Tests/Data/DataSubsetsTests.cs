using EnsDsl.Runtime.Data;
using EnsDsl.Runtime.Imaging;

namespace EnsDsl.Runtime.Tests.Data;

/// <summary>Subsets of a dataset (classes=, per_class=) on the embedded source task: 40 classes, 250 training and 25 test images each.</summary>
public class DataSubsetsTests
{
    static readonly Splits Whole = DatasetLoader.Load(Dataset.Parse("embedded:source"));

    static float[] Image(ImageSet set, int index) => set.Pixels.AsSpan(index * set.Channels * set.Height * set.Width, set.Channels * set.Height * set.Width).ToArray();

    [Fact]
    public void Kept_classes_are_relabelled_in_the_order_given_and_every_split_keeps_exactly_them()
    {
        var kept = DatasetLoader.Load(Dataset.Parse("embedded:source?classes=7,2,30"));
        Assert.Equal((3, 3), (kept.Train.Classes, kept.Test.Classes));
        Assert.Equal((3 * 250, 3 * 25), (kept.Train.Count, kept.Test.Count));
        foreach (var (subset, whole) in new[] { (kept.Train, Whole.Train), (kept.Test, Whole.Test) })
        {
            // The images of original class 7, 2 and 30, in the dataset's order, with labels 0, 1 and 2.
            int[] originals = [7, 2, 30];
            var expected = Enumerable.Range(0, whole.Count).Where(i => originals.Contains((int)whole.Labels[i])).ToList();
            Assert.Equal(expected.Select(i => (long)Array.IndexOf(originals, (int)whole.Labels[i])), subset.Labels);
            Assert.All(Enumerable.Range(0, subset.Count), i => Assert.Equal(Image(whole, expected[i]), Image(subset, i)));
        }
    }

    [Fact]
    public void A_draw_is_balanced_within_the_training_split_and_changes_with_its_seed_only()
    {
        var drawn = DatasetLoader.Load(Dataset.Parse("embedded:source?classes=7,2,30&per_class=20&per_class_seed=1"));
        Assert.Equal(3 * 25, drawn.Test.Count);                                         // the test split stays whole
        Assert.Equal([20, 20, 20], drawn.Train.Labels.GroupBy(l => l).OrderBy(g => g.Key).Select(g => g.Count()));
        var chosen = Chosen(drawn.Train);
        Assert.All(chosen, c => Assert.NotEqual(-1, c));                              // every drawn image is a training image
        Assert.Equal(chosen.Order(), chosen);                                           // kept in the dataset's order

        var again = Chosen(DatasetLoader.Load(Dataset.Parse("embedded:source?classes=7,2,30&per_class=20&per_class_seed=1")).Train);
        Assert.Equal(chosen, again);
        var otherSeed = Chosen(DatasetLoader.Load(Dataset.Parse("embedded:source?classes=7,2,30&per_class=20&per_class_seed=2")).Train);
        Assert.NotEqual(chosen, otherSeed);
        // A class's draw does not depend on the other classes kept, nor on their order: class 7's images are the same.
        var withOthers = DatasetLoader.Load(Dataset.Parse("embedded:source?classes=30,7&per_class=20&per_class_seed=1")).Train;
        Assert.Equal(ChosenOf(drawn.Train, label: 0), ChosenOf(withOthers, label: 1));
        // Without a class selection, a draw takes every class.
        var all = DatasetLoader.Load(Dataset.Parse("embedded:source?per_class=5")).Train;
        Assert.Equal((40 * 5, 40), (all.Count, all.Classes));
    }

    // The index in the whole training split of each drawn image (found by its pixels; the embedded images are all distinct).
    static List<int> Chosen(ImageSet drawn) => [.. Enumerable.Range(0, drawn.Count).Select(i => IndexInWhole(Image(drawn, i)))];

    static List<int> ChosenOf(ImageSet drawn, int label) => [.. Enumerable.Range(0, drawn.Count).Where(i => drawn.Labels[i] == label).Select(i => IndexInWhole(Image(drawn, i)))];

    static int IndexInWhole(float[] image) => Enumerable.Range(0, Whole.Train.Count).FirstOrDefault(j => Image(Whole.Train, j).AsSpan().SequenceEqual(image), -1);

    [Fact]
    public void A_validation_split_is_the_whole_datasets_restricted_and_the_draw_comes_from_what_is_left()
    {
        var whole = DatasetLoader.Load(Dataset.Parse("embedded:source?split=val"));
        var subset = DatasetLoader.Load(Dataset.Parse("embedded:source?split=val&classes=3,4&per_class=30"));
        Assert.Equal(whole.Test.Labels.Count(l => l is 3 or 4), subset.Test.Count);            // the validation images of classes 3 and 4
        Assert.Equal([30, 30], subset.Train.Labels.GroupBy(l => l).Select(g => g.Count()));
    }

    [Fact]
    public void Image_sources_take_the_same_subset_relabelled()
    {
        var source = new InMemoryImages(new byte[6 * 3 * 4], [0, 1, 2, 1, 0, 2], 3, 2, 2);
        var data = Dataset.Parse("imagefolder:x?classes=2,0&per_class=1&per_class_seed=4");
        var subset = DataSubsets.Of(data, new ImageSources(source, source));
        Assert.Equal((2, 4), (subset.Test.Classes, subset.Test.Count));
        Assert.Equal([1L, 0, 1, 0], Enumerable.Range(0, 4).Select(subset.Test.Label));   // images 0, 2, 4, 5: classes 0, 2, 0, 2
        Assert.Equal((2, 2), (subset.Train.Classes, subset.Train.Count));
        Assert.Equal([0L, 1], Enumerable.Range(0, 2).Select(subset.Train.Label).Order());
    }

    [Fact]
    public void A_class_the_files_lack_or_a_draw_larger_than_a_class_is_named()
    {
        var source = new InMemoryImages(new byte[6 * 3 * 4], [0, 1, 2, 1, 0, 2], 3, 2, 2);
        var unknown = Assert.Throws<DatasetException>(() => DataSubsets.Of(Dataset.Parse("imagefolder:x?classes=1,5"), new ImageSources(source, source)));
        Assert.Equal("dataset imagefolder:x?classes=1,5: its files have 3 classes (0..2); there is no class 5", unknown.Message);
        var large = Assert.Throws<DatasetException>(() => DataSubsets.Of(Dataset.Parse("imagefolder:x?classes=2,1&per_class=3"), new ImageSources(source, source)));
        Assert.Equal("dataset imagefolder:x?classes=2,1&per_class=3: per_class=3, but class 2 has 2 training images", large.Message);
    }
}
