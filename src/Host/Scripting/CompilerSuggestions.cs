using EnsDsl.Overrides;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EnsDsl.Host.Scripting;

/// <summary>
/// "Did you mean …?" for C# mistakes in DSL calls, as DSL and <c>--set</c> mistakes get: a member that does not exist
/// (<c>StarSnapshot</c>), a name not in scope (<c>Pretrainde</c>), a named argument no overload has (<c>epoch:</c>).
/// Roslyn's code and location stay; the suggestion is added to its message.
/// </summary>
internal static class CompilerSuggestions
{
    /// <summary>The suggestion for <paramref name="d"/>, as <c> (did you mean 'X'?)</c>, or an empty string.</summary>
    public static string For(Microsoft.CodeAnalysis.Diagnostic d, Compilation compilation)
    {
        if (d.Location.SourceTree is not { } tree) return "";
        var model = compilation.GetSemanticModel(tree);
        var node = tree.GetRoot().FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true);
        var (name, candidates) = d.Id switch
        {
            // 'Model' does not contain a definition for 'StarSnapshot' (CS1061); a type's static member (CS0117).
            "CS1061" or "CS0117" => node.FirstAncestorOrSelf<MemberAccessExpressionSyntax>() is { } access
                && model.GetTypeInfo(access.Expression).Type is { } type
                ? (access.Name.Identifier.ValueText, model.LookupSymbols(access.Name.SpanStart, type, includeReducedExtensionMethods: true).Select(m => m.Name)) : (null, []),
            // The name 'X' does not exist in the current context.
            "CS0103" => node is IdentifierNameSyntax id
                ? (id.Identifier.ValueText, model.LookupSymbols(id.SpanStart).Select(s => s.Name)) : (null, []),
            // The best overload for 'Train' does not have a parameter named 'epoch'.
            "CS1739" => node.FirstAncestorOrSelf<ArgumentSyntax>() is { NameColon: { } named } argument
                && argument.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } call
                ? (named.Name.Identifier.ValueText, Parameters(model, call)) : (null, []),
            _ => (null, Enumerable.Empty<string>()),
        };
        return name is not null && Suggest.Nearest(name, candidates.Where(c => c != name && !c.StartsWith('<')).Distinct()) is { } s
            ? $" (did you mean '{s}'?)" : "";
    }

    static IEnumerable<string> Parameters(SemanticModel model, InvocationExpressionSyntax call)
    {
        var info = model.GetSymbolInfo(call);
        var methods = info.CandidateSymbols.OfType<IMethodSymbol>().Concat(info.Symbol is IMethodSymbol m ? [m] : []);
        if (!methods.Any() && call.Expression is MemberAccessExpressionSyntax access && model.GetTypeInfo(access.Expression).Type is { } type)
            methods = type.GetMembers(access.Name.Identifier.ValueText).OfType<IMethodSymbol>();
        // The compiler fills caller-info parameters (the DSL's file and line): never a name to suggest.
        return methods.SelectMany(m => m.Parameters)
            .Where(p => !p.GetAttributes().Any(a => a.AttributeClass?.Name is nameof(System.Runtime.CompilerServices.CallerFilePathAttribute) or nameof(System.Runtime.CompilerServices.CallerLineNumberAttribute)))
            .Select(p => p.Name);
    }
}
