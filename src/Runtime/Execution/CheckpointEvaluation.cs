using System.Runtime.InteropServices;
using EnsDsl.Runtime.Checkpoints;
using EnsDsl.Runtime.Data;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Scoring;
using EnsDsl.Runtime.Torch;
using EnsDsl.Runtime.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Execution;

/// <summary>A user mistake in what to evaluate: the message says what is wrong and what to do.</summary>
public sealed class EvaluationInputException(string message) : Exception(message);

/// <summary>The scores of one checkpoint on one dataset's test split.</summary>
/// <param name="Checkpoint">The file read.</param>
/// <param name="Architecture">The network it was loaded into.</param>
/// <param name="Data">The dataset spec.</param>
/// <param name="Images">Test images scored.</param>
/// <param name="Classes">Classes of the head.</param>
/// <param name="Scores">The scores.</param>
public sealed record CheckpointScores(string Checkpoint, string Architecture, string Data, int Images, int Classes, Scores Scores);

/// <summary>How <c>ensdsl eval</c> prepares test images (<c>--transform</c>).</summary>
public enum EvaluationTransform
{
    /// <summary><c>test</c>: the authors' Resize(256) + CenterCrop(224), on float tensors as their code resizes (<see cref="Transform.ImageNetTensor"/>).</summary>
    Test,
    /// <summary><c>pil</c>: the same, resized as torchvision resizes PIL images (<see cref="Transform.ImageNet"/>: Pillow's antialiased filter).</summary>
    Pil,
    /// <summary><c>none</c>: the images at their own size, normalised only.</summary>
    None,
}

/// <summary><c>ensdsl eval</c>: one checkpoint's test scores, outside any plan, with the runners' model loading and scoring.</summary>
public static class CheckpointEvaluation
{
    /// <summary>
    /// Loads <paramref name="checkpoint"/> into <paramref name="architecture"/> (null: the architecture its keys and
    /// shapes imply) and scores it on the test split of
    /// <paramref name="dataSpec"/>, with <paramref name="transform"/>: <c>test</c> (the authors' Resize(256) +
    /// CenterCrop(224), on float tensors as their code computes it), <c>pil</c> (the same through Pillow, as
    /// torchvision's PIL pipeline), <c>none</c> (the images at their own size, normalised only), or null for <c>test</c>
    /// on image datasets and <c>none</c> on the embedded tasks (which exist at their own size only).
    /// </summary>
    /// <exception cref="EvaluationInputException">A missing or unreadable file, an unknown architecture, dataset or transform, or weights that do not fit.</exception>
    public static CheckpointScores Run(string checkpoint, string? architecture, string dataSpec, string device = "auto", bool meanPerClass = false,
        string? transform = null)
    {
        var given = architecture is null ? null : EnsDsl.Architecture.TryParse(architecture)
            ?? throw new EvaluationInputException($"--arch {architecture}: unknown architecture; known: {string.Join(", ", EnsDsl.Architecture.KnownNames)}");
        var weights = Read(checkpoint);
        // The keys and shapes tell the architecture as 'ensdsl inspect' reads it (building candidate networks: only when
        // --arch is not given, or does not fit); --arch is needed only when they do not.
        var arch = given ?? CheckpointInspection.ArchitectureOf(weights)
            ?? throw new EvaluationInputException($"{checkpoint}: its keys and shapes fit no architecture ensdsl knows by itself; give --arch (known: {string.Join(", ", EnsDsl.Architecture.KnownNames)}), and 'ensdsl inspect {checkpoint}' lists its keys");
        var (data, test) = TestData(dataSpec, transform);
        CheckClasses(weights, test, data, checkpoint);

        using var logProbabilities = LogProbabilities(weights, arch, given is not null, test, TorchInfo.Resolve(device), checkpoint);
        var scores = Metrics.Score(logProbabilities, test.Labels, meanPerClass || data.MeanPerClassAccuracy);
        return new CheckpointScores(checkpoint, arch.Name, data.Spec, test.Count, test.Classes, scores);
    }

