using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using EnsDsl.Overrides;

namespace EnsDsl.Host.Scripting;

/// <summary>A script ready to run: compiled (or taken from the cache) and loaded.</summary>
/// <param name="Closure">The script and the files it loads.</param>
/// <param name="Assembly">The loaded script assembly.</param>
/// <param name="FromCache">True when compilation was skipped.</param>
/// <param name="Elapsed">Time to read, compile or fetch, and load the script.</param>
/// <param name="Warnings">Compiler warnings.</param>
public sealed record LoadedScript(ScriptClosure Closure, Assembly Assembly, bool FromCache, TimeSpan Elapsed, ImmutableArray<Problem> Warnings)
{
    /// <summary>
    /// Runs the script with the parameter values of <paramref name="context"/> and returns its final value.
    /// Exceptions are the script's own (or the DSL's), unwrapped; <see cref="ScriptHost.Locate"/> turns them into problems.
    /// </summary>
    public object? Run(ParamContext context)
    {
        var submission = Assembly.GetType("Submission#0") ?? throw new InvalidOperationException("compiled script has no Submission#0");
        var factory = submission.GetMethod("<Factory>", BindingFlags.Static | BindingFlags.Public)
            ?? throw new InvalidOperationException("compiled script has no <Factory>");
        using (context.Enter())
        {
            try
            {
                // Slot 0 holds the globals object (none); slot 1 this submission.
                var task = (Task<object>)factory.Invoke(null, [new object?[2]])!;
                return task.GetAwaiter().GetResult();
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }
    }
}

/// <summary>
/// Compiles experiment scripts with Roslyn (imports: the DSL and its functions; <c>#load</c> resolved beside each
/// file) and caches the result by the hash of the whole <c>#load</c> closure, so a second run starts without the
/// compiler. Errors come back as located <see cref="Problem"/>s, never as stack traces.
/// </summary>
public sealed class ScriptHost(ScriptCache? cache)
{
    /// <summary>Compiles (or fetches) and loads a script.</summary>
    public (LoadedScript? Script, ImmutableArray<Problem> Problems) Load(string path)
    {
        var watch = Stopwatch.StartNew();
        var (closure, problems) = ScriptClosure.Read(path);
        if (closure is null) return (null, problems);

        var key = cache is null ? null : ScriptCache.KeyOf(closure, ScriptImports.OptionsText);
        if (key is not null && cache!.TryRead(key) is { } cached && TryLoad(cached) is { } fromCache)
            return (new LoadedScript(closure, fromCache, true, watch.Elapsed, []), []);

        (var compiled, problems) = CompileWithRoslyn(closure);
        if (compiled is null) return (null, problems);
        if (key is not null) cache!.Write(key, compiled, replace: true);
        var assembly = Assembly.Load(compiled.Assembly, compiled.Pdb);
        return (new LoadedScript(closure, assembly, false, watch.Elapsed, compiled.Warnings), []);
    }

    /// <summary>Loads a cached image; a damaged entry (truncated, overwritten) is treated as a miss and recompiled.</summary>
    static Assembly? TryLoad(CompiledScript cached)
    {
        try { return Assembly.Load(cached.Assembly, cached.Pdb); }
        catch (BadImageFormatException) { return null; }
    }

    // Kept out of Load so that the JIT does not load Roslyn for a cached script.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static (CompiledScript?, ImmutableArray<Problem>) CompileWithRoslyn(ScriptClosure closure) => ScriptCompiler.Compile(closure);

    /// <summary>
    /// An exception from running a script, as a problem located in the script: DSL errors at the DSL call's line,
    /// anything else at the deepest script frame of its stack trace.
    /// </summary>
    public static Problem Locate(Exception e, ScriptClosure closure)
    {
        if (e is DslException dsl) return Problem.At(dsl.Origin, dsl.Code, dsl.Message);
        var files = closure.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var frame = new StackTrace(e, fNeedFileInfo: true).GetFrames()
            .FirstOrDefault(f => f.GetFileName() is { } name && files.Contains(name));
        var message = $"the script threw {e.GetType().Name}: {e.Message}";
        return frame is null
            ? new Problem(DiagnosticCodes.ScriptThrew, message)
            : new Problem(DiagnosticCodes.ScriptThrew, message, frame.GetFileName(), frame.GetFileLineNumber(), frame.GetFileColumnNumber());
    }
}
