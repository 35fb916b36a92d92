using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Scripting;

namespace EnsDsl.Host.Scripting;

/// <summary>
/// Compiles a script with Roslyn. The only class that touches the compiler, so a cached script never loads it.
/// </summary>
internal static class ScriptCompiler
{
    // Assembly-binding noise that says nothing about the user's script (Cake drops the same ids; cake#3337).
    static readonly HashSet<string> Suppressed = ["CS1701", "CS1702", "CS1705"];

    public static (CompiledScript? Script, ImmutableArray<Problem> Problems) Compile(ScriptClosure closure)
    {
        var main = closure.Main.Path;
        var directory = Path.GetDirectoryName(main)!;
        var options = ScriptOptions.Default
            .WithFilePath(main)
            .WithFileEncoding(Encoding.UTF8)
            .WithReferences(typeof(Prelude).Assembly, typeof(ImmutableArray).Assembly)
            .WithImports(ScriptImports.Imports)
            .WithSourceResolver(new SourceFileResolver([], directory))
            .WithMetadataResolver(new DslReferenceResolver(ScriptMetadataResolver.Default.WithBaseDirectory(directory)))
            .WithEmitDebugInformation(true)
            .WithOptimizationLevel(OptimizationLevel.Debug)
            .WithLanguageVersion(LanguageVersion.Latest);
        var script = CSharpScript.Create(new MemoryStream(closure.Main.Bytes), options);
        var compilation = script.GetCompilation();

        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var emitted = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        var problems = emitted.Diagnostics
            .Where(d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning && !Suppressed.Contains(d.Id))
            .OrderBy(d => d.Severity == DiagnosticSeverity.Error ? 0 : 1)
            .Select(d => ToProblem(d, CompilerSuggestions.For(d, compilation)))
            .ToImmutableArray();
        if (!emitted.Success)
            return (null, problems);
        return (new CompiledScript(pe.ToArray(), pdb.ToArray(), problems), []);
    }

    static Problem ToProblem(Microsoft.CodeAnalysis.Diagnostic d, string suggestion)
    {
        var span = d.Location.GetMappedLineSpan();
        var severity = d.Severity == DiagnosticSeverity.Error ? Severity.Error : Severity.Warning;
        var message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture) + suggestion;
        return span.IsValid && span.Path.Length > 0
            ? new Problem(d.Id, message, span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, severity)
            : new Problem(d.Id, message, Severity: severity);
    }
}
