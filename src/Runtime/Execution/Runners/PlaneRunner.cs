using EnsDsl.Planning;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Store;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>A plane: the grid's values from its finished points, and the frame's models with their labels.</summary>
static class PlaneRunner
{
    public static NodeRecord Run(PlaneNode node, RunContext context)
    {
        int n = node.Grid.Resolution;
        var frameId = node.Parents[0];
        var frame = context.Finished(frameId).Result as PlaneFrameResult
            ?? throw new NodeFailure($"the frame of '{node.Label}' holds no plane frame: compute it again (ensdsl store gc, then run)");
        var points = node.Parents[1..].Select(id => context.Finished(id)).ToList();
        IReadOnlyList<double>[] Rows(string metric) =>
            [.. Enumerable.Range(0, n).Select(row => (IReadOnlyList<double>)[.. Enumerable.Range(0, n).Select(column => points[row * n + column].Metrics[metric])])];
        var errors = Rows(MetricNames.TestError);
        var labels = Labels(context.Plan, [.. frame.Models.Select(m => m.Id)]);
        var models = frame.Models.Select((m, i) => new PlaneModel(m.Id, labels[i], m.X, m.Y, m.DistanceToPlane, Spans: i < 3)).ToList();
        var metrics = new Dictionary<string, double>
        {
            [MetricNames.MinTestError] = errors.SelectMany(r => r).Min(),
            [MetricNames.MaxTestError] = errors.SelectMany(r => r).Max(),
        };
        if (models.Count > 3) metrics[MetricNames.MeanDistanceToPlane] = models.Skip(3).Average(m => m.DistanceToPlane);
        return NodeRunner.Record(node, [], metrics, new PlaneResult(frame.X, frame.Y, errors, Rows(MetricNames.TestNll), models, node.Bn.Describe()));
    }

    /// <summary>
    /// The models' labels for the picture: a label several of them share (Local DE's members are each a "fine-tune")
    /// gets each model's seed, or its id, so that every mark names one model.
    /// </summary>
    static string[] Labels(Plan plan, IReadOnlyList<string> ids)
    {
        var labels = ids.Select(id => plan[id].Label).ToArray();
        return [.. ids.Select((id, i) => labels.Count(l => l == labels[i]) == 1 ? labels[i]
            : plan[id].Seed is { } seed ? $"{labels[i]} (seed {seed})" : $"{labels[i]} ({id[..8]})")];
    }
}
