using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml.Linq;

namespace EnsDsl.Tests.Language;

/// <summary>
/// docs/api.md, the DSL's reference, is generated from the public surface and its XML documentation (signature,
/// summary, parameters, example of every member) and must be current: the test writes what it generates beside the
/// test binaries, and <c>ENSDSL_UPDATE_API=1 dotnet test tests/Dsl.Tests --filter ApiReference</c> writes it in place.
/// </summary>
public class ApiReferenceTests
{
    static readonly XDocument Docs = XDocument.Load(Path.Combine(AppContext.BaseDirectory, "EnsDsl.Dsl.xml"));

    // The language surface, in the order a newcomer meets it.
    static readonly (string Title, Type Type)[] Sections =
    [
        ("Sources and top-level functions", typeof(Prelude)), ("Weights: what every model can do", typeof(Weights)),
        ("Models", typeof(Model)), ("Pre-trained checkpoints", typeof(Pretrained)), ("Random initialisations", typeof(Scratch)),
        ("Exploration methods", typeof(EnsDsl.Explorations)), ("Members", typeof(Members)), ("Ensembles", typeof(Ensemble)),
        ("Soups", typeof(Soup)), ("Evaluations", typeof(Evaluation)), ("Interpolations", typeof(Interpolation)), ("Basins", typeof(Basin)),
        ("Schedules", typeof(Schedule)), ("BatchNorm policies", typeof(BnPolicy)), ("Architectures", typeof(Architecture)), ("Datasets", typeof(Dataset)),
    ];

