using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Training;

namespace EnsDsl.Runtime.Tests.Execution;

/// <summary>An observer for runs whose progress a test does not look at.</summary>
sealed class NullObserver : IRunObserver
{
    public void NodeStarted(PlanNode node) { }
    public void EpochEnded(PlanNode node, EpochReport report) { }
    public void NodeFinished(NodeOutcome outcome) { }
    public void Note(PlanNode node, string message) { }
}
