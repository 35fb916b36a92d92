using EnsDsl.Planning;
using EnsDsl.Runtime.Reports;
using EnsDsl.Runtime.Results;

namespace EnsDsl.Runtime.Tests.Reports;

/// <summary><c>ensdsl compare</c>'s arithmetic on results.json files as runs write them.</summary>
public class RunComparisonTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("ensdsl-compare-").FullName;

    public void Dispose() => Directory.Delete(root, true);

    string Run(string name, RunDocument results)
    {
        var dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "results.json"), results.ToText());
        return dir;
    }

    // A run's results with nothing but the outputs and groups compared here.
    static RunDocument Document(IReadOnlyList<OutputEntry> outputs, IReadOnlyList<GroupEntry> groups) => new(RunDocument.CurrentFormat, "e", "e.csx",
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, ".ensdsl", new PlanDocument([], [], new PlanTotalsEntry(0, 0, 0, 0), []), [], outputs, [], [], [], [],
        new Dictionary<string, string>(), [], null, groups, []);

    static RunDocument Outputs(double acc, double nll) => Document(
    [
        new OutputEntry("StarSSE", OutputKind.Ensemble, "n1", null, NodeStatus.Done, new Dictionary<string, double> { ["test_acc"] = acc, ["test_nll"] = nll, ["gain"] = 0.01 }, null),
        new OutputEntry("path", OutputKind.Interpolation, "n2", null, NodeStatus.Done, new Dictionary<string, double> { ["error_barrier"] = 0.1 }, null),
    ], []);

    static RunDocument Groups(int[] seeds, double[] acc) => Document([],
    [
        new GroupEntry("StarSSE", OutputKind.Ensemble, "seed", [.. seeds.Select(s => $"StarSSE [seed={s}]")], [.. seeds.Select(s => s.ToString())], seeds.Length,
            new Dictionary<string, SummaryEntry> { ["acc"] = new(acc.Average(), 0.01, acc) }, []),
    ]);

    [Fact]
    public void Outputs_are_compared_by_name_with_differences_to_the_first_run()
    {
        var a = Run("a", Outputs(0.60, 1.50));
        var b = Run("b", Outputs(0.64, 1.40));
        var items = RunComparison.Of([a, b], ["acc", "nll", "error_barrier"]);
        Assert.Equal(["StarSSE", "path"], items.Select(i => i.Name));
        var star = items[0];
        Assert.Equal([0.60, 0.64], star.Scores["acc"].Select(s => s!.Value));
        Assert.Equal(0.64 - 0.60, star.Differences["acc"].Single()!.Mean, 12);
        Assert.Null(star.Differences["acc"].Single()!.Interval);                       // one run each: no interval
        Assert.Null(star.Scores["error_barrier"][0]);
        Assert.Equal(0, items[1].Differences["error_barrier"].Single()!.Mean);
    }

    [Fact]
    public void Repetitions_are_paired_by_their_values_with_a_t_interval()
    {
        var a = Run("a", Groups([1, 2, 3, 4], [0.60, 0.62, 0.61, 0.63]));
        var b = Run("b", Groups([2, 3, 4, 5], [0.65, 0.66, 0.67, 0.70]));                 // seeds 2, 3, 4 in common
        var difference = RunComparison.Of([a, b], ["acc"])[0].Differences["acc"].Single()!;
        var expected = Statistics.PairedDifference([0.65, 0.66, 0.67], [0.62, 0.61, 0.63])!;
        Assert.Equal(expected, difference.Interval);
        Assert.Equal(expected.Mean, difference.Mean);
        Assert.True(difference.Interval!.Decided);
    }

    [Fact]
    public void A_folder_without_results_is_named()
    {
        var e = Assert.Throws<ComparisonException>(() => RunComparison.Of([Run("a", Outputs(0.6, 1.5)), Path.Combine(root, "missing")], ["acc"]));
        Assert.Contains("missing: no readable results.json", e.Message);
    }
}
