using EnsDsl.Runtime.Data;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Tests.Data;

/// <summary>scikit-learn's splits, made at test time by Fixtures/make_split_reference.py with Debian's python3-sklearn.</summary>
[PythonScript("Data/Fixtures/make_split_reference.py")]
public sealed class SklearnSplits() : PythonFixture
{
    public JArray Cases => JArray.Parse(File.ReadAllText(this["splits.json"]));

    public JArray PerClassCases => JArray.Parse(File.ReadAllText(this["per_class.json"]));
}

[Trait(Category.Name, Category.Python)]
public class StratifiedSplitTests(SklearnSplits reference) : IClassFixture<SklearnSplits>
{
    [Fact]
    public void Splits_are_scikit_learns_index_for_index()
    {
        Assert.Equal(5, reference.Cases.Count);
        SameAsReference(reference.Cases, (labels, c) => StratifiedSplit.Split(labels, (int)c["validation_count"]!, (uint)c["seed"]!));
    }

    // Each case's split by <split>, index for index against the reference's train and validation indices.
    static void SameAsReference(JArray cases, Func<long[], JToken, (int[] Train, int[] Validation)> split)
    {
        foreach (var c in cases)
        {
            var (train, validation) = split([.. c["labels"]!.Select(v => (long)v)], c);
            Assert.True(c["train"]!.Select(v => (int)v).SequenceEqual(train), $"{c["name"]}: train indices differ");
            Assert.True(c["validation"]!.Select(v => (int)v).SequenceEqual(validation), $"{c["name"]}: validation indices differ");
        }
    }

    [Fact]
    public void SUN_397s_split_is_the_authors_per_class_split_index_for_index()
    {
        var cases = reference.PerClassCases;
        Assert.Equal(3, cases.Count);
        SameAsReference(cases, (labels, c) => PerClassSplit.Split(labels, (int)c["per_class"]!, (uint)c["seed"]!));
        // The loader takes it for SUN-397: the real partition's label list gives the reference's first case.
        var sun = cases[0];
        var (kept, held) = DatasetLoader.ValidationSplit(Dataset.Parse("sun397:x?split=val"), [.. sun["labels"]!.Select(v => (long)v)]);
        Assert.True(sun["validation"]!.Select(v => (int)v).SequenceEqual(held) && sun["train"]!.Select(v => (int)v).SequenceEqual(kept));
        // And it differs from one stratified split of the same size, which ensdsl drew before.
        Assert.False(StratifiedSplit.Split([.. sun["labels"]!.Select(v => (long)v)], 3970).Validation.Order().SequenceEqual(held.Order()));
    }

    [Fact]
    public void A_class_too_small_for_its_validation_images_is_refused_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => PerClassSplit.Split([0, 0, 0, 1, 1], 2));
        Assert.Contains("class 1 has 2 images: 2 for validation leave none for training", e.Message);
    }

    [Fact]
    public void The_numpy_generator_gives_numpys_first_numbers()
    {
        // numpy.random.RandomState(42).randint(0, 2**32, dtype=np.uint64)[:3] is MT19937's first outputs for seed 42.
        var random = new NumpyRandomState(42);
        Assert.Equal([1608637542u, 3421126067u, 4083286876u], new[] { random.NextUInt32(), random.NextUInt32(), random.NextUInt32() });
    }

    [Fact]
    public void A_class_of_one_image_cannot_be_split()
    {
        var e = Assert.Throws<ArgumentException>(() => StratifiedSplit.Split([0, 0, 1, 1, 2], 3));
        Assert.Contains("class 2 has fewer than 2 images", e.Message);
    }
}
