using EnsDsl.Cli.Output;
using EnsDsl.Host.Scripting;
using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;

namespace EnsDsl.Cli.Commands;

/// <summary>The datasets and checkpoints a plan reads, checked before anything trains and reported at the script lines that read them.</summary>
static class InputChecking
{
    /// <summary>Reports every input of <paramref name="nodes"/> that cannot be read; true when there was none.</summary>
    public static bool Passes(Plan plan, IEnumerable<PlanNode>? nodes = null)
    {
        var missing = InputCheck.Of(nodes ?? plan.Nodes);
        Terminal.Report(missing.Select(m => m.Origins.FirstOrDefault() is { } at
            ? Problem.At(at, DiagnosticCodes.MissingInput, m.Problem + (m.Origins.Count > 1 ? $" (also read at {string.Join(", ", m.Origins.Skip(1).Select(o => $"{DisplayPath.Of(o.File, Environment.CurrentDirectory)}:{o.Line}").Distinct())})" : ""))
            : new Problem(DiagnosticCodes.MissingInput, m.Problem)));
        return missing.Count == 0;
    }
}
