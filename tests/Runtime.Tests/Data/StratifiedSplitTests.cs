using EnsDsl.Runtime.Data;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Tests.Data;

/// <summary>scikit-learn's splits, made at test time by Fixtures/make_split_reference.py with Debian's python3-sklearn.</summary>
[PythonScript("Data/Fixtures/make_split_reference.py")]
public sealed class SklearnSplits() : PythonFixture
{
    public JArray Cases => JArray.Parse(File.ReadAllText(this["splits.json"]));
}

[Trait(Category.Name, Category.Python)]
public class StratifiedSplitTests(SklearnSplits reference) : IClassFixture<SklearnSplits>
{
    [Fact]
    public void Splits_are_scikit_learns_index_for_index()
    {
        var cases = reference.Cases;
        Assert.Equal(5, cases.Count);
        foreach (var c in cases)
        {
            var labels = c["labels"]!.Select(v => (long)v).ToArray();
            var (train, validation) = StratifiedSplit.Split(labels, (int)c["validation_count"]!, (uint)c["seed"]!);
            Assert.True(c["train"]!.Select(v => (int)v).SequenceEqual(train), $"{c["name"]}: train indices differ");
            Assert.True(c["validation"]!.Select(v => (int)v).SequenceEqual(validation), $"{c["name"]}: validation indices differ");
        }
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
