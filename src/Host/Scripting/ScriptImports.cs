using System.Collections.Immutable;

namespace EnsDsl.Host.Scripting;

/// <summary>
/// What every script sees without a <c>using</c>: the DSL's types and, statically, its functions. Kept apart from
/// the compiler so that reading it (for cache keys) never loads Roslyn.
/// </summary>
public static class ScriptImports
{
    /// <summary>Namespaces and static classes imported into every script.</summary>
    public static readonly ImmutableArray<string> Imports =
        ["System", "System.Collections.Generic", "System.Linq", "EnsDsl", "EnsDsl.Prelude"];

    /// <summary>
    /// The DSL assembly's file name: a script's <c>#r</c> of a path ending in it means the DSL this ensdsl runs (see
    /// <see cref="DslReferenceResolver"/>), so the line editors need never changes what ensdsl compiles.
    /// </summary>
    public static readonly string DslAssemblyFile = Path.GetFileName(typeof(Prelude).Assembly.Location);

    /// <summary>The compiler options that change the compiled result, as text for the cache key.</summary>
    public static string OptionsText => $"imports={string.Join(",", Imports)};debug;portable-pdb;lang=latest";
}
