using EnsDsl.Planning;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Store;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>
/// One point of a plane's grid: its coordinates from the frame (the fourth parent), its weights mixed from the three
/// models that span the plane, BN recomputed as the node says, test NLL and error.
/// </summary>
static class PlanePointRunner
{
    public static NodeRecord Run(PlanePointNode node, RunContext context)
    {
        var frame = context.Finished(node.Parents[3]).Result as PlaneFrameResult
            ?? throw new NodeFailure($"the frame of '{node.Label}' holds no plane frame: compute it again (ensdsl store gc, then run)");
        var (x, y) = (frame.X[node.Column], frame.Y[node.Row]);
        var mix = new PlaneBasis(frame.B, frame.Cx, frame.Cy).Coefficients(x, y);
        var three = node.Parents[..3].Select(id => context.Store.ReadTensors(context.Finished(id), NodeFile.Weights)).ToList();
        try
        {
            var (nll, error) = LinearPath.Score(context, context.ArchitectureOf(node.Parents[0]), PlaneBasis.Mix(three[0], three[1], three[2], mix),
                context.TestSplit(node.Parents[0], node.Data), context.TrainingOf(node.Parents[0]), node.Bn.Recomputes, node.Bn.Batches);
            return NodeRunner.Record(node, [], new Dictionary<string, double> { [MetricNames.TestError] = error, [MetricNames.TestNll] = nll },
                new PlanePointResult(x, y, [mix.Alpha, mix.Beta, mix.Gamma]));
        }
        finally
        {
            foreach (var t in three.SelectMany(w => w.Values)) t.Dispose();
        }
    }
}
