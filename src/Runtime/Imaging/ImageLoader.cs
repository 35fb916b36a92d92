using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using EnsDsl.Runtime.Randomness;

namespace EnsDsl.Runtime.Imaging;

/// <summary>What the loader does with an image that cannot be decoded.</summary>
public enum CorruptImagePolicy
{
    /// <summary>Stop with an error naming the file (the default: a damaged dataset should be noticed).</summary>
    Fail,

    /// <summary>Leave the image out of its batch and count it (<see cref="ImageLoader.Skipped"/>).</summary>
    Skip,
}

/// <summary>How the loader works: decode/augment threads, batches prepared ahead, the corrupt-image policy.</summary>
/// <param name="Workers">Threads that decode and transform images.</param>
/// <param name="Prefetch">Batches prepared ahead of the consumer (each has its own reused buffer).</param>
/// <param name="OnCorrupt">What to do with an image that cannot be decoded.</param>
public sealed record LoaderOptions(int Workers, int Prefetch, CorruptImagePolicy OnCorrupt = CorruptImagePolicy.Fail)
{
    /// <summary>
    /// The default options: one worker per core, two batches ahead (at 224 px a batch of 256 takes 154 MB), corrupt
    /// images are errors. <c>ensdsl run --loader-workers N</c> passes other workers to the run (<see cref="Execution.ExecutionOptions"/>);
    /// the dataset's <c>corrupt=skip</c> sets the policy per dataset.
    /// </summary>
    public static LoaderOptions Default { get; } = new(Math.Max(1, Environment.ProcessorCount), 2);
}

/// <summary>
/// One batch of transformed images: <see cref="Count"/> images of 3 × <see cref="Height"/> × <see cref="Width"/>
/// normalised floats, channel-first, and their labels. Its arrays are the loader's reused buffers, valid until the
/// consumer asks for the next batch; copy what must outlive that (the engine copies them into a tensor).
/// </summary>
public sealed class ImageBatch
{
    internal ImageBatch(int capacity, int width, int height)
    {
        Pixels = new float[(long)capacity * 3 * width * height];
        Labels = new long[capacity];
        Indices = new int[capacity];
        Width = width;
        Height = height;
    }

    /// <summary>The pixel buffer; the first <c>Count · 3 · Height · Width</c> values are this batch's.</summary>
    public float[] Pixels { get; }

    /// <summary>The label buffer; the first <see cref="Count"/> values are this batch's.</summary>
    public long[] Labels { get; }

    /// <summary>The source index of each image, the first <see cref="Count"/> values.</summary>
    public int[] Indices { get; }

    /// <summary>Images in the batch (fewer than requested when corrupt images were skipped).</summary>
    public int Count { get; internal set; }

    /// <summary>Image width.</summary>
    public int Width { get; private set; }

    /// <summary>Image height.</summary>
    public int Height { get; private set; }

    /// <summary>This batch's pixel values.</summary>
    public ReadOnlySpan<float> Values => Pixels.AsSpan(0, Count * 3 * Width * Height);

    internal bool Fits(int count, int width, int height) => (long)count * 3 * width * height <= Pixels.Length && count <= Labels.Length;

    internal void Shape(int width, int height) => (Width, Height) = (width, height);
}

/// <summary>
/// A parallel image loader: worker threads decode and transform the images of upcoming batches into reused buffers
/// while the consumer trains on the current one, <see cref="LoaderOptions.Prefetch"/> batches ahead, and hand the
/// batches over in order. Every image's randomness comes from its own generator
/// (<c>randomFor(index)</c>), so results do not depend on the number of workers or on timing. Once warm, preparing a
/// batch allocates almost nothing (a few small objects per image), which keeps garbage collections rare while
/// libtorch is computing.
/// </summary>
public sealed class ImageLoader(IImageSource source, ImageTransform transform, LoaderOptions options)
{
    readonly ConcurrentDictionary<int, string> skipped = new();
    int running;

    /// <summary>Worker threads alive now (none once a consumer has finished or left the batches).</summary>
    internal int RunningWorkers => Volatile.Read(ref running);

    /// <summary>Corrupt images skipped so far (source index → file), under <see cref="CorruptImagePolicy.Skip"/>.</summary>
    public IReadOnlyDictionary<int, string> Skipped => skipped;

    sealed record Planned(int Start, int Count, int Width, int Height);

    sealed class Slot(ImageBatch batch)
    {
        public ImageBatch Batch = batch;
        public readonly ManualResetEventSlim Done = new(false);
        public int Remaining;
        public bool[] Failed = [];
        public ExceptionDispatchInfo? Error;
    }

    // Workers' buffers outlive a loader: the next pass (an evaluation after training, the next epoch) reuses them
    // instead of growing new ones.
    static readonly ConcurrentBag<Worker> Idle = [];

    sealed class Worker
    {
        // Buffers grow to the largest image seen; on these threads that must not start a collection while the
        // training thread is inside a native call (see GcSafeSection).
        public readonly PillowResample.Scratch Scratch = new() { Background = true };
        public readonly ImageDecoder Decoder = new() { Background = true };
    }

