using NJsonSchema;

namespace EnsDsl.Cli.Tests;

/// <summary>The published schema of results.json (docs/results.schema.json), which real runs' files must satisfy.</summary>
static class ResultsSchema
{
    static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromJsonAsync(File.ReadAllText(Path.Combine(Ensdsl.RepoRoot, "docs", "results.schema.json"))).GetAwaiter().GetResult());

    /// <summary>Fails with the schema's complaints when the results.json at <paramref name="path"/> does not satisfy it.</summary>
    public static void AssertValid(string path)
    {
        var errors = Schema.Value.Validate(File.ReadAllText(path));
        Assert.True(errors.Count == 0, $"{path} does not satisfy docs/results.schema.json:\n  {string.Join("\n  ", errors.Take(10))}");
    }
}
