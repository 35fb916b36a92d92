using EnsDsl.Planning;
using EnsDsl.Runtime.Reports;
using EnsDsl.Runtime.Results;

namespace EnsDsl.Runtime.Tests.Reports;

public class RepetitionsTests
{
    static ReportedItem Item(string title, double lr, int seed, double acc, NodeStatus status = NodeStatus.Done)
    {
        var cell = SweepCell.Of(("cycleLr", lr.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new ReportedItem($"{title} [{cell.Label}]", OutputKind.Evaluation, $"{title}{lr}{seed}", status,
            new Dictionary<string, double> { [MetricNames.TestAccuracy] = acc, [MetricNames.TestNll] = 1 - acc }, null, [], null)
        { Title = title, Cell = cell };
    }

    static readonly ReportedItem[] Items =
    [
        Item("SSE", 0.1, 1, 0.60), Item("SSE", 0.1, 2, 0.62), Item("SSE", 0.1, 3, 0.61),
        Item("StarSSE", 0.1, 1, 0.63), Item("StarSSE", 0.1, 2, 0.64), Item("StarSSE", 0.1, 3, 0.0, NodeStatus.Failed),
        Item("SSE", 0.2, 1, 0.50), Item("SSE", 0.2, 2, 0.52),
    ];

    [Fact]
    public void Items_that_differ_only_by_the_repetition_parameter_form_a_group_of_those_with_results()
    {
        var groups = Repetitions.Groups(Items, "seed");
        Assert.Equal(["SSE [cycleLr=0.1]", "StarSSE [cycleLr=0.1]", "SSE [cycleLr=0.2]"], groups.Select(g => g.Name));
        var sse = groups[0];
        Assert.Equal(3, sse.N);
        Assert.Equal(["1", "2", "3"], sse.Repetitions);
        Assert.Equal([0.60, 0.62, 0.61], sse.Metrics[MetricNames.Accuracy].Values.AsEnumerable());
        Assert.Equal(0.61, sse.Metrics[MetricNames.Accuracy].Mean, 1e-12);
        Assert.Equal(0.01, sse.Metrics[MetricNames.Accuracy].Std!.Value, 1e-12);
        Assert.Equal(["1", "2"], groups[1].Repetitions);                // the failed repetition has no numbers to give
        Assert.Empty(groups[0].Curve);                                   // not an ensemble
    }

    [Fact]
    public void Groups_are_compared_within_a_cell_and_one_output_across_a_parameter_over_the_repetitions_both_have()
    {
        var comparisons = Repetitions.Compare(Repetitions.Groups(Items, "seed"));
        Assert.Equal([("SSE [cycleLr=0.1]", "StarSSE [cycleLr=0.1]", "acc"), ("SSE [cycleLr=0.1]", "StarSSE [cycleLr=0.1]", "nll"),
                      ("SSE [cycleLr=0.1]", "SSE [cycleLr=0.2]", "acc"), ("SSE [cycleLr=0.1]", "SSE [cycleLr=0.2]", "nll")],
            comparisons.Select(c => (c.A, c.B, c.Metric)));
        Assert.Equal(((0.60 - 0.50) + (0.62 - 0.52)) / 2, comparisons[2].Difference.Mean, 1e-12);      // StarSSE at 0.2 is not compared: other title and cell
        var acc = comparisons[0].Difference;
        Assert.Equal(2, acc.N);                                          // seeds 1 and 2
        Assert.Equal(((0.60 - 0.63) + (0.62 - 0.64)) / 2, acc.Mean, 1e-12);
        Assert.Equal(Statistics.PairedDifference([0.60, 0.62], [0.63, 0.64])!.Low, acc.Low, 1e-12);
    }

    [Fact]
    public void Without_repetitions_there_are_no_groups()
    {
        Assert.Empty(Repetitions.Groups(Items, "epochs"));
        Assert.Empty(Repetitions.Compare([]));
    }
}
