using System.Collections.Immutable;
using EnsDsl.Overrides;

namespace EnsDsl.Planning;

/// <summary>
/// A script turned into a plan: what <c>plan</c>, <c>check</c> and <c>run</c> work from. It lives below the script
/// host, so that what runs a plan (the runtime) needs nothing of the compiler that made it.
/// </summary>
/// <param name="ScriptPath">The script's full path.</param>
/// <param name="Plan">The merged plan of every sweep cell.</param>
/// <param name="Parameters">Parameters the script declared.</param>
/// <param name="Overrides">The <c>--set</c> values given.</param>
/// <param name="Cells">The sweep cells (one null cell when nothing is swept).</param>
/// <example><code>var (experiment, script, problems) = ExperimentLoader.Load("experiments/quickstart.csx", ["lr=0.1"], host);</code></example>
public sealed record Experiment(string ScriptPath, Plan Plan, ImmutableArray<ParamDeclaration> Parameters,
    ImmutableArray<Override> Overrides, ImmutableArray<string?> Cells)
{
    /// <summary>The parameter of <c>--repeat</c>, whose cells repeat the others (e.g. <c>seed</c>), or null.</summary>
    public string? Repeat { get; init; }

    /// <summary>The experiment's name: the script's file name without extension.</summary>
    public string Name => Path.GetFileNameWithoutExtension(ScriptPath);
}
