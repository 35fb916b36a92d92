using System.Globalization;

namespace EnsDsl;

/// <summary>How a checkpoint file wraps its state dict (the formats the paper's checkpoints come in).</summary>
public enum CheckpointFormat
{
    /// <summary><c>{'model_state': state_dict}</c>: the authors' BYOL files.</summary>
    ModelState,
    /// <summary><c>{'state_dict': state_dict}</c> with <c>module.</c> prefixes: Ashukha et al.'s supervised ResNet-50.</summary>
    StateDict,
    /// <summary><c>{'model': state_dict}</c>: the Swin checkpoints.</summary>
    Model,
    /// <summary>A bare state dict (torchvision naming).</summary>
    Bare,
}

/// <summary>
/// A named source of pre-trained weights, like a timm pretrained config: its architecture, where its
/// checkpoints are by convention, how the files are wrapped, and the recipe for fine-tuning from it.
/// </summary>
/// <param name="Name">The name used in <c>Pretrained("…")</c>.</param>
/// <param name="Arch">The architecture of its checkpoints.</param>
/// <param name="CheckpointPattern">Path of checkpoint <c>{i}</c> (1-based), relative to the working directory.</param>
/// <param name="Format">How the files wrap the state dict.</param>
/// <param name="Recipe">The fine-tuning recipe (the paper's CIFAR-100 configs).</param>
/// <param name="Description">Where the checkpoints come from.</param>
public sealed record PretrainedSource(
    string Name, Architecture Arch, string CheckpointPattern, CheckpointFormat Format, Recipe Recipe, string Description)
{
    /// <summary>The format's name as the checkpoint's top-level key: model_state, state_dict, model or bare.</summary>
    public string FormatName => Format switch
    {
        CheckpointFormat.ModelState => "model_state",
        CheckpointFormat.StateDict => "state_dict",
        CheckpointFormat.Model => "model",
        _ => "bare",
    };

    /// <summary>Path of checkpoint <paramref name="index"/> (1-based) under the naming convention.</summary>
    public string Checkpoint(int index) => CheckpointPattern.Replace("{i}", index.ToString(CultureInfo.InvariantCulture));
}

/// <summary>The registry of named pre-trained sources: <c>byol</c>, <c>supervised</c>, <c>swin-t</c>.</summary>
public static class PretrainedSources
{
    /// <summary>
    /// BYOL ResNet-50 (self-supervised, ImageNet, 1000 epochs), the authors' files <c>byol-1000ep-{1..5}.pt</c>.
    /// Recipe: SGD momentum 0.9, lr 0.05, wd 1e-4 on all parameters, cosine per epoch, 25 epochs, batch 256, 224 px,
    /// the authors' transforms on float tensors (<see cref="Transform.ImageNetTensor"/>).
    /// </summary>
    public static PretrainedSource Byol { get; } = new("byol", Architecture.ResNet50, "checkpoints/byol-1000ep-{i}.pt",
        CheckpointFormat.ModelState,
        new Recipe(25, 0.05, new Sgd(0.9, 1e-4), new CosineRecipe(), 256, Transform.ImageNetTensor, 224, Loss.CrossEntropy),
        "BYOL ResNet-50 (self-supervised on ImageNet), the authors' checkpoints");

    /// <summary>
    /// Supervised ResNet-50 (ImageNet) from Ashukha et al. 2020, files <c>ckpt_{1..5}.pth.tar</c>.
    /// Recipe: SGD momentum 0.9, lr 0.005, wd 5e-4, cosine, 25 epochs, batch 256, 224 px, the authors' transforms on
    /// float tensors (<see cref="Transform.ImageNetTensor"/>).
    /// </summary>
    public static PretrainedSource Supervised { get; } = new("supervised", Architecture.ResNet50, "checkpoints/ckpt_{i}.pth.tar",
        CheckpointFormat.StateDict,
        new Recipe(25, 0.005, new Sgd(0.9, 5e-4), new CosineRecipe(), 256, Transform.ImageNetTensor, 224, Loss.CrossEntropy),
        "supervised ResNet-50 on ImageNet (SamsungLabs/pytorch-ensembles)");

    /// <summary>
    /// Supervised Swin-Tiny (ImageNet), files <c>swin_{1..5}.pth</c>. Recipe: AdamW (0.9, 0.999), lr 1e-4,
    /// wd 0.25 without decay on 1-D parameters, 102 epochs with a 10-epoch linear warm-up from 5e-7, batch 256
    /// (drop last), AMP, gradient clipping 5.0, label smoothing 0.1, Mixup 0.8, CutMix 1.0, drop-path 0.1.
    /// </summary>
    public static PretrainedSource SwinTiny { get; } = new("swin-t", Architecture.SwinTiny, "checkpoints/swin_{i}.pth",
        CheckpointFormat.Model,
        new Recipe(102, 1e-4, new AdamW(Wd: 0.25), new LinearWarmupCosineRecipe(0.1, 5e-7), 256, Transform.Swin, 224,
            new Loss(LabelSmoothing: 0.1, Mixup: 0.8, CutMix: 1.0), ClipGradNorm: 5.0, Amp: true, DropLast: true, DropPath: 0.1),
        "supervised Swin-Tiny on ImageNet, the authors' checkpoints");

    /// <summary>Every registered source.</summary>
    public static IReadOnlyList<PretrainedSource> All { get; } = [Byol, Supervised, SwinTiny];

    /// <summary>The source called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static PretrainedSource? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
