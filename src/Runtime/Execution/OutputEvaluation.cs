using EnsDsl.Overrides;
using EnsDsl.Planning;
using EnsDsl.Runtime.Checkpoints;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Scoring;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Torch;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Execution;

/// <summary>The scores of a run's reported ensemble, soup or model on another dataset's test split.</summary>
/// <param name="Run">The run folder read.</param>
/// <param name="Output">The output's name in the run.</param>
/// <param name="Kind">Its kind: ensemble, soup or evaluation (one model).</param>
/// <param name="Models">The stored models scored (an ensemble's members; the soup's or model's weights).</param>
/// <param name="Architecture">The network the weights were loaded into.</param>
/// <param name="Data">The dataset spec.</param>
/// <param name="Images">Test images scored.</param>
/// <param name="Scores">The output's scores (an ensemble's: of its members' mean probabilities, as in the run).</param>
/// <param name="MemberAccuracies">An ensemble's members' accuracies, in member order (empty otherwise).</param>
public sealed record OutputScores(string Run, string Output, OutputKind Kind, IReadOnlyList<string> Models, string Architecture, string Data, int Images,
    Scores Scores, IReadOnlyList<double> MemberAccuracies);

/// <summary>
/// <c>ensdsl eval --run RUN --output NAME</c>: a run's ensemble, soup or single model, by the name it has in the run's
/// results, scored on another dataset (a distribution shift set, another test set) from the weights in the store —
/// nothing is trained, and the run's own results are left unchanged.
/// </summary>
public static class OutputEvaluation
{
    /// <summary>Scores the output <paramref name="output"/> of the run at <paramref name="run"/>, from <paramref name="store"/>, on <paramref name="dataSpec"/>'s test split.</summary>
    /// <exception cref="EvaluationInputException">No such run, output or store entry; an output that is not a model; data that does not fit.</exception>
    public static OutputScores Run(string run, string output, NodeStore store, string dataSpec, string device = "auto", bool meanPerClass = false, string? transform = null)
    {
        var results = RunDocument.Read(run, out var problem) ?? throw new EvaluationInputException(problem);
        var (kind, models) = ModelsOf(results, output, run);
        var (data, test) = CheckpointEvaluation.TestData(dataSpec, transform);
        var dev = TorchInfo.Resolve(device);

        var memberLogProbabilities = new List<Tensor>();
        string? arch = null;
        // Inferring an architecture builds candidate networks: once per layout, not once per member of an ensemble.
        var inferred = new Dictionary<string, EnsDsl.Architecture?>(StringComparer.Ordinal);
        try
        {
            foreach (var id in models)
            {
                var record = store.Finished(id, out var discarded)
                    ?? throw new EvaluationInputException($"{output}: its model {id[..8]} is not in the store {store.Root}" +
                        (discarded is null ? "" : $" (it was damaged: {discarded})") + $"; run {results.Script} again to compute it");
                var weights = store.ReadTensors(record, NodeFile.Weights);
                var what = $"{output} ({record.Label}, {id[..8]})";
                var layout = string.Join(';', weights.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}:{string.Join('x', w.Value.shape)}"));
                if (!inferred.TryGetValue(layout, out var known)) inferred[layout] = known = CheckpointInspection.ArchitectureOf(weights);
                var architecture = known
                    ?? throw new EvaluationInputException($"{what}: its keys and shapes fit no architecture ensdsl knows");
                arch = architecture.Name;
                CheckpointEvaluation.CheckClasses(weights, test, data, what);
                memberLogProbabilities.Add(CheckpointEvaluation.LogProbabilities(weights, architecture, archGiven: false, test, dev, what));
            }
            var perClass = meanPerClass || data.MeanPerClassAccuracy;
            // Scored as the run scores them: an ensemble by the last point of its curve, a model by its predictions.
            var scores = kind == OutputKind.Ensemble
                ? EnsembleCurve.Compute(memberLogProbabilities, test.Labels, perClass)[^1].Scores
                : Metrics.Score(memberLogProbabilities[0], test.Labels, perClass);
            IReadOnlyList<double> members = kind == OutputKind.Ensemble ? [.. memberLogProbabilities.Select(lp => Metrics.Accuracy(lp, test.Labels, perClass))] : [];
            return new OutputScores(run, output, kind, models, arch!, data.Spec, test.Count, scores, members);
        }
        finally
        {
            foreach (var lp in memberLogProbabilities) lp.Dispose();
        }
    }

    /// <summary>The output's kind and the stored models it is made of: an ensemble's members, a soup's or an evaluated model's weights.</summary>
    static (OutputKind Kind, IReadOnlyList<string> Models) ModelsOf(RunDocument results, string output, string run)
    {
        var names = results.Outputs.Select(o => o.Name).ToList();
        var item = results.Outputs.FirstOrDefault(o => o.Name == output);
        if (item is null)
        {
            var suggestion = Suggest.Nearest(output, names) is { } s ? $" (did you mean '{s}'?)" : "";
            throw new EvaluationInputException($"{run}: no output named '{output}'{suggestion}; its outputs: {string.Join(", ", names.Select(n => $"'{n}'"))}");
        }
        if (item.Kind is not (OutputKind.Ensemble or OutputKind.Soup or OutputKind.Evaluation))
            throw new EvaluationInputException($"{run}: '{output}' is an {item.Kind.Name()}, not a model; eval scores ensembles, soups and evaluated models");
        if (!item.Finished)
            throw new EvaluationInputException($"{run}: '{output}' did not finish in that run ({item.Status.Name()}); run its script again first");
        if (item.Kind == OutputKind.Ensemble)
            return (item.Kind, results.Ensembles.First(e => e.Node == item.Node).Members);
        // A soup or a single model is reported by an evaluate node whose parent holds the weights.
        return (item.Kind, [results.Plan.Nodes.First(n => n.Id == item.Node).Parents[0]]);
    }
}