    static string RepoFile => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "docs", "api.md"));

    [Fact]
    public void The_API_reference_is_generated_from_the_documentation_and_current()
    {
        var generated = Generate();
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "api.md"), generated);
        if (Environment.GetEnvironmentVariable("ENSDSL_UPDATE_API") == "1") File.WriteAllText(RepoFile, generated);
        Assert.True(File.Exists(RepoFile) && File.ReadAllText(RepoFile) == generated,
            $"docs/api.md is not the reference the documentation generates ({Path.Combine(AppContext.BaseDirectory, "api.md")}); " +
            "regenerate it: ENSDSL_UPDATE_API=1 dotnet test tests/Dsl.Tests --filter ApiReference");
        Assert.Contains("### `StarSnapshots`", generated);
    }

    static string Generate()
    {
        var text = new StringBuilder();
        text.AppendLine("# The ensdsl language: reference").AppendLine();
        text.AppendLine("Generated from the DSL's XML documentation by `tests/Dsl.Tests/Language/ApiReferenceTests.cs`; a test keeps it current.");
        text.AppendLine("Every member a script can call, with its signature, what it does, its parameters and an example. Arguments named");
        text.AppendLine("`file` and `line` are filled in by the compiler and never written.").AppendLine();
        foreach (var (title, type) in Sections)
            text.AppendLine($"- [{title}](#{Anchor(title)})");
        foreach (var (title, type) in Sections)
        {
            text.AppendLine().AppendLine($"## {title}").AppendLine();
            if (Member($"T:{type.FullName}") is { } typeDoc) text.AppendLine(Prose(typeDoc.Element("summary"))).AppendLine();
            var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && !DocIds.IsPlumbing(m) && m.GetCustomAttribute<ObsoleteAttribute>() is null)
                .GroupBy(m => m.Name).OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var group in methods)
            {
                text.AppendLine($"### `{group.Key}`").AppendLine();
                foreach (var method in group.OrderBy(m => m.GetParameters().Length))
                {
                    text.AppendLine("```csharp").AppendLine(Signature(method)).AppendLine("```");
                    if (Member(DocIds.Of(method)) is not { } doc) continue;
                    text.AppendLine(Prose(doc.Element("summary"))).AppendLine();
                    var parameters = doc.Elements("param").Where(p => (string?)p.Attribute("name") is not ("file" or "line")).ToList();
                    foreach (var p in parameters) text.AppendLine($"- `{(string?)p.Attribute("name")}`: {Prose(p)}");
                    if (parameters.Count > 0) text.AppendLine();
                    if (doc.Element("example")?.Element("code")?.Value is { } example)
                        text.AppendLine("```csharp").AppendLine(Dedent(example)).AppendLine("```").AppendLine();
                }
            }
        }
        return text.ToString().Replace("\r", "").TrimEnd() + "\n";
    }

    static XElement? Member(string id) => Docs.Descendants("member").FirstOrDefault(e => (string?)e.Attribute("name") == id);

    static string Anchor(string title) => new([.. title.ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-').Select(c => c == ' ' ? '-' : c)]);

    // The documentation's text, one paragraph: <see cref="X"/> and <c>x</c> as code, <paramref name="p"/> as code.
    static string Prose(XElement? e)
    {
        if (e is null) return "";
        var text = new StringBuilder();
        foreach (var node in e.Nodes())
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" } see => $"`{Short((string?)see.Attribute("cref") ?? (string?)see.Attribute("langword") ?? see.Value)}`",
                XElement { Name.LocalName: "paramref" or "typeparamref" } r => $"`{(string?)r.Attribute("name")}`",
                XElement { Name.LocalName: "c" } c => $"`{c.Value}`",
                XElement { Name.LocalName: "code" } code => $"`{code.Value.Trim()}`",
                XElement { Name.LocalName: "list" } list => " " + string.Join("; ", list.Elements("item").Select(Prose)),
                XElement other => Prose(other),
                _ => "",
            });
        return string.Join(" ", text.ToString().Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }

    // A cref for people: "T:EnsDsl.Model" → Model, "M:EnsDsl.Model.Train(...)" → Model.Train.
    static string Short(string cref)
    {
        var kind = cref.Length > 1 && cref[1] == ':' ? cref[0] : 'T';
        var name = cref.Length > 1 && cref[1] == ':' ? cref[2..] : cref;
        if (name.Contains('(')) name = name[..name.IndexOf('(')];
        var parts = name.Split('.');
        return string.Join(".", parts.TakeLast(kind == 'T' ? 1 : Math.Min(2, parts.Length)));
    }

    static string Dedent(string code)
    {
        var lines = code.Replace("\r", "").Split('\n').SkipWhile(string.IsNullOrWhiteSpace).Reverse().SkipWhile(string.IsNullOrWhiteSpace).Reverse().ToList();
        var indent = lines.Where(l => l.Trim().Length > 0).Skip(1).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select((l, i) => i == 0 ? l.Trim() : l.Length >= indent ? l[indent..] : l.Trim()));
    }

    static string Signature(MethodInfo m)
    {
        var parameters = m.GetParameters().Where(p => p.GetCustomAttribute<CallerFilePathAttribute>() is null && p.GetCustomAttribute<CallerLineNumberAttribute>() is null)
            .Select(p => $"{(p.GetCustomAttribute<ParamArrayAttribute>() is not null ? "params " : "")}{TypeName(p.ParameterType, Nullable(p))} {p.Name}{Default(p)}");
        var receiver = m.IsDefined(typeof(ExtensionAttribute)) ? "this " : "";
        var all = parameters.ToList();
        if (receiver.Length > 0 && all.Count > 0) all[0] = receiver + all[0];
        return $"{(m.IsStatic && receiver.Length == 0 && m.DeclaringType != typeof(Prelude) ? "static " : "")}{TypeName(m.ReturnType, Nullable(m.ReturnParameter))} {m.Name}({string.Join(", ", all)})";
    }

    static bool Nullable(ParameterInfo p) => new NullabilityInfoContext().Create(p).ReadState == NullabilityState.Nullable;

    static string Default(ParameterInfo p) => !p.HasDefaultValue ? "" : " = " + p.DefaultValue switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        Enum e => $"{e.GetType().Name}.{e}",
        var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
    };

    static string TypeName(Type t, bool nullable = false)
    {
        if (System.Nullable.GetUnderlyingType(t) is { } inner) return TypeName(inner) + "?";
        var name = t switch
        {
            _ when t == typeof(int) => "int", _ when t == typeof(double) => "double", _ when t == typeof(bool) => "bool",
            _ when t == typeof(string) => "string", _ when t == typeof(long) => "long", _ when t == typeof(void) => "void", _ when t == typeof(object) => "object",
            { IsArray: true } => TypeName(t.GetElementType()!) + "[]",
            { IsGenericType: true } => $"{t.Name[..t.Name.IndexOf('`')]}<{string.Join(", ", t.GetGenericArguments().Select(a => TypeName(a)))}>",
            _ => t.Name,
        };
        return nullable && !t.IsValueType ? name + "?" : name;
    }
}
