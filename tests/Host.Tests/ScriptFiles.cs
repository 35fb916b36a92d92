namespace EnsDsl.Host.Tests;

/// <summary>A temporary folder of script files for one test, and a private compile cache.</summary>
sealed class ScriptFiles : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("ensdsl-test-").FullName;

    public string Cache => Path.Combine(Directory, ".cache");

    public string Write(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}
