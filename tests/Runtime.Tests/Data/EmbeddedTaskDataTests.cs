using EnsDsl.Runtime.Data;

namespace EnsDsl.Runtime.Tests.Data;

public class EmbeddedTaskDataTests
{
    [Theory]
    [InlineData(EmbeddedTask.Source, 40, 250 * 40, 25 * 40)]
    [InlineData(EmbeddedTask.Target, 20, 10 * 20, 50 * 20)]
    public void Tasks_have_the_documented_sizes(EmbeddedTask task, int classes, int train, int test)
    {
        var splits = EmbeddedTaskData.Generate(task, 0);
        Assert.Equal((classes, train, test), (splits.Train.Classes, splits.Train.Count, splits.Test.Count));
        Assert.Equal(train * 3 * 20 * 20, splits.Train.Pixels.Length);
        Assert.All(Enumerable.Range(0, classes), c => Assert.Equal(train / classes, splits.Train.Labels.Count(l => l == c)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_images_and_another_seed_others()
    {
        var a = EmbeddedTaskData.Generate(EmbeddedTask.Target, 3);
        var b = EmbeddedTaskData.Generate(EmbeddedTask.Target, 3);
        var c = EmbeddedTaskData.Generate(EmbeddedTask.Target, 4);
        Assert.Equal(a.Train.Pixels, b.Train.Pixels);
        Assert.Equal(a.Test.Pixels, b.Test.Pixels);
        Assert.NotEqual(a.Train.Pixels, c.Train.Pixels);
        Assert.NotEqual(a.Train.Pixels, a.Test.Pixels.Take(a.Train.Pixels.Length).ToArray());
    }

    [Fact]
    public void Source_and_target_classes_are_disjoint_pairs_of_shared_primitives()
    {
        var source = EmbeddedTaskData.ClassPairs(EmbeddedTask.Source, 0);
        var target = EmbeddedTaskData.ClassPairs(EmbeddedTask.Target, 0);
        Assert.Empty(source.Intersect(target));
        Assert.All(source.Concat(target), p => Assert.True(p.A < p.B && p.B < EmbeddedTaskData.Primitives));
        Assert.Equal(12, target.SelectMany(p => new[] { p.A, p.B }).Concat(source.SelectMany(p => new[] { p.A, p.B })).Distinct().Count());
    }

    [Fact]
    public void Images_are_noise_plus_two_coloured_primitives()
    {
        var set = EmbeddedTaskData.Generate(EmbeddedTask.Target, 0).Train;
        var pixels = set.Pixels;
        double mean = pixels.Average(p => (double)p);
        Assert.InRange(mean, 0.02, 0.07);         // noise has mean 0; two primitives (~12 of 400 pixels each) add colour ~0.65
        Assert.InRange(Math.Sqrt(pixels.Average(p => (p - mean) * (p - mean))), 0.45, 0.7);
    }

    [Fact]
    public void Generation_takes_about_a_second_at_most()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        EmbeddedTaskData.Generate(EmbeddedTask.Source, 11);
        Assert.True(watch.Elapsed.TotalSeconds < 10, $"{watch.Elapsed.TotalSeconds:F1} s");   // a sanity bound, not a benchmark
    }
}
