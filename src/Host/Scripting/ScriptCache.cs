using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace EnsDsl.Host.Scripting;

/// <summary>
/// Compiled scripts on disk, keyed by a hash of everything that changes the compiled result: every file of the
/// <c>#load</c> closure (path and content), the DSL and Runtime assemblies (their module version ids change with
/// every build, and with the Roslyn version the Runtime was built against), the .NET runtime, and the compiler
/// options. A hit skips Roslyn entirely. Entries are written to a temporary folder and renamed into place, so a
/// reader never sees half an entry; a cache that cannot be written is skipped, never an error.
/// </summary>
public sealed class ScriptCache(string directory)
{
    /// <summary>Bumped when the entry layout or the compiler options change.</summary>
    const string Version = "ensdsl-script-cache-v1";

    /// <summary>Where entries live.</summary>
    public string Directory { get; } = directory;

    /// <summary><c>$ENSDSL_CACHE</c>, else <c>$XDG_CACHE_HOME/ensdsl</c>, else <c>~/.cache/ensdsl</c>.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("ENSDSL_CACHE") is { Length: > 0 } explicitDir ? explicitDir
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "ensdsl");

    /// <summary>The cache key of a closure (hex SHA-256).</summary>
    public static string KeyOf(ScriptClosure closure, string compilerOptions)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string s) => sha.AppendData(Encoding.UTF8.GetBytes(s + "\n"));
        Add(Version);
        Add(ModuleId(typeof(Prelude).Assembly));
        Add(ModuleId(typeof(ScriptCache).Assembly));
        Add(RuntimeInformation.FrameworkDescription);
        Add(compilerOptions);
        sha.AppendData(closure.Hash());
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    static string ModuleId(Assembly assembly) => assembly.ManifestModule.ModuleVersionId.ToString("N");

    string EntryDirectory(string key) => Path.Combine(Directory, "scripts", key);

    /// <summary>The entry for <paramref name="key"/>, if present and whole.</summary>
    public CompiledScript? TryRead(string key)
    {
        var dir = EntryDirectory(key);
        try
        {
            var dll = Path.Combine(dir, "script.dll");
            var pdb = Path.Combine(dir, "script.pdb");
            return File.Exists(dll) && File.Exists(pdb) ? new CompiledScript(File.ReadAllBytes(dll), File.ReadAllBytes(pdb), []) : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>
    /// Stores an entry; returns false (and changes nothing) when the cache cannot be written. With
    /// <paramref name="replace"/>, an existing entry (found damaged) is swapped for this one.
    /// </summary>
    public bool Write(string key, CompiledScript script, bool replace = false)
    {
        var dir = EntryDirectory(key);
        var temp = Path.Combine(Directory, "scripts", $".tmp-{Guid.NewGuid():N}");
        try
        {
            System.IO.Directory.CreateDirectory(temp);
            File.WriteAllBytes(Path.Combine(temp, "script.dll"), script.Assembly);
            File.WriteAllBytes(Path.Combine(temp, "script.pdb"), script.Pdb);
            if (System.IO.Directory.Exists(dir))
            {
                if (!replace) { System.IO.Directory.Delete(temp, true); return true; }
                System.IO.Directory.Delete(dir, true);
            }
            System.IO.Directory.Move(temp, dir);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { if (System.IO.Directory.Exists(temp)) System.IO.Directory.Delete(temp, true); } catch (IOException) { }
            return System.IO.Directory.Exists(dir);
        }
    }
}
