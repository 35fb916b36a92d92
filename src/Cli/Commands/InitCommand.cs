using System.ComponentModel;
using EnsDsl.Cli.Output;
using EnsDsl.Host.Scripting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands;

/// <summary>Settings of <c>ensdsl init</c>.</summary>
public sealed class InitSettings : CommandSettings
{
    /// <summary>The folder to scaffold.</summary>
    [CommandArgument(0, "[dir]")]
    [Description("The experiments folder to create or complete (default: the working directory).")]
    public string Directory { get; init; } = ".";
}

/// <summary>
/// <c>ensdsl init [DIR]</c>: an experiments folder a newcomer can run and an editor can complete — an example script,
/// a copy of the DSL with its XML docs for the script's <c>#r</c>, OmniSharp and VS Code settings for C# scripts, and
/// a <c>.gitignore</c> for results. A file that exists is kept (a <c>.gitignore</c> gains the lines it lacks); the DSL
/// copy is refreshed, so running init again after an upgrade updates what the editor shows.
/// </summary>
public sealed class InitCommand : Command<InitSettings>
{
    /// <summary>Where the DSL copy goes, relative to the folder.</summary>
    public const string ReferenceFolder = "ref";

    /// <summary>The example script's name.</summary>
    public const string ExampleScript = "first.csx";

    /// <summary>Each scaffold resource (src/Cli/Scaffold) and the path it is written to.</summary>
    static readonly (string Resource, string Target)[] Files =
    [
        ("first.csx", ExampleScript),
        ("omnisharp.json", "omnisharp.json"),
        ("vscode-settings.json", Path.Combine(".vscode", "settings.json")),
        ("vscode-extensions.json", Path.Combine(".vscode", "extensions.json")),
    ];

    /// <inheritdoc />
    public override int Execute(CommandContext context, InitSettings settings, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(settings.Directory);
        if (File.Exists(root))
        {
            Terminal.Error.WriteLine($"error: {settings.Directory} is a file; give a folder to scaffold (it is created when missing)");
            return ExitCodes.UserError;
        }
        try
        {
            var written = new List<string>();
            var kept = new List<string>();
            foreach (var (resource, target) in Files)
                (WriteIfMissing(Path.Combine(root, target), Template(resource)) ? written : kept).Add(target);
            (MergeGitignore(Path.Combine(root, ".gitignore")) ? written : kept).Add(".gitignore");
            written.AddRange(RefreshDslCopy(Path.Combine(root, ReferenceFolder)));
            Report(settings.Directory, written, kept);
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Terminal.Error.WriteLine($"error: cannot write the experiments folder {root}: {e.Message}");
            return ExitCodes.UserError;
        }
    }

    static string Template(string resource)
    {
        using var stream = typeof(InitCommand).Assembly.GetManifestResourceStream($"Scaffold/{resource}")
                           ?? throw new InvalidOperationException($"the scaffold resource {resource} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd()
            .Replace("{{dsl}}", $"{ReferenceFolder}/{ScriptImports.DslAssemblyFile}", StringComparison.Ordinal)
            .Replace("{{ref}}", ReferenceFolder, StringComparison.Ordinal);
    }

    static bool WriteIfMissing(string path, string text)
    {
        if (File.Exists(path)) return false;
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return true;
    }

    /// <summary>Adds the ignore lines a <c>.gitignore</c> lacks; true when it changed.</summary>
    static bool MergeGitignore(string path)
    {
        var wanted = Template("gitignore");
        if (!File.Exists(path)) return WriteIfMissing(path, wanted);
        var present = File.ReadAllLines(path).Select(l => l.Trim()).ToHashSet();
        var missing = wanted.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#') && !present.Contains(l)).ToList();
        if (missing.Count == 0) return false;
        var text = File.ReadAllText(path);
        File.AppendAllText(path, (text.Length == 0 || text.EndsWith('\n') ? "" : "\n") + "# ensdsl\n" + string.Join("\n", missing) + "\n");
        return true;
    }

    /// <summary>The DSL assembly and its XML docs, beside the running ensdsl, copied for the editor.</summary>
    static IEnumerable<string> RefreshDslCopy(string folder)
    {
        System.IO.Directory.CreateDirectory(folder);
        var dsl = typeof(Prelude).Assembly.Location;
        var docs = Path.ChangeExtension(dsl, ".xml");
        foreach (var source in new[] { dsl, docs }.Where(File.Exists))
        {
            File.Copy(source, Path.Combine(folder, Path.GetFileName(source)), overwrite: true);
            yield return Path.Combine(ReferenceFolder, Path.GetFileName(source));
        }
    }

    static void Report(string dir, IReadOnlyList<string> written, IReadOnlyList<string> kept)
    {
        foreach (var file in written) Terminal.Out.WriteLine($"  wrote  {file}");
        foreach (var file in kept) Terminal.Out.WriteLine($"  kept   {file} (exists)");
        var cd = Path.GetFullPath(dir) == Environment.CurrentDirectory ? "" : $"cd {dir} && ";
        Terminal.Out.WriteLine();
        Terminal.Out.WriteLine($"Next: {cd}ensdsl run {ExampleScript}   (under a minute on a CPU)");
        Terminal.Out.WriteLine("Editor: open the folder in VS Code with the C# extension (OmniSharp, as .vscode/settings.json asks) for");
        Terminal.Out.WriteLine($"completion and docs of the DSL in .csx scripts; keep the #r line at the top of each script.");
    }
}
