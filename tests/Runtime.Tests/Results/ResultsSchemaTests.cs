using System.Reflection;
using EnsDsl.Documents;
using EnsDsl.Runtime.Results;
using NJsonSchema;
using NJsonSchema.Generation;
using NJsonSchema.NewtonsoftJson.Generation;
using Namotion.Reflection;

namespace EnsDsl.Runtime.Tests.Results;

/// <summary>
/// <c>docs/results.schema.json</c> is <see cref="RunDocument"/>'s schema as <see cref="DocumentJson"/> writes it: this
/// test fails when the types change and the file does not (<c>ENSDSL_WRITE_SCHEMA=1 dotnet test tests/Runtime.Tests
/// --filter ResultsSchema</c> writes it). The CLI tests validate real runs' results.json against the file.
/// </summary>
public class ResultsSchemaTests
{
    static string RepoRoot => Path.GetFullPath(typeof(ResultsSchemaTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!);

    static string SchemaFile => Path.Combine(RepoRoot, "docs", "results.schema.json");

    /// <summary>The schema of results.json, with each member's description from the types' XML docs.</summary>
    public static JsonSchema Generate()
    {
        var settings = new NewtonsoftJsonSchemaGeneratorSettings
        {
            SerializerSettings = DocumentJson.Settings(),
            SchemaType = SchemaType.JsonSchema,
            // Scores sit beside the other members of their entry, as the file writes them.
            FlattenInheritanceHierarchy = true,
            // A newer ensdsl may add members without raising the format: readers skip what they do not know.
            AlwaysAllowAdditionalObjectProperties = true,
        };
        var generator = new JsonSchemaGenerator(settings);
        var schema = new JsonSchema();
        var resolver = new JsonSchemaResolver(schema, settings);
        generator.Generate(schema, typeof(RunDocument).ToContextualType(), resolver);
        schema.Title = "ensdsl results.json";
        // A reported item's result is one of the node results an output can have; the file tells them apart by their members.
        var result = schema.Definitions[nameof(NodeResult)];
        foreach (var type in new[] { typeof(EnsembleResult), typeof(InterpolationResult), typeof(BasinResult), typeof(PlaneResult) })
            result.OneOf.Add(generator.GenerateWithReference<JsonSchema>(type.ToContextualType(), resolver));
        return schema;
    }

    [Fact]
    public void The_published_schema_is_the_one_the_types_give()
    {
        var generated = Generate().ToJson().ReplaceLineEndings("\n") + "\n";
        if (Environment.GetEnvironmentVariable("ENSDSL_WRITE_SCHEMA") == "1") File.WriteAllText(SchemaFile, generated);
        Assert.True(File.Exists(SchemaFile) && File.ReadAllText(SchemaFile) == generated,
            $"{SchemaFile} is not the schema of the results types: run ENSDSL_WRITE_SCHEMA=1 dotnet test tests/Runtime.Tests --filter ResultsSchema and commit it");
    }

    [Fact]
    public async Task Every_member_of_the_schema_is_described()
    {
        var schema = await JsonSchema.FromJsonAsync(await File.ReadAllTextAsync(SchemaFile));
        var undescribed = schema.Definitions.SelectMany(d => d.Value.Properties.Where(p => string.IsNullOrWhiteSpace(p.Value.Description)).Select(p => $"{d.Key}.{p.Key}"))
            .Concat(schema.Properties.Where(p => string.IsNullOrWhiteSpace(p.Value.Description)).Select(p => p.Key)).ToList();
        Assert.True(undescribed.Count == 0, $"members without a description (a <param> or <summary> in the type's XML docs): {string.Join(", ", undescribed)}");
    }
}
