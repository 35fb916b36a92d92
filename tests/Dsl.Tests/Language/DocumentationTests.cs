using System.Reflection;
using System.Xml.Linq;

namespace EnsDsl.Tests.Language;

/// <summary>
/// Users discover the DSL through IntelliSense: every public function and method they call has a summary and an
/// example in the shipped documentation (EnsDsl.Dsl.xml).
/// </summary>
public class DocumentationTests
{
    static readonly XDocument Docs = XDocument.Load(Path.Combine(AppContext.BaseDirectory, "EnsDsl.Dsl.xml"));

    /// <summary>The types whose methods make up the language surface.</summary>
    static readonly Type[] Surface =
    [
        typeof(Prelude), typeof(EnsDsl.Explorations), typeof(Weights), typeof(Model), typeof(Members), typeof(Schedule),
        typeof(Pretrained), typeof(Scratch), typeof(Soup), typeof(Ensemble), typeof(Evaluation), typeof(Interpolation),
        typeof(Basin), typeof(BnPolicy), typeof(Architecture), typeof(Dataset),
    ];

    public static TheoryData<string> Members() => [.. Surface
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .Where(m => !m.IsSpecialName && m.DeclaringType!.Namespace == "EnsDsl" && !DocIds.IsPlumbing(m))
        .Select(DocIds.Of)
        .Distinct()
        .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Members))]
    public void Has_a_summary_and_an_example(string docId)
    {
        var member = Docs.Descendants("member").FirstOrDefault(e => (string?)e.Attribute("name") == docId);
        Assert.True(member is not null, $"{docId} has no documentation");
        Assert.False(string.IsNullOrWhiteSpace(member!.Element("summary")?.Value), $"{docId} has no summary");
        Assert.True(member.Element("example") is not null, $"{docId} has no <example>");
    }
}
