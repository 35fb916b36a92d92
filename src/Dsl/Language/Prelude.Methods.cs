using System.Runtime.CompilerServices;

namespace EnsDsl;

public static partial class Prelude
{
    /// <summary>
    /// Builds the values of an exploration method of your own as one DSL call named <paramref name="name"/>: every
    /// value <paramref name="body"/> makes is located at the method's call site (<paramref name="file"/>,
    /// <paramref name="line"/>), so plan errors point at the line that called the method rather than at the lines
    /// inside it. The built-in methods (<c>Snapshots</c>, <c>Fge</c>, …) are written this way.
    /// </summary>
    /// <param name="name">The method's name, as errors show it.</param>
    /// <param name="file">The caller's file: the method's own <c>[CallerFilePath]</c> parameter.</param>
    /// <param name="line">The caller's line: the method's own <c>[CallerLineNumber]</c> parameter.</param>
    /// <param name="body">Builds the method's result.</param>
    /// <example><code>Members Twice(Model m, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
    ///     Method(nameof(Twice), file, line, () => m.Chain(2, x => x.Train(5)));</code></example>
    public static T Method<T>(string name, string file, int line, Func<T> body) =>
        CallSite.Within(new Origin(file, line, name), body);

    /// <summary>
    /// An error in how a DSL call was used, located at the call (inside <see cref="Method"/>, at the method's call
    /// site): <c>throw InvalidCall(…)</c> reports it as a script error on that line, never as a stack trace.
    /// </summary>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>if (cycles &lt; 1) throw InvalidCall($"Fge: cycles must be ≥ 1; got {cycles}");</code></example>
    public static DslException InvalidCall(string message, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        new(message, CallSite.At(file, line, ""));

    /// <summary>
    /// <paramref name="first"/> followed by <paramref name="rest"/>, such as a fine-tuned model and the snapshots
    /// explored from it. Branches of a <c>Star</c> stay recognisable, so branches that collapse into one computation
    /// are still reported.
    /// </summary>
    /// <param name="first">The first member.</param>
    /// <param name="rest">The members after it.</param>
    /// <example><code>Members(center, center.Star(4, m => m.Train(25, Cosine(lr: 0.1))))</code></example>
    public static Members Members(Model first, Members rest) =>
        rest with { Items = [first, .. rest.Items], Label = null };
}
