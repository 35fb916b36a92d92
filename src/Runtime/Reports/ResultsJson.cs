using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Results;

namespace EnsDsl.Runtime.Reports;

/// <summary>The <see cref="RunDocument"/> of a finished run: the one place results.json's content is put together.</summary>
public static class ResultsJson
{
    /// <summary>
    /// The results of <paramref name="report"/> (its reported <paramref name="items"/> and what their
    /// <paramref name="repeated"/> runs say), paths relative to <paramref name="directory"/>.
    /// </summary>
    public static RunDocument Build(Experiment experiment, ExecutionReport report, IReadOnlyList<ReportedItem> items, RepeatedResults repeated,
        string storeRoot, DateTimeOffset started, DateTimeOffset finished, string directory)
    {
        var byId = report.Outcomes.ToDictionary(o => o.Node.Id);
        return new RunDocument(RunDocument.CurrentFormat, experiment.Name, DisplayPath.Of(experiment.ScriptPath, directory), started, finished, storeRoot,
            PlanDocument.Of(experiment.Plan, directory),
            [.. report.Outcomes.Select(Node)],
            [.. experiment.Plan.Outputs.Select(o =>
            {
                var outcome = byId[o.NodeId];
                return new OutputEntry(o.Name, o.Kind, o.NodeId, CellEntry.Of(o.Cell), outcome.Status, outcome.Record?.Metrics, outcome.Record?.Result);
            })],
            [.. items.Where(i => i.Kind == OutputKind.Ensemble).Select(i =>
                new EnsembleEntry(i.Name, i.Node, i.Status, i.Members, (i.Result as EnsembleResult)?.Curve, (i.Result as EnsembleResult)?.Diversity, i.Error))],
            [.. items.Where(i => i.Kind == OutputKind.Soup).Select(i =>
                new SoupEntry(i.Name, i.Node, i.Status, i.Soup?.SoupKind, i.Members, i.Chosen,
                    i.Greedy is { } g ? new HeldOutEntry(g.HeldOut.Images, g.HeldOut.From, g.HeldOutAcc) : null, i.Soup?.NormalisationNote, i.Error)
                .Filled<SoupEntry>(i.Score))],
            [.. items.Where(i => i.Kind == OutputKind.Evaluation).Select(i =>
                new EvaluationEntry(i.Name, i.Node, i.Status, i.Members[0], i.Error).Filled<EvaluationEntry>(i.Score))],
            [.. items.Where(i => i.Kind is OutputKind.Interpolation or OutputKind.Basin or OutputKind.Plane).Select(i =>
                new AnalysisEntry(i.Name, i.Node, i.Status, i.Kind, i.Members, i.HasResult ? i.Metrics : null, i.Result, i.Error))],
            experiment.Overrides.ToDictionary(o => o.Key, o => o.Text[o.ValueOffset..]),
            Axes(experiment),
            experiment.Repeat,
            [.. repeated.Groups.Select(Group)],
            [.. repeated.Comparisons.Select(c => new ComparisonEntry(c.A, c.B, c.Metric, c.Difference.N, c.Difference.Mean, c.Difference.Low,
                c.Difference.High, c.Difference.Confidence, c.Difference.Decided))]);
    }

    /// <summary>The parameters the run sweeps, in axis order, the repetition parameter last.</summary>
    static IReadOnlyList<string> Axes(Experiment experiment) =>
        [.. experiment.Overrides.Where(o => o.IsSweep).Select(o => o.Key), .. experiment.Repeat is { } r ? [r] : Array.Empty<string>()];

    static GroupEntry Group(ItemGroup g) => new(g.Name, g.Kind, g.Axis, [.. g.Items.Select(i => i.Name)], g.Repetitions, g.N,
        g.Metrics.ToDictionary(m => m.Key, m => new SummaryEntry(m.Value.Mean, m.Value.Std, m.Value.Values)),
        [.. g.Curve.Select(p => new GroupCurveEntry(p.K).Filled<GroupCurveEntry>(name => new MeanStd(p.Scores[name].Mean, p.Scores[name].Std)))]);

    static NodeEntry Node(NodeOutcome o) => new(o.Node.Id, o.Node.KindName, o.Node.Label, o.Status, o.Node.Epochs, o.Record?.Seconds,
        o.Record?.TrainImagesPerSecond, o.Record?.Metrics, o.Error);
}
