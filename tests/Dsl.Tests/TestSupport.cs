using System.Runtime.CompilerServices;
using EnsDsl.Planning;
using Xunit;
using static EnsDsl.Prelude;

namespace EnsDsl.Tests;

static class TestSupport
{
    /// <summary>The line this is called on: for cases that check an error's script line.</summary>
    public static int Line([CallerLineNumber] int line = 0) => line;

    public static Plan PlanOf(params IReportable[] items) => Planner.Build(Report(items));

    public static IEnumerable<PlanNode> OfKind(this Plan plan, NodeKind kind) => plan.Nodes.Where(n => n.Kind == kind);

    /// <summary>The training steps of a plan, in plan order.</summary>
    public static IEnumerable<TrainNode> Trains(this Plan plan) => plan.Nodes.OfType<TrainNode>();

    /// <summary>The plan node of a trained model.</summary>
    public static TrainNode TrainOf(this Plan plan, Model model) => Assert.IsType<TrainNode>(plan.NodeOf(model));

    /// <summary>The plan node of a model.</summary>
    public static PlanNode NodeOf(this Plan plan, Model model) =>
        plan[Planner.Build(Report(model.Evaluate())).OfKind(NodeKind.Evaluate).Single().Parents[0]];
}
