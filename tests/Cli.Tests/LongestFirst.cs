using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("EnsDsl.Cli.Tests.LongestFirst", "EnsDsl.Cli.Tests")]

namespace EnsDsl.Cli.Tests;

/// <summary>
/// About how long a test class takes in the suite (or, on a collection definition, all the classes of that collection),
/// in seconds, as docs/benchmarks/tests.md measured it: the test collections that take longest start first.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
sealed class TakesAboutAttribute(int seconds) : Attribute
{
    public int Seconds { get; } = seconds;
}

/// <summary>
/// Starts the longest test collections first (by <see cref="TakesAboutAttribute"/>; the rest by name after them). Two
/// collections run at a time (one per core), and a long one started last would run alone at the end: longest first
/// keeps both cores busy until close to the end.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    // xUnit names a class's own collection "Test collection for NAMESPACE.CLASS".
    const string ClassCollection = "Test collection for ";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderByDescending(Seconds).ThenBy(c => c.DisplayName, StringComparer.Ordinal);

    static int Seconds(ITestCollection collection)
    {
        var type = collection.CollectionDefinition?.ToRuntimeType()
            ?? (collection.DisplayName.StartsWith(ClassCollection, StringComparison.Ordinal)
                ? typeof(LongestFirst).Assembly.GetType(collection.DisplayName[ClassCollection.Length..]) : null);
        return type?.GetCustomAttribute<TakesAboutAttribute>()?.Seconds ?? 0;
    }
}
