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
    public void A_background_allocation_waits_for_a_moment_without_sections_but_not_forever()
    {
        var section = GcSafeSection.Enter();
        using var done = new ManualResetEventSlim();
        byte[]? buffer = null;
        var worker = new Thread(() => { buffer = GcSafeSection.Between(() => new byte[1 << 20]); done.Set(); });
        worker.Start();
        Assert.False(done.Wait(GcSafeSection.BetweenWait / 2), "the allocation ran inside an open section");
        section.Dispose();
        Assert.True(done.Wait(30_000), "the allocation never ran");
        worker.Join();
        Assert.Equal(1 << 20, buffer!.Length);

        // Inside a section that lasts (a node run in one section, reading through its own loader) it gives up waiting.
        using (GcSafeSection.Enter())
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var late = new Thread(() => GcSafeSection.Between(() => new byte[16]));
            late.Start();
            Assert.True(late.Join(30_000), "the allocation waited for ever");
            Assert.True(watch.Elapsed >= GcSafeSection.BetweenWait * 0.9, $"it did not wait: {watch.Elapsed}");
        }
    }

    [Fact]
    public void Sections_nest_and_release_even_when_work_throws()
    {
        Assert.True(GcSafeSection.Open == 0, $"{GcSafeSection.Open} section(s) left open by earlier work");
        try
        {
            using var outer = GcSafeSection.Enter();
            using var inner = GcSafeSection.Enter();
            throw new InvalidOperationException("work failed");
        }
        catch (InvalidOperationException) { }
        // No count was left behind: a later section is at a safe point again, where a spent region is renewed. (Counted
        // as renewals, not as this thread's collections: a test host's own threads may reach a safe point first.)
        // A section entered while another thread holds one is not at a safe point (a test host's or an earlier test's
        // thread may hold one for a moment): so the property is that a safe point comes, and renews, within a second.
        long before;
        using (GcSafeSection.Enter()) { before = GcSafeSection.Renewals; var spend = new byte[GcSafeSection.Budget / 2 + 1024]; GC.KeepAlive(spend); }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (GcSafeSection.Renewals == before && clock.Elapsed < TimeSpan.FromSeconds(1))
        {
            using (GcSafeSection.Enter()) { }
            Thread.Sleep(1);
        }
        Assert.True(GcSafeSection.Renewals > before, $"no safe point renewed the region within a second ({GcSafeSection.Open} section(s) open)");
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
