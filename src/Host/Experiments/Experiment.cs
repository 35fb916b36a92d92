using System.Collections.Immutable;
using EnsDsl.Overrides;
using EnsDsl.Planning;
using EnsDsl.Host.Scripting;

namespace EnsDsl.Host.Experiments;

/// <summary>A script turned into a plan: what <c>plan</c>, <c>check</c> and <c>run</c> work from.</summary>
/// <param name="Script">The loaded script (its closure, and whether it came from the compile cache).</param>
/// <param name="Plan">The merged plan of every sweep cell.</param>
/// <param name="Parameters">Parameters the script declared.</param>
/// <param name="Overrides">The <c>--set</c> values given.</param>
/// <param name="Cells">The sweep cells (one null cell when nothing is swept).</param>
public sealed record Experiment(LoadedScript Script, Plan Plan, ImmutableArray<ParamDeclaration> Parameters,
    ImmutableArray<Override> Overrides, ImmutableArray<string?> Cells)
{
    /// <summary>The parameter of <c>--repeat</c>, whose cells repeat the others (e.g. <c>seed</c>), or null.</summary>
    public string? Repeat { get; init; }

    /// <summary>The experiment's name: the script's file name without extension.</summary>
    public string Name => Path.GetFileNameWithoutExtension(Script.Closure.Main.Path);
}
