using EnsDsl.Planning;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Store;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>
/// The frame of a plane: the basis of the plane through the first three parents, every parent's coordinates (the
/// projected ones from their inner products with the plane's two directions, and their distance to it), and the grid's
/// coordinates, spanning all of them with the grid's margin (<see cref="PlaneGrid.Axis"/>), so that the picture shows
/// the landscape under every model it marks.
/// </summary>
static class PlaneFrameRunner
{
    public static NodeRecord Run(PlaneFrameNode node, RunContext context)
    {
        var weights = node.Parents.Select(id => context.Store.ReadTensors(context.Finished(id), NodeFile.Weights)).ToList();
        try
        {
            var basis = Basis(context, node.Parents[..3], weights);
            var gram = PlaneBasis.Gram(weights[0], weights.Skip(1).ToList());    // rows and columns: b, c, then the projected
            var positions = node.Parents.Select((id, i) =>
            {
                var (x, y, distance) = i switch
                {
                    0 => (0.0, 0.0, 0.0),
                    1 => (basis.B, 0.0, 0.0),
                    2 => (basis.Cx, basis.Cy, 0.0),
                    _ => basis.Project(gram[i - 1][0], gram[i - 1][1], gram[i - 1][i - 1]),
                };
                return new PlanePosition(id, x, y, distance);
            }).ToList();
            var result = new PlaneFrameResult(basis.B, basis.Cx, basis.Cy, node.Grid.Axis([.. positions.Select(p => p.X)]),
                node.Grid.Axis([.. positions.Select(p => p.Y)]), positions);
            return NodeRunner.Record(node, [], null, result);
        }
        finally
        {
            foreach (var t in weights.SelectMany(w => w.Values)) t.Dispose();
        }
    }

    /// <summary>The basis of the plane through the three models <paramref name="ids"/>, or the failure that says why there is none.</summary>
    static PlaneBasis Basis(RunContext context, IReadOnlyList<string> ids, IReadOnlyList<IReadOnlyDictionary<string, Tensor>> three)
    {
        try { return PlaneBasis.Of(three[0], three[1], three[2]); }
        catch (ArgumentException e)
        {
            throw new NodeFailure($"plane of {string.Join(", ", ids.Select(id => context.Plan[id].Label))}: {e.Message}");
        }
    }
}
