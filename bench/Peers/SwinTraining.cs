using static EnsDsl.Prelude;

namespace EnsDsl.Bench;

/// <summary>
/// The step the Swin benchmark (bench/swin.sh) times the engine with: the Swin recipe's compute, minus the parts that
/// are not compute (the transform, Mixup/CutMix's draws) — AdamW (wd 0.05, none on 1-D weights), label smoothing 0.1,
/// gradient clipping at 5, drop-path 0.1, fp32. bench/Peers/swin_peer.py does the same in PyTorch.
/// </summary>
static class SwinTraining
{
    const double Lr = 1e-4, Wd = 0.05, Clip = 5.0, Smoothing = 0.1;

    /// <summary>The Swin's stochastic depth (the last block's rate).</summary>
    public const double DropPath = 0.1;

    /// <summary>The step for batches of <paramref name="batch"/>.</summary>
    public static TrainStep Step(int batch) => new(EmbeddedSource(), 1, new ConstantSchedule(Lr), false, new AdamW(Wd), batch, Head.New,
        true, 1, Lr, new Loss(LabelSmoothing: Smoothing), Transform.None, 0, Clip, false, false, "bench") { DropPath = DropPath };
}
