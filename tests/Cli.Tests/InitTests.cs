using System.Collections.Immutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Completion;
using Microsoft.CodeAnalysis.Tags;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Host.Mef;
using Microsoft.CodeAnalysis.Text;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// <c>ensdsl init</c>: the scaffolded folder runs as it is, keeps what the user changed, and gives an editor what it
/// needs — Roslyn's completion service, given the references the script's <c>#r</c> names (as OmniSharp resolves
/// them, docs from the XML beside the assembly), offers the DSL's members with their documentation.
/// </summary>
[TakesAbout(60)]
public sealed class InitTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("ensdsl-init-").FullName;
    string Folder => Path.Combine(root, "my-experiments");
    string Script => Path.Combine(Folder, "first.csx");

    public void Dispose() => Directory.Delete(root, recursive: true);

    Ensdsl.Result Init(params string[] extra) => Ensdsl.Run(root, ["init", .. extra]);

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void The_scaffold_runs_as_written_and_a_second_init_keeps_the_users_files()
    {
        var init = Init("my-experiments");
        Assert.True(init.ExitCode == 0, init.ToString());
        foreach (var file in new[] { "first.csx", "omnisharp.json", ".vscode/settings.json", ".vscode/extensions.json", ".gitignore", "ref/EnsDsl.Dsl.dll", "ref/EnsDsl.Dsl.xml" })
            Assert.True(File.Exists(Path.Combine(Folder, file)), $"{file} missing\n{init}");
        Assert.Contains("ensdsl run first.csx", init.Out);

        var run = Ensdsl.Run(Folder, ["run", "first.csx", "--no-tracking"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var results = File.ReadAllText(Directory.GetFiles(Path.Combine(Folder, "runs", "first"), "results.json", SearchOption.AllDirectories).Single());
        foreach (var output in new[] { "\"fine-tuned\"", "\"StarSSE\"", "\"StarSSE soup\"", "\"StarSSE basin\"" }) Assert.Contains(output, results);

        // What the user changed stays; a .gitignore of their own gains only the lines it lacks.
        File.AppendAllText(Script, "// my change\n");
        File.WriteAllText(Path.Combine(Folder, ".gitignore"), "bin/\nruns/\n");
        var again = Init("my-experiments");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.EndsWith("// my change\n", File.ReadAllText(Script));
        Assert.Contains("kept   first.csx (exists)", again.Out);
        var ignored = File.ReadAllLines(Path.Combine(Folder, ".gitignore"));
        Assert.Equal(["bin/", "runs/", "# ensdsl", ".ensdsl/", "mlruns/", "ref/"], ignored);
    }

    [Fact]
    public void A_script_runs_without_the_editors_copy_of_the_DSL_and_never_compiles_against_it()
    {
        Assert.Equal(0, Init("my-experiments").ExitCode);
        // A collaborator's clone has no ref/ (it is ignored) ...
        Directory.Delete(Path.Combine(Folder, "ref"), recursive: true);
        var check = Ensdsl.Run(Folder, ["check", "first.csx"]);
        Assert.True(check.ExitCode == 0, check.ToString());
        // ... and an old copy (here: not an assembly at all) changes nothing: the #r means the DSL ensdsl runs.
        Directory.CreateDirectory(Path.Combine(Folder, "ref"));
        File.WriteAllText(Path.Combine(Folder, "ref", "EnsDsl.Dsl.dll"), "not an assembly");
        check = Ensdsl.Run(Folder, ["check", "first.csx"]);
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("first.csx: ok", check.Out);
    }

    [Fact]
    public void Init_refuses_a_file_for_a_folder()
    {
        File.WriteAllText(Path.Combine(root, "notes.txt"), "");
        var init = Init("notes.txt");
        Assert.Equal(2, init.ExitCode);
        Assert.Contains("notes.txt is a file", init.Err);
        Assert.DoesNotContain("   at ", init.Err);
    }

    [Fact]
    public void Roslyns_completion_offers_the_DSLs_members_with_their_docs_in_the_scaffolded_script()
    {
        Assert.Equal(0, Init("my-experiments").ExitCode);
        var text = File.ReadAllText(Script);
        using var workspace = new AdhocWorkspace(MefHostServices.Create(MefHostServices.DefaultAssemblies));
        var document = EditorDocument(workspace, text);
        var completion = CompletionService.GetService(document)!;

        // A member of a model, after "fineTuned.": the DSL's exploration methods, documented.
        AssertOffered(completion, document, text.IndexOf("fineTuned.StarSnapshots(", StringComparison.Ordinal) + "fineTuned.".Length,
            "StarSnapshots", DocOf("M:EnsDsl.Explorations.StarSnapshots("), alsoOffered: ["Snapshots", "FineTune", "Evaluate"]);
        // A function of the prelude at the start of an expression, through the script's `using static EnsDsl.Prelude;`.
        // The record type EnsDsl.Pretrained is offered under the same name: the method is the item tagged as one.
        AssertOffered(completion, document, text.IndexOf("EmbeddedSource();", StringComparison.Ordinal),
            "Pretrained", DocOf("M:EnsDsl.Prelude.Pretrained("), alsoOffered: ["EmbeddedTarget", "Scratch", "Report", "Members"]);
    }

    /// <summary>The script as an editor holds it: a C# script document with the framework and its <c>#r</c> references.</summary>
    Document EditorDocument(AdhocWorkspace workspace, string text)
    {
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        var directives = Regex.Matches(text, @"^#r\s+""([^""]+)""", RegexOptions.Multiline).Select(m => Path.Combine(Folder, m.Groups[1].Value)).ToList();
        Assert.NotEmpty(directives);
        var scriptReferences = directives.Select(path => (MetadataReference)MetadataReference.CreateFromFile(path,
            documentation: XmlDocumentationProvider.CreateFromFile(Path.ChangeExtension(path, ".xml"))));

        var projectId = ProjectId.CreateNewId();
        var project = ProjectInfo.Create(projectId, VersionStamp.Create(), "experiments", "experiments", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script),
            metadataReferences: [.. framework, .. scriptReferences], isSubmission: true);
        var solution = workspace.CurrentSolution.AddProject(project)
            .AddDocument(DocumentInfo.Create(DocumentId.CreateNewId(projectId), "first.csx", sourceCodeKind: SourceCodeKind.Script,
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(text), VersionStamp.Create())), filePath: Script));
        Assert.True(workspace.TryApplyChanges(solution));
        return workspace.CurrentSolution.Projects.Single().Documents.Single();
    }

    // Roslyn's completion is asynchronous; it runs on the thread pool and the test waits for it (an awaiting test would let
    // xUnit start another test class beside this one).
    static void AssertOffered(CompletionService completion, Document document, int position, string member, string doc, string[] alsoOffered)
    {
        Assert.True(position > 0);
        var list = Task.Run(() => completion.GetCompletionsAsync(document, position)).GetAwaiter().GetResult();
        var names = list.ItemsList.Select(i => i.DisplayText).ToHashSet();
        foreach (var name in alsoOffered.Append(member)) Assert.True(names.Contains(name), $"{name} not offered at {position}; offered: {string.Join(", ", names.Take(40))}");
        var candidates = list.ItemsList.Where(i => i.DisplayText == member).ToList();
        var item = Assert.Single(candidates, i => i.Tags.Contains(WellKnownTags.Method) || i.Tags.Contains(WellKnownTags.ExtensionMethod));
        var description = Task.Run(() => completion.GetDescriptionAsync(document, item)).GetAwaiter().GetResult();
        Assert.NotNull(description);
        Assert.Contains(doc, Flat(description.Text));
    }

    /// <summary>The first words of a member's XML summary, as the DSL's docs in the scaffold's ref/ give them.</summary>
    string DocOf(string memberPrefix)
    {
        var xml = XDocument.Load(Path.Combine(Folder, "ref", "EnsDsl.Dsl.xml"));
        var summary = xml.Descendants("member").First(m => ((string)m.Attribute("name")!).StartsWith(memberPrefix, StringComparison.Ordinal)).Element("summary")!;
        var firstText = summary.Nodes().OfType<XText>().First().Value;
        return string.Join(' ', Flat(firstText).Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(6));
    }

    static string Flat(string s) => Regex.Replace(s, @"\s+", " ").Trim();
}
