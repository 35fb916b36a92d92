using EnsDsl.Planning;

namespace EnsDsl;

/// <summary>
/// The training loss: cross-entropy, optionally with label smoothing and Mixup/CutMix soft targets
/// (the Swin recipe: smoothing 0.1, Mixup α 0.8, CutMix α 1.0, switch probability 0.5).
/// </summary>
/// <param name="LabelSmoothing">Smoothing ε in [0, 1).</param>
/// <param name="Mixup">Mixup α; 0 disables it.</param>
/// <param name="CutMix">CutMix α; 0 disables it.</param>
public sealed record Loss(double LabelSmoothing = 0, double Mixup = 0, double CutMix = 0)
{
    /// <summary>Plain cross-entropy.</summary>
    public static Loss CrossEntropy { get; } = new();

    /// <summary>A one-line description.</summary>
    public string Describe() => this == CrossEntropy ? "CE"
        : $"soft-target CE (smoothing {LabelSmoothing}, mixup {Mixup}, cutmix {CutMix})";

    /// <summary>The canonical form hashed into node ids.</summary>
    public SortedDictionary<string, object?> ToCanonical() =>
        Canon.Map(("label_smoothing", LabelSmoothing), ("mixup", Mixup), ("cutmix", CutMix));
}
