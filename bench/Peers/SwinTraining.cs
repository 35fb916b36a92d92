using System.Diagnostics;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Training;
using static EnsDsl.Prelude;
using static TorchSharp.torch;

namespace EnsDsl.Bench;

/// <summary>
/// Swin training throughput (bench/swin.sh): the engine's Trainer with the step the Swin recipe trains with, minus the
/// parts that are not compute (the transform, Mixup/CutMix's draws): AdamW (wd 0.05, none on 1-D weights), label
/// smoothing 0.1, gradient clipping at 5, drop-path 0.1, fp32. bench/Peers/swin_peer.py does the same in PyTorch.
/// The optimizer state is created, and the model warmed up on one batch, before the timer starts, on both sides.
/// </summary>
static class SwinTraining
{
    const double Lr = 1e-4, Wd = 0.05, Clip = 5.0, Smoothing = 0.1, DropPath = 0.1;

    public static int Train(string arch, int size, int batch, int steps, int classes, string prefix, int measurements, int threads)
    {
        set_num_threads(threads);
        var data = SharedData.Read(prefix, size, classes);
        if (data.Count != batch * steps) throw new ArgumentException($"{prefix} holds {data.Count} images, not {batch}×{steps}");
        var step = new TrainStep(EmbeddedSource(), 1, new ConstantSchedule(Lr), false, new AdamW(Wd), batch, Head.New,
            true, 1, Lr, new Loss(LabelSmoothing: Smoothing), Transform.None, 0, Clip, false, false, "bench") { DropPath = DropPath };
        for (int i = 0; i <= measurements; i++)           // the first is warm-up, on one batch
        {
            var split = i == 0 ? (TensorSplit)data.Subset([.. Enumerable.Range(0, batch)]) : data;
            using var model = Networks.Create(Architecture.Parse(arch), classes, Generators.For(1, "init"), DropPath);
            using var optimizer = TensorOptimizer.Create(step.Optimizer, model.named_parameters().Select(p => (p.name, p.parameter)));
            var watch = Stopwatch.StartNew();
            Trainer.Run(model, optimizer, step, 1, split, 0, CPU, _ => { }, CancellationToken.None);
            if (i > 0) Console.WriteLine($"RESULT train {arch}@{size}px,b{batch} engine {split.Count / watch.Elapsed.TotalSeconds:F3}");
        }
        return 0;
    }
}
