using System.Security.Cryptography;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>A temporary folder with fixture scripts in it, where a test runs the real <c>ensdsl</c>; deleted after the test.</summary>
sealed class Workspace : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("ensdsl-run-").FullName;

    /// <param name="fixtures">Fixture scripts to copy in: one of Fixtures/run by its name, or of another folder as FOLDER/NAME.</param>
    public Workspace(params string[] fixtures)
    {
        foreach (var f in fixtures) File.Copy(Path.Combine(Ensdsl.Fixtures, f.Contains('/') ? f : Path.Combine("run", f)), Path.Combine(Directory, Path.GetFileName(f)));
    }

    public Ensdsl.Result Run(params string[] args) => Ensdsl.Run(Directory, args);

    public string At(params string[] parts) => Path.Combine([Directory, .. parts]);

    /// <summary>The newest results.json of <paramref name="experiment"/> under runs/.</summary>
    public JObject Results(string experiment) => JObject.Parse(File.ReadAllText(
        System.IO.Directory.GetFiles(Path.Combine(Directory, "runs", experiment), "results.json", SearchOption.AllDirectories).Order().Last()));

    /// <summary>A copy of a finished store (see <see cref="FinishedStores"/>) at <paramref name="store"/> in this workspace.</summary>
    public string CopyStore(FinishedStores.Finished finished, string store = ".ensdsl")
    {
        var to = At(store);
        foreach (var file in System.IO.Directory.GetFiles(finished.Store, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(finished.Store, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return to;
    }

    /// <summary>SHA-256 of every result file of a store's nodes (training states excluded: they hold wall-clock times).</summary>
    public static Dictionary<string, string> Checksums(string store) => System.IO.Directory.GetFiles(Path.Combine(store, "nodes"), "*.tensors", SearchOption.AllDirectories)
        .Where(f => !Path.GetFileName(f).StartsWith("train-state", StringComparison.Ordinal))
        .ToDictionary(f => Path.GetRelativePath(store, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}
