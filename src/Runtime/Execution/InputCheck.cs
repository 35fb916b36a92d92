using EnsDsl.Planning;
using EnsDsl.Runtime.Checkpoints;
using EnsDsl.Runtime.Data;
using EnsDsl.Runtime.Training;

namespace EnsDsl.Runtime.Execution;

/// <summary>A file or folder a plan reads that is missing or not what it should be, with the nodes that read it.</summary>
/// <param name="What">The dataset spec or checkpoint path, as the script gives it.</param>
/// <param name="Problem">What is wrong and what to do.</param>
/// <param name="Origins">The script lines of the steps that read it.</param>
public sealed record MissingInput(string What, string Problem, IReadOnlyList<Origin> Origins);

/// <summary>
/// Before anything trains: every dataset and checkpoint a plan reads is where it should be, with the layout it should
/// have (folders, file names, a checkpoint's zip header; images listed, none decoded). All problems at once, so that a
/// run does not discover a missing file hours in.
/// </summary>
public static class InputCheck
{
    /// <summary>The inputs of <paramref name="nodes"/> that cannot be read, each once, with the lines that read it.</summary>
    public static IReadOnlyList<MissingInput> Of(IEnumerable<PlanNode> nodes)
    {
        var inputs = new Dictionary<string, (Func<string?> Check, List<Origin> Origins)>(StringComparer.Ordinal);
        void Add(string key, Func<string?> check, IEnumerable<Origin> origins)
        {
            if (!inputs.TryGetValue(key, out var entry)) inputs[key] = entry = (check, []);
            entry.Origins.AddRange(origins.Where(o => o.IsKnown && !entry.Origins.Contains(o)));
        }
        foreach (var node in nodes)
        {
            if (node is PretrainedNode p) Add(p.Checkpoint, () => Checkpoint(p), node.Origins);
            if (DataOf(node) is { } data) Add(data.Spec, () => Dataset(data), node.Origins);
        }
        return [.. inputs.Select(i => (i.Key, Problem: i.Value.Check(), i.Value.Origins)).Where(i => i.Problem is not null)
            .Select(i => new MissingInput(i.Key, i.Problem!, i.Origins))];
    }

    static Dataset? DataOf(PlanNode node) => node switch
    {
        TrainNode t => t.Step.Data,
        EvaluateNode e => e.Data,
        EnsembleNode e => e.Data,
        InterpolateNode i => i.Data,
        BasinNode b => b.Data,
        PlanePointNode p => p.Data,
        PlaneNode p => p.Data,
        _ => null,
    };

    static string? Checkpoint(PretrainedNode node) => node.Checkpoint is var path && !File.Exists(path)
            ? $"checkpoint {path}: no such file (looked at {Path.GetFullPath(path)}; expected {node.Source.Description}, named like {node.Source.CheckpointPattern})"
        : !PyTorchCheckpoint.LooksLike(path) ? $"checkpoint {path}: not a PyTorch checkpoint (torch.save's zip format); 'ensdsl inspect {path}' says more"
        : null;

    static string? Dataset(Dataset data)
    {
        try
        {
            switch (data)
            {
                case Embedded: break;
                case Cifar c: CifarBinary.Locate(c.Path, c.ClassCount); break;
                case Mnist m:
                    MnistData.Check(m);                                 // headers and lengths; the labels, for a subset's classes and draw
                    if (m.KeptClasses is not null || m.Draw is not null) DatasetCache.Listing(m);
                    break;
                case CorruptedCifar or Cifar10Point1: ShiftData.Check(data); break;
                default: DatasetCache.Listing(data); break;    // lists the images (SUN-397, image folders) without decoding any
            }
            return null;
        }
        catch (DatasetException e) { return e.Message; }
    }
}
