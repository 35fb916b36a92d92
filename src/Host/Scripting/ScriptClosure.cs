using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace EnsDsl.Host.Scripting;

/// <summary>One file of a script's <c>#load</c> closure, with its bytes as read.</summary>
/// <param name="Path">Absolute path.</param>
/// <param name="Bytes">Content.</param>
public sealed record ScriptFile(string Path, byte[] Bytes);

/// <summary>
/// A script and every file it <c>#load</c>s, found without the compiler (so that a cached script starts without
/// loading Roslyn): the directives at the top of each file are read, relative paths resolved against the
/// including file's folder, cycles and missing files reported at the directive.
/// </summary>
/// <param name="Main">The script file itself.</param>
/// <param name="Files">The main file and everything it loads, in discovery order.</param>
public sealed record ScriptClosure(ScriptFile Main, ImmutableArray<ScriptFile> Files)
{
    /// <summary>Reads the closure of <paramref name="path"/>, or the problems that prevent it.</summary>
    public static (ScriptClosure? Closure, ImmutableArray<Problem> Problems) Read(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
            return (null, [new Problem(DiagnosticCodes.ScriptNotFound, $"script not found: {path} (looked at {full})")]);
        var files = new List<ScriptFile>();
        var problems = new List<Problem>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        Visit(full, [], files, problems, done);
        return problems.Count > 0 ? (null, [.. problems]) : (new ScriptClosure(files[0], [.. files]), []);
    }

    /// <summary>SHA-256 over every file's path and content, in order.</summary>
    public byte[] Hash()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in Files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(f.Path + "\n" + f.Bytes.Length + "\n"));
            sha.AppendData(f.Bytes);
        }
        return sha.GetHashAndReset();
    }

    static void Visit(string path, ImmutableList<string> stack, List<ScriptFile> files, List<Problem> problems, HashSet<string> done)
    {
        var bytes = File.ReadAllBytes(path);
        files.Add(new ScriptFile(path, bytes));
        done.Add(path);
        stack = stack.Add(path);
        foreach (var load in Directives(path, bytes))
        {
            var target = System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, load.Target));
            if (stack.Contains(target))
            {
                var cycle = string.Join(" → ", stack.SkipWhile(p => p != target).Append(target).Select(System.IO.Path.GetFileName));
                problems.Add(new Problem(DiagnosticCodes.LoadCycle, $"#load cycle: {cycle}; a script cannot load itself, directly or through others", path, load.Line, load.Column));
            }
            else if (!File.Exists(target))
                problems.Add(new Problem(DiagnosticCodes.LoadNotFound, $"#load \"{load.Target}\": file not found (looked at {target})", path, load.Line, load.Column));
            else if (!done.Contains(target))
                Visit(target, stack, files, problems, done);
        }
    }

    sealed record Load(string Target, int Line, int Column);

    /// <summary>The <c>#load</c> directives at the top of a file (C# scripting allows them only before any code).</summary>
    static IEnumerable<Load> Directives(string path, byte[] bytes)
    {
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        var inComment = false;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (inComment)
            {
                if (trimmed.Contains("*/", StringComparison.Ordinal)) inComment = false;
                continue;
            }
            if (trimmed.Length == 0 || trimmed.StartsWith("//", StringComparison.Ordinal) || (i == 0 && trimmed.StartsWith("#!", StringComparison.Ordinal)))
                continue;
            if (trimmed.StartsWith("/*", StringComparison.Ordinal))
            {
                inComment = !trimmed.Contains("*/", StringComparison.Ordinal);
                continue;
            }
            if (trimmed.StartsWith("#load", StringComparison.Ordinal))
            {
                var open = line.IndexOf('"');
                var close = open < 0 ? -1 : line.IndexOf('"', open + 1);
                if (open >= 0 && close > open)
                    yield return new Load(line[(open + 1)..close], i + 1, open + 1);
                continue;
            }
            if (trimmed.StartsWith("#r", StringComparison.Ordinal)) continue;
            yield break;
        }
    }
}
