using EnsDsl.Runtime.Randomness;
using EnsDsl.Runtime.Torch;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EnsDsl.Runtime.Training;

/// <summary>The loss became NaN or infinite: the step diverged.</summary>
public sealed class NonFiniteLossException(int epoch, double loss)
    : Exception($"the training loss became {(double.IsNaN(loss) ? "NaN" : "infinite")} in epoch {epoch}; the step diverged (learning rate too high?)")
{
    /// <summary>The 1-based epoch in which it happened.</summary>
    public int Epoch { get; } = epoch;
}

/// <summary>What happened in one epoch.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Epochs">Epochs of the step.</param>
/// <param name="Loss">Mean training loss.</param>
/// <param name="Accuracy">Training accuracy (on augmented batches).</param>
/// <param name="Seconds">Duration of the epoch.</param>
/// <param name="ImagesPerSecond">Training throughput.</param>
public sealed record EpochReport(int Epoch, int Epochs, double Loss, double Accuracy, double Seconds, double ImagesPerSecond)
{
    /// <summary>Test accuracy and NLL after this epoch, when the run evaluates every epoch (<c>--test-every-epoch</c>).</summary>
    public (double Accuracy, double Nll)? Test { get; init; }
}

/// <summary>How far an epoch has got, after a batch (for progress within long epochs).</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Epochs">Epochs of the step.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches of an epoch.</param>
/// <param name="Images">Images trained on in this epoch so far.</param>
/// <param name="Seconds">Time since the epoch began.</param>
public sealed record BatchProgress(int Epoch, int Epochs, int Batch, int Batches, long Images, double Seconds)
{
    /// <summary>Training throughput so far in this epoch.</summary>
    public double ImagesPerSecond => Images / Math.Max(Seconds, 1e-9);

    /// <summary>Time left in this epoch at the throughput so far.</summary>
    public TimeSpan EpochLeft => TimeSpan.FromSeconds(Batch == 0 ? 0 : Seconds / Batch * (Batches - Batch));
}

/// <summary>
/// Trains one step of a plan: the schedule gives the LR (and cyclic momentum) at every epoch or batch exactly, every
/// batch runs in a dispose scope, and all randomness comes from generators derived from the seed and the epoch.
/// After each epoch, <c>epochEnded</c> runs (the runner saves the resumable state there); after each batch,
/// <c>batchDone</c> (progress displays throttle it).
/// </summary>
public static class Trainer
{
    /// <summary>Batches per epoch for <paramref name="count"/> images.</summary>
    public static int BatchesPerEpoch(TrainStep step, int count)
    {
        int batchSize = Math.Min(step.BatchSize, count);
        return step.DropLast ? count / batchSize : (count + batchSize - 1) / batchSize;
    }

    /// <summary>Trains <paramref name="model"/> from epoch <paramref name="startEpoch"/> (0-based) to the step's end.</summary>
    public static void Run(Module<Tensor, Tensor> model, TensorOptimizer optimizer, TrainStep step, long seed, DataSplit data,
        int startEpoch, Device device, Action<EpochReport> epochEnded, CancellationToken cancellation, Action<BatchProgress>? batchDone = null)
    {
        int count = data.Count, batchSize = Math.Min(step.BatchSize, count), batches = BatchesPerEpoch(step, count);
        long ticksPerEpoch = step.PerBatch ? batches : 1, span = step.Epochs * ticksPerEpoch;
        var parameters = model.parameters().ToList();
        double smoothing = step.Loss.LabelSmoothing;
        bool mixing = step.Loss.Mixup > 0 || step.Loss.CutMix > 0;

        for (int epoch = startEpoch; epoch < step.Epochs; epoch++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            model.train();
            // Drop-path's coins for this epoch (the previous epoch's generator is released here, not by a finalizer).
            if (model is Models.SwinTransformer swin)
            {
                swin.DropPathGenerator?.Dispose();
                swin.DropPathGenerator = Generators.For(seed, "drop-path", epoch);
            }
            using var order = Order(count, seed, epoch);
            using var lossSum = zeros(1, dtype: ScalarType.Float64);
            using var correct = zeros(1, dtype: ScalarType.Int64);
            long seen = 0;
            int b = 0;
            foreach (var (images, labels) in data.Training(order, batchSize, batches, seed, epoch))
            {
                cancellation.ThrowIfCancellationRequested();
                using var section = GcSafeSection.Enter();
                using var batch = images;
                using var batchLabels = labels;
                using var scope = NewDisposeScope();
                int length = (int)labels.shape[0];
                var y = labels.to(device);
                // Mixup/CutMix (timm's batch mode): mixed images, smoothed soft targets, soft-target cross-entropy.
                var mix = mixing ? MixDraw.Draw(step.Loss, (int)images.shape[^2], (int)images.shape[^1], Randomness.DetRandom.For(seed, $"mixup/{epoch}/{b}")) : null;
                var x = ConvolutionLayout.ForNetwork(mix is null ? images.to(device) : mix.Images(images.to(device)));
                long tick = step.PerBatch ? epoch * ticksPerEpoch + b : epoch;

                model.zero_grad();
                var logits = model.call(x);
                var loss = mix is null
                    ? functional.cross_entropy(logits, y, label_smoothing: smoothing)
                    : MixDraw.SoftTargetCrossEntropy(logits, mix.Targets(y, (int)logits.shape[1], smoothing));
                loss.backward();
                if (step.ClipGradNorm is { } clip) TorchSharp.torch.nn.utils.clip_grad_norm_(parameters, clip);
                optimizer.Step(step.Schedule.Lr(tick, span, ticksPerEpoch), step.Schedule.Momentum(tick, span, ticksPerEpoch));

                lossSum.add_(loss.detach().to(ScalarType.Float64).cpu() * length);
                correct.add_(logits.detach().argmax(1).eq(y).sum().cpu());
                seen += length;
                if (b % 50 == 49) CheckFinite(lossSum, seen, epoch);
                b++;
                batchDone?.Invoke(new BatchProgress(epoch + 1, step.Epochs, b, batches, seen, watch.Elapsed.TotalSeconds));
            }
            var meanLoss = CheckFinite(lossSum, seen, epoch);
            var seconds = watch.Elapsed.TotalSeconds;
            epochEnded(new EpochReport(epoch + 1, step.Epochs, meanLoss, correct.item<long>() / (double)seen, seconds, seen / Math.Max(seconds, 1e-9)));
        }
    }

    // The epoch's data order. The generator is read by libtorch: no collection may finalize it meanwhile.
    static Tensor Order(int count, long seed, int epoch)
    {
        using var section = GcSafeSection.Enter();
        var generator = Generators.For(seed, "order", epoch);
        var order = randperm(count, generator: generator).DetachFromDisposeScope();
        GC.KeepAlive(generator);
        return order;
    }

    static double CheckFinite(Tensor lossSum, long seen, int epoch)
    {
        var mean = lossSum.item<double>() / seen;
        return double.IsFinite(mean) ? mean : throw new NonFiniteLossException(epoch + 1, mean);
    }
}