    /// <summary>
    /// The test split's log-probabilities under <paramref name="weights"/> loaded into <paramref name="arch"/>;
    /// <paramref name="what"/> names the weights in errors, <paramref name="archGiven"/> says whether the user chose the
    /// architecture (then a mismatch names the one the weights imply).
    /// </summary>
    internal static Tensor LogProbabilities(Dictionary<string, Tensor> weights, EnsDsl.Architecture arch, bool archGiven, DataSplit test, Device dev, string what)
    {
        nn.Module<Tensor, Tensor> model;
        using (GcSafeSection.Enter())
        {
            try { model = Classifier.FromWeights(arch, weights, dev); }
            catch (WeightsMismatchException e)
            {
                var inferred = archGiven ? CheckpointInspection.ArchitectureOf(weights) : null;
                throw new EvaluationInputException(inferred is not null && inferred != arch
                    ? $"{what}: --arch {arch.Name}, but the weights are a {inferred.Name}'s (their keys and shapes say so); use --arch {inferred.Name}, or leave --arch out"
                    : $"{what}: {e.Message}");
            }
        }
        using (model) return Evaluator.LogProbabilities(model, test, dev);
    }

    /// <summary>The dataset of <paramref name="dataSpec"/> and its test split prepared with <paramref name="transform"/> (see <see cref="Run"/>).</summary>
    internal static (Dataset Data, DataSplit Test) TestData(string dataSpec, string? transform)
    {
        Dataset data;
        try { data = Dataset.Parse(dataSpec); }
        catch (FormatException e) { throw new EvaluationInputException($"--data: {e.Message}"); }
        try { return (data, TestSplit(data, transform)); }
        catch (DatasetException e) { throw new EvaluationInputException(e.Message); }
    }

    /// <summary>The head's class count must be the test split's.</summary>
    internal static void CheckClasses(Dictionary<string, Tensor> weights, DataSplit test, Dataset data, string what)
    {
        if (Networks.HeadWeight(weights) is { } fc && fc.shape[0] != test.Classes)
            throw new EvaluationInputException($"{what}: its head predicts {fc.shape[0]} classes, but {data.Spec} has {test.Classes}; evaluate it on the task it was trained for");
    }

    static DataSplit TestSplit(Dataset data, string? name)
    {
        bool embedded = data is Embedded;
        // Fashion-MNIST and MNIST are scored at their own 28 px by default, normalised with their own statistics as
        // in training (in memory); resized, with ImageNet's, as a pre-trained network fine-tuned on them saw them.
        bool ownSize = embedded || data is Mnist;
        var transform = name is null ? ownSize ? EvaluationTransform.None : EvaluationTransform.Test
            : Enum.TryParse<EvaluationTransform>(name, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
            : throw new EvaluationInputException($"--transform {name}: expected '{EvaluationTransform.Test.Name()}' (Resize 256 + CenterCrop 224 on float tensors, as the authors), " +
                $"'{EvaluationTransform.Pil.Name()}' (the same through Pillow) or '{EvaluationTransform.None.Name()}' (own size, normalised only)");
        return transform switch
        {
            EvaluationTransform.None when ownSize => DataTensors.For(data).Test,
            EvaluationTransform.None => ((PipelineSplit)TrainingData.For(data, Transform.ImageNet, 224, Imaging.LoaderOptions.Default).Test) with { Test = Imaging.Native.Instance },
            EvaluationTransform.Test or EvaluationTransform.Pil when embedded => throw new EvaluationInputException(
                $"--transform {transform.Name()}: {data.Spec} exists at its own size only; use --transform {EvaluationTransform.None.Name()}"),
            EvaluationTransform.Pil => TrainingData.For(data, Transform.ImageNet, 224, Imaging.LoaderOptions.Default).Test,
            _ => TrainingData.For(data, Transform.ImageNetTensor, 224, Imaging.LoaderOptions.Default).Test,
        };
    }

    static Dictionary<string, Tensor> Read(string checkpoint)
    {
        if (!File.Exists(checkpoint))
            throw new EvaluationInputException($"{checkpoint}: no such file");
        if (PyTorchCheckpoint.LooksLike(checkpoint))
        {
            try { return PyTorchCheckpoint.Load(checkpoint).StateDict; }
            catch (CheckpointException e) { throw new EvaluationInputException(e.Message); }
        }
        try { return TensorFile.Deserialize(File.ReadAllBytes(checkpoint)); }
        catch (InvalidDataException)
        {
            throw new EvaluationInputException($"{checkpoint}: not a checkpoint ensdsl can read (a PyTorch checkpoint saved with torch.save, or an ensdsl weights file such as .ensdsl/nodes/<id>/weights.tensors)");
        }
    }
}
