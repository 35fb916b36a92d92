using EnsDsl.Runtime.Torch;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Torch;

/// <summary>
/// No collection happens inside a <see cref="GcSafeSection"/>, so no finalizer frees a TorchSharp Scalar that libtorch
/// is reading. Without sections, BatchNorm forward passes under allocation pressure failed 23–50 times per 100,000
/// ("Unknown scalar type") and lost up to 29 increments of num_batches_tracked silently.
/// </summary>
[Collection(nameof(GcSafeSectionTests))]
public class GcSafeSectionTests
{
    [Fact]
    public void No_collection_happens_inside_a_section_under_the_budget()
    {
        using (GcSafeSection.Enter())
        {
            int before = GC.CollectionCount(0);
            var keep = new List<byte[]>();
            for (int i = 0; i < GcSafeSection.Budget / 4 / 1024; i++) keep.Add(new byte[1024]);   // a quarter of the budget
            Assert.Equal(before, GC.CollectionCount(0));
        }
    }

    [Fact]
    public void Sections_nest_and_release_even_when_work_throws()
    {
        try
        {
            using var outer = GcSafeSection.Enter();
            using var inner = GcSafeSection.Enter();
            throw new InvalidOperationException("work failed");
        }
        catch (InvalidOperationException) { }
        // No count was left behind: a later section is at a safe point again, where a spent region is renewed.
        using (GcSafeSection.Enter()) { var spend = new byte[GcSafeSection.Budget / 2 + 1024]; GC.KeepAlive(spend); }
        int before = GC.CollectionCount(0);
        using (GcSafeSection.Enter()) { }
        Assert.True(GC.CollectionCount(0) > before, "the safe point did not renew the region");
    }

    [Fact]
    public void BatchNorm_counts_every_forward_pass_exactly()
    {
        var bn = nn.BatchNorm2d(4);
        bn.train();
        var x = randn(2, 4, 3, 3);
        const int Passes = 20_000;
        for (int i = 0; i < Passes; i++)
        {
            using var section = GcSafeSection.Enter();
            using var scope = NewDisposeScope();
            bn.call(x);
            _ = x + x;
        }
        Assert.Equal(Passes, bn.num_batches_tracked!.item<long>());
    }
}

/// <summary>The section tests run alone: their guarantee is about a process whose other threads allocate little.</summary>
[CollectionDefinition(nameof(GcSafeSectionTests), DisableParallelization = true)]
public class GcSafeSectionCollection;
