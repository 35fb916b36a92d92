namespace EnsDsl;

/// <summary>
/// The name of a case of one of ensdsl's closed sets (node kinds, statuses, soup kinds, transforms, …) wherever it is
/// written for people or files: plans (where node kinds are part of ids), results files, tables, MLflow. The one rule:
/// the case's name in lower case.
/// </summary>
public static class EnumNames
{
    /// <summary>The case's name in lower case.</summary>
    /// <example><code>SoupKind.Greedy.Name()   // "greedy"
    /// Transform.ImageNet.Name()   // "imagenet"</code></example>
    public static string Name<T>(this T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