    /// <summary>
    /// The images at <paramref name="order"/> (source indices), in that order, in batches of at most
    /// <paramref name="batchSize"/>. Transforms of one output size make full batches; <see cref="Native"/> images
    /// are batched with their neighbours of the same size.
    /// </summary>
    /// <exception cref="CorruptImageException">An image cannot be decoded, under <see cref="CorruptImagePolicy.Fail"/>.</exception>
    public IEnumerable<ImageBatch> Batches(IReadOnlyList<int> order, int batchSize, Func<int, DetRandom> randomFor,
        CancellationToken cancellation = default)
    {
        var plan = Plan(order, batchSize);
        if (plan.Count == 0) yield break;
        int depth = Math.Max(1, Math.Min(options.Prefetch, plan.Count));
        var slots = Enumerable.Range(0, depth).Select(_ => new Slot(new ImageBatch(batchSize, plan[0].Width, plan[0].Height))).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var queue = new BlockingCollection<(Slot Slot, int Position, int Index, int Offset)>();
        var threads = Enumerable.Range(0, Math.Max(1, options.Workers)).Select(w => new Thread(() => Work(queue, randomFor, stop.Token))
        {
            IsBackground = true,
            Name = $"ensdsl-loader-{w}",
        }).ToArray();
        foreach (var t in threads) t.Start();

        void Fill(int b)
        {
            var p = plan[b];
            var slot = slots[b % depth];
            if (!slot.Batch.Fits(p.Count, p.Width, p.Height)) slot.Batch = new ImageBatch(Math.Max(p.Count, batchSize), p.Width, p.Height);
            slot.Batch.Shape(p.Width, p.Height);
            slot.Batch.Count = p.Count;
            if (slot.Failed.Length < p.Count) slot.Failed = new bool[p.Count];
            Array.Clear(slot.Failed);
            slot.Error = null;
            slot.Remaining = p.Count;
            slot.Done.Reset();
            int image = 3 * p.Width * p.Height;
            for (int i = 0; i < p.Count; i++) queue.Add((slot, i, order[p.Start + i], i * image));
        }

        try
        {
            for (int b = 0; b < depth; b++) Fill(b);
            for (int b = 0; b < plan.Count; b++)
            {
                var slot = slots[b % depth];
                slot.Done.Wait(cancellation);
                slot.Error?.Throw();
                Compact(slot);
                if (slot.Batch.Count > 0) yield return slot.Batch;
                if (b + depth < plan.Count) Fill(b + depth);
            }
        }
        finally
        {
            stop.Cancel();
            queue.CompleteAdding();
            foreach (var t in threads) t.Join();
            foreach (var s in slots) s.Done.Dispose();
        }
    }

    void Work(BlockingCollection<(Slot Slot, int Position, int Index, int Offset)> queue, Func<int, DetRandom> randomFor, CancellationToken stop)
    {
        var worker = Idle.TryTake(out var idle) ? idle : new Worker();
        Interlocked.Increment(ref running);
        try
        {
            foreach (var (slot, position, index, offset) in queue.GetConsumingEnumerable(stop))
            {
                try
                {
                    var image = source.Load(index, worker.Decoder);
                    var geometry = transform.Plan(image.Width, image.Height, randomFor(index));
                    ImagePipeline.Render(image, geometry, worker.Scratch, slot.Batch.Pixels, offset);
                    slot.Batch.Labels[position] = source.Label(index);
                    slot.Batch.Indices[position] = index;
                }
                catch (CorruptImageException e) when (options.OnCorrupt == CorruptImagePolicy.Skip)
                {
                    slot.Failed[position] = true;
                    skipped[index] = e.Path;
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref slot.Error, ExceptionDispatchInfo.Capture(e), null);
                }
                if (Interlocked.Decrement(ref slot.Remaining) == 0) slot.Done.Set();
            }
        }
        catch (OperationCanceledException) { }
        finally
        {
            Idle.Add(worker);
            Interlocked.Decrement(ref running);
        }
    }

    static void Compact(Slot slot)
    {
        var batch = slot.Batch;
        int image = 3 * batch.Width * batch.Height, kept = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            if (slot.Failed[i]) continue;
            if (kept != i)
            {
                Array.Copy(batch.Pixels, (long)i * image, batch.Pixels, (long)kept * image, image);
                batch.Labels[kept] = batch.Labels[i];
                batch.Indices[kept] = batch.Indices[i];
            }
            kept++;
        }
        batch.Count = kept;
    }

    List<Planned> Plan(IReadOnlyList<int> order, int batchSize)
    {
        var plan = new List<Planned>();
        if (order.Count == 0) return plan;
        if (transform is not Native)
        {
            var (w, h) = transform.OutputSize(0, 0);
            for (int start = 0; start < order.Count; start += batchSize)
                plan.Add(new Planned(start, Math.Min(batchSize, order.Count - start), w, h));
            return plan;
        }
        // Native size: read every header first (in parallel), then cut batches where the size changes.
        var sizes = new (int Width, int Height)[order.Count];
        Parallel.For(0, order.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Workers) }, i =>
        {
            try { sizes[i] = source.Size(order[i]); }
            catch (CorruptImageException) when (options.OnCorrupt == CorruptImagePolicy.Skip) { sizes[i] = (-1, -1); }
        });
        int first = 0;
        for (int i = 1; i <= order.Count; i++)
            if (i == order.Count || sizes[i] != sizes[first] || i - first == batchSize)
            {
                var (w, h) = sizes[first].Width > 0 ? sizes[first] : (1, 1);
                plan.Add(new Planned(first, i - first, w, h));
                first = i;
            }
        return plan;
    }
}
