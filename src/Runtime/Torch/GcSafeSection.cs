using System.Runtime;

namespace EnsDsl.Runtime.Torch;

/// <summary>
/// Runs TorchSharp work where no .NET garbage collection can free an object that libtorch is still reading.
/// TorchSharp 0.107 passes a Scalar's native handle to libtorch without keeping the managed Scalar alive
/// (implicit conversions such as BatchNorm's <c>num_batches_tracked.add_(1)</c> or the <c>alpha</c> of <c>a + b</c>);
/// a collection during the native call lets the finalizer free it mid-operation. Seen: "Unknown scalar type" in a
/// training run, and 23–50 failures plus silently wrong counts per 100,000 BatchNorm forward passes under allocation
/// pressure (tests/Runtime.Tests/Torch/GcSafeSectionTests).
/// <para>A section is a unit of work such as one training or evaluation batch. Collections are kept out of sections
/// by a no-GC region. When the first thread enters a section while no other is open, nothing native is in flight: a
/// safe point. There, once half the region's budget is spent, the region is renewed, and the renewal's collection
/// happens at that safe point. (A collection triggered by the training thread's own allocation happens at a managed
/// allocation point, never inside a native call; the danger is a collection triggered by another thread.) With
/// several threads training at once (--jobs), safe points are rarer, and a long overlap can exhaust the region.</para>
/// </summary>
public static class GcSafeSection
{
    /// <summary>Managed bytes that may be allocated in a region without a collection.</summary>
    public const long Budget = 8L << 20;

    static readonly object Gate = new();
    static int open;
    static long regionStart;
    static long renewals;

    /// <summary>Sections open now, on all threads.</summary>
    internal static int Open
    {
        get { lock (Gate) return open; }
    }

    /// <summary>How many times a safe point has collected and started a new region, in this process.</summary>
    internal static long Renewals
    {
        get { lock (Gate) return renewals; }
    }

    /// <summary>Enters a section; dispose the result when the unit of work is done.</summary>
    public static Section Enter()
    {
        lock (Gate)
        {
            if (open++ == 0) SafePoint();
        }
        return default;
    }

    /// <summary>
    /// Runs <paramref name="allocate"/> — a large, rare allocation on a thread that computes no tensors, such as an
    /// image-loader worker growing a buffer to a new largest image — at a moment when no section is open, keeping
    /// sections from opening meanwhile, so that a collection it may start cannot happen inside a native call. It waits
    /// for such a moment at most <see cref="BetweenWait"/>: a node that runs in one long section (an evaluation reading
    /// through the loader) has none, and must not wait for its own loader.
    /// </summary>
    public static T Between<T>(Func<T> allocate)
    {
        lock (Gate)
        {
            var deadline = Environment.TickCount64 + (long)BetweenWait.TotalMilliseconds;
            while (open > 0 && Environment.TickCount64 < deadline) Monitor.Wait(Gate, BetweenWait);
            return allocate();
        }
    }

    /// <summary>The longest <see cref="Between"/> waits for a moment without sections.</summary>
    public static readonly TimeSpan BetweenWait = TimeSpan.FromMilliseconds(100);

    static void SafePoint()
    {
        bool active = GCSettings.LatencyMode == GCLatencyMode.NoGCRegion;
        if (active && GC.GetTotalAllocatedBytes() - regionStart < Budget / 2) return;
        if (active) GC.EndNoGCRegion();
        // Collect here, at the safe point: garbage must not wait until a region runs out at an arbitrary moment.
        GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        renewals++;
        try
        {
            GC.TryStartNoGCRegion(Budget);
            regionStart = GC.GetTotalAllocatedBytes();
        }
        catch (ArgumentOutOfRangeException) { }       // a budget this GC cannot grant: go on without a region
        catch (InvalidOperationException) { }
    }

    /// <summary>An open section.</summary>
    public readonly struct Section : IDisposable
    {
        /// <summary>Leaves the section.</summary>
        public void Dispose()
        {
            lock (Gate)
                if (--open == 0) Monitor.PulseAll(Gate);
        }
    }
}
