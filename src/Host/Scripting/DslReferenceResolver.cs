using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace EnsDsl.Host.Scripting;

/// <summary>
/// Resolves a script's <c>#r</c> of the DSL (any path ending in <see cref="ScriptImports.DslAssemblyFile"/>) to the DSL this ensdsl
/// runs, and every other <c>#r</c> as C# scripting does. Editors need the <c>#r</c> line (<c>ensdsl init</c> writes it,
/// pointing at a copy for completion and docs); ensdsl must not compile against that copy, which may be missing (it is
/// not committed) or older than the running ensdsl after an upgrade.
/// </summary>
internal sealed class DslReferenceResolver(MetadataReferenceResolver others) : MetadataReferenceResolver
{
    readonly MetadataReferenceResolver others = others;

    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties) =>
        string.Equals(Path.GetFileName(reference), ScriptImports.DslAssemblyFile, StringComparison.OrdinalIgnoreCase)
            ? [MetadataReference.CreateFromFile(typeof(Prelude).Assembly.Location, properties)]
            : others.ResolveReference(reference, baseFilePath, properties);

    public override bool ResolveMissingAssemblies => others.ResolveMissingAssemblies;

    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity) =>
        others.ResolveMissingAssembly(definition, referenceIdentity);

    public override bool Equals(object? other) => other is DslReferenceResolver r && r.others.Equals(others);

    public override int GetHashCode() => others.GetHashCode();
}
