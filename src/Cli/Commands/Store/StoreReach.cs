using EnsDsl.Cli.Output;
using EnsDsl.Host.Experiments;
using EnsDsl.Host.Scripting;
using EnsDsl.Planning;
using EnsDsl.Runtime.Results;

namespace EnsDsl.Cli.Commands.Store;

/// <summary>
/// The store entries a script's plan (or a recorded run's) reaches: every node of it, and the training steps that
/// continue their parent's optimizer state (so the parent's state is still needed while they are unfinished).
/// </summary>
/// <param name="Name">The script or run folder, as given.</param>
/// <param name="Ids">Every node id of its plan.</param>
/// <param name="Continuations">Training steps that continue their parent's optimizer state: (parent, step).</param>
public sealed record StoreReach(string Name, IReadOnlySet<string> Ids, IReadOnlyList<(string Parent, string Step)> Continuations)
{
    /// <summary>
    /// The reach of each of <paramref name="settings"/>' scripts or run folders; null after reporting a script that
    /// cannot be planned or a folder without results (a cleaning command then removes nothing).
    /// </summary>
    public static IReadOnlyList<StoreReach>? Load(StoreSettings settings)
    {
        var reaches = new List<StoreReach>();
        var host = new ScriptHost(settings.NoCache ? null : new ScriptCache(ScriptCache.DefaultDirectory));
        foreach (var given in settings.Reaching)
        {
            var reach = Directory.Exists(given) || Path.GetFileName(given) == RunDocument.FileName ? FromRun(given) : FromScript(given, settings, host);
            if (reach is null) return null;
            reaches.Add(reach);
        }
        return reaches;
    }

    static StoreReach? FromScript(string script, StoreSettings settings, ScriptHost host)
    {
        var (experiment, _, problems) = ExperimentLoader.Load(script, settings.Sets, host, settings.Repeat);
        Terminal.Report(problems);
        if (experiment is null || problems.Any(p => p.Severity == Severity.Error)) return null;
        var plan = experiment.Plan;
        return new StoreReach(script, plan.Nodes.Select(n => n.Id).ToHashSet(),
            [.. plan.Nodes.SelectMany(n => plan.Continuing(n.Id).Select(step => (n.Id, step.Id)))]);
    }

    static StoreReach? FromRun(string given)
    {
        if (RunDocument.Read(given, out var problem) is not { } results)
        {
            Terminal.Report([new Problem(DiagnosticCodes.NotARun, $"{given}: not a script, and no {RunDocument.FileName} with a plan in it; give an experiment script (.csx) or a run folder that 'ensdsl run' wrote ({problem})")]);
            return null;
        }
        var nodes = results.Plan.Nodes;
        return new StoreReach(given, nodes.Select(n => n.Id).ToHashSet(),
            [.. nodes.Where(n => (string?)n.Op[TrainStep.OptimizerStateKey] == TrainStep.ContinuedOptimizerState).Select(n => (n.Parents[0], n.Id))]);
    }
}
