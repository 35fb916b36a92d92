using System.Runtime.CompilerServices;
using EnsDsl.Overrides;

namespace EnsDsl;

/// <summary>
/// The functions an experiment script calls without qualification (the script host imports this class
/// statically). Every function returns a value; nothing runs until the plan is executed.
/// </summary>
public static partial class Prelude
{
    /// <summary>
    /// A pre-trained checkpoint of a registered source: <c>byol</c> (BYOL ResNet-50), <c>supervised</c>
    /// (supervised ResNet-50) or <c>swin-t</c> (Swin-Tiny). Without <paramref name="checkpoint"/>, the source's first
    /// file by convention (e.g. <c>checkpoints/byol-1000ep-1.pt</c>).
    /// </summary>
    /// <param name="name">The source's name.</param>
    /// <param name="checkpoint">Path of the checkpoint file.</param>
    /// <param name="arch">Architecture, when it differs from the source's (e.g. <c>resnet18</c>).</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>Pretrained("byol")
    /// Pretrained("byol", Param("ckpt", "checkpoints/byol-1000ep-1.pt"))</code></example>
    public static Pretrained Pretrained(string name, string? checkpoint = null, string? arch = null,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var origin = CallSite.At(file, line, nameof(Pretrained));
        var source = FindSource(name, origin);
        var architecture = arch is null ? source.Arch
            : Architecture.TryParse(arch) ?? throw new DslException(
                $"unknown architecture '{arch}'{DidYouMean(arch, Architecture.KnownNames)}; known: {string.Join(", ", Architecture.KnownNames)}",
                origin, DiagnosticCodes.UnknownName);
        return new EnsDsl.Pretrained(source, checkpoint ?? source.Checkpoint(1), architecture) { Origin = origin };
    }

    /// <summary>
    /// The paths of the first <paramref name="n"/> checkpoints of a source under its naming convention, for Global DE
    /// and sweeps over pre-trainings.
    /// </summary>
    /// <param name="source">The source's name.</param>
    /// <param name="n">How many (the paper has 5 per source).</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>from ckpt in Checkpoints("byol", 2) select Pretrained("byol", ckpt).FineTune()</code></example>
    public static IReadOnlyList<string> Checkpoints(string source, int n, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var origin = CallSite.At(file, line, nameof(Checkpoints));
        var s = FindSource(source, origin);
        if (n < 1) throw new DslException($"Checkpoints(\"{source}\", {n}): ask for at least one", origin);
        return [.. Enumerable.Range(1, n).Select(s.Checkpoint)];
    }

    /// <summary>A random initialisation of an architecture (training from scratch).</summary>
    /// <param name="arch">Architecture name, e.g. <c>cifar-resnet8x16</c> or <c>resnet18</c>.</param>
    /// <param name="seed">Initialisation seed (derived when omitted).</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>Scratch("cifar-resnet8x16", seed: 1).Train(40, data: EmbeddedTarget())</code></example>
    public static Scratch Scratch(string arch, int? seed = null, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var origin = CallSite.At(file, line, nameof(Scratch));
        var architecture = Architecture.TryParse(arch) ?? throw new DslException(
            $"unknown architecture '{arch}'{DidYouMean(arch, Architecture.KnownNames)}; known: {string.Join(", ", Architecture.KnownNames)}",
            origin, DiagnosticCodes.UnknownName);
        return new EnsDsl.Scratch(architecture, seed) { Origin = origin };
    }

    /// <summary>
    /// Trains a model from scratch on a source task: what plays the pre-trained checkpoints of a small transfer
    /// experiment (each seed is one "pre-training", the Global DE axis). Fine-tune the result on the target.
    /// (<see cref="Pretrained(string, string?, string?, string, int)"/>, by contrast, loads a checkpoint.)
    /// </summary>
    /// <param name="source">The source dataset.</param>
    /// <param name="arch">Architecture name.</param>
    /// <param name="epochs">Epochs.</param>
    /// <param name="lr">Peak LR of the cosine schedule.</param>
    /// <param name="wd">Weight decay (SGD, momentum 0.9).</param>
    /// <param name="seed">Seed of initialisation and training (derived when omitted).</param>
    /// <param name="batchSize">Batch size.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>var backbone = TrainOnSource(EmbeddedSource(), epochs: 8, lr: 0.1, seed: 1);
    /// var model = backbone.FineTune(EmbeddedTarget());</code></example>
    public static Model TrainOnSource(Dataset source, string arch = "cifar-resnet8x16", int epochs = 8, double lr = 0.1, double wd = 5e-4,
        int? seed = null, int batchSize = 64, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var origin = CallSite.At(file, line, nameof(TrainOnSource));
        var init = Scratch(arch, seed, file, line) with { Origin = origin };
        return init.TrainAt(origin, "pre-train", epochs, new CosineSchedule(lr), new Sgd(0.9, wd), seed, false, source, null, null, batchSize, true);
    }

    /// <summary>Renamed <see cref="TrainOnSource"/>: <c>Pretrain</c> and <c>Pretrained</c> read alike and meant opposite things.</summary>
    /// <param name="source">The source dataset.</param>
    /// <param name="arch">Architecture name.</param>
    /// <param name="epochs">Epochs.</param>
    /// <param name="lr">Peak LR.</param>
    /// <param name="wd">Weight decay.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="batchSize">Batch size.</param>
    /// <example><code>TrainOnSource(EmbeddedSource(), epochs: 8, lr: 0.1, seed: 1)   // instead of Pretrain(…)</code></example>
    [Obsolete("Pretrain is now TrainOnSource (same arguments): it trains from scratch on a source task; Pretrained(...) loads a checkpoint", error: true)]
    public static Model Pretrain(Dataset source, string arch = "cifar-resnet8x16", int epochs = 8, double lr = 0.1, double wd = 5e-4,
        int? seed = null, int batchSize = 64) => throw new NotSupportedException("renamed: TrainOnSource");

    static PretrainedSource FindSource(string name, Origin origin) =>
        PretrainedSources.Find(name) ?? throw new DslException(
            $"unknown pre-trained source '{name}'{DidYouMean(name, PretrainedSources.All.Select(s => s.Name))}; known: {string.Join(", ", PretrainedSources.All.Select(s => s.Name))}",
            origin, DiagnosticCodes.UnknownName);

    static string DidYouMean(string name, IEnumerable<string> known) =>
        Suggest.Nearest(name, known) is { } s ? $" (did you mean '{s}'?)" : "";
}
