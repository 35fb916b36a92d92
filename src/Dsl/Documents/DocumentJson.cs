using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace EnsDsl.Documents;

/// <summary>
/// The one JSON spelling of ensdsl's files (<c>plan --json</c>, <c>results.json</c>, <c>node.json</c>): properties
/// in snake case, closed sets by their <see cref="EnumNames.Name"/>, dictionary keys as they are (metric names,
/// swept parameters). Every member is written, null or not, and must be there when read — a file missing one is not one
/// of ours, or is damaged, and is refused rather than read with a default — except the members written only when they
/// have a value (<c>NullValueHandling.Ignore</c>, or a <c>ShouldSerialize</c> rule) and those files written before they
/// existed lack (<see cref="AbsentInOlderFilesAttribute"/>). Members a reader does not know are
/// skipped, so a newer file's additions do not stop an older reader. Each file is a typed record written and read
/// through this.
/// </summary>
public static class DocumentJson
{
    /// <summary>The serializer every document is written and read with.</summary>
    public static JsonSerializer Serializer { get; } = JsonSerializer.Create(Settings());

    /// <summary>The settings behind <see cref="Serializer"/> (also for schema generation, which must see the same contract).</summary>
    public static JsonSerializerSettings Settings() => new()
    {
        ContractResolver = new EveryMemberPresent { NamingStrategy = new SnakeCaseNamingStrategy() },
        // Times keep their offset and all seven digits of their fraction, as DateTimeOffset.ToString("O") writes them.
        Converters = [new StringEnumConverter(new LowerCase()), new IsoDateTimeConverter { DateTimeFormat = "O" }],
        MissingMemberHandling = MissingMemberHandling.Ignore,
        DateParseHandling = DateParseHandling.None,
        FloatParseHandling = FloatParseHandling.Double,
    };

    /// <summary>A document as a JSON tree.</summary>
    public static JObject ToJson(object document) => JObject.FromObject(document, Serializer);

    /// <summary>A document as indented JSON text.</summary>
    public static string ToText(object document) => ToJson(document).ToString(Formatting.Indented);

    /// <summary>A document read from a JSON tree.</summary>
    public static T Read<T>(JToken json) where T : class =>
        json.ToObject<T>(Serializer) ?? throw new JsonSerializationException($"no {typeof(T).Name} in the JSON");

    sealed class EveryMemberPresent : DefaultContractResolver
    {
        protected override JsonProperty CreateProperty(System.Reflection.MemberInfo member, MemberSerialization memberSerialization)
        {
            var property = base.CreateProperty(member, memberSerialization);
            var optional = property.NullValueHandling == NullValueHandling.Ignore || property.ShouldSerialize is not null
                || property.AttributeProvider?.GetAttributes(typeof(AbsentInOlderFilesAttribute), true).Count > 0;
            if (property.Required == Required.Default && !optional) property.Required = Required.AllowNull;
            return property;
        }
    }

    // The rule of EnumNames.Name: a case's name in lower case.
    sealed class LowerCase : NamingStrategy
    {
        protected override string ResolvePropertyName(string name) => name.ToLowerInvariant();
    }
}

/// <summary>A member that files written before it existed lack: read as null (or its default) when absent.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class AbsentInOlderFilesAttribute : Attribute;
