using EnsDsl.Planning;
using static EnsDsl.Prelude;
using static EnsDsl.Tests.TestSupport;

namespace EnsDsl.Tests.Planning;

public class MakespanTests
{
    static Model Center(int seed = 1) => Pretrained("byol").FineTune(epochs: 25, lr: 0.05, seed: seed);

    public static TheoryData<string, int, int> Cases => new()
    {
        // SSE: a chain, whatever the devices.
        { "sse", 1, 125 }, { "sse", 4, 125 },
        // StarSSE: E, then 4 branches of C = 25 on the devices there are.
        { "star", 1, 125 }, { "star", 2, 75 }, { "star", 3, 75 }, { "star", 4, 50 }, { "star", 64, 50 },
        // Two independent StarSSE runs (two seeds): 10 training nodes, critical path 50.
        { "two stars", 1, 250 }, { "two stars", 2, 125 }, { "two stars", 8, 50 }, { "two stars", 5, 75 },
    };

    static Plan PlanOf(string name) => name switch
    {
        "sse" => TestSupport.PlanOf(Center().Snapshots(cycles: 5).Ensemble()),
        "star" => TestSupport.PlanOf(Center().StarSnapshots(cycles: 5).Ensemble()),
        "two stars" => TestSupport.PlanOf(Center(1).StarSnapshots(cycles: 5).Ensemble(), Center(2).StarSnapshots(cycles: 5).Ensemble()),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_makespan_schedules_independent_nodes_on_the_devices_there_are(string plan, int devices, int epochs) =>
        Assert.Equal(epochs, Makespan.Epochs(PlanOf(plan), devices));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void The_makespan_lies_between_the_critical_path_and_the_total(int devices)
    {
        // A plan with sharing, different lengths and a soup trained further.
        var center = Center();
        var star = center.StarSnapshots(cycles: 4, epochs: 10);
        var sse = center.Snapshots(cycles: 3, epochs: 7);
        var longer = star.Soup().Train(5, lr: 0.01);
        var plan = TestSupport.PlanOf(star.Ensemble(), sse.Ensemble(), longer.Evaluate(), Center(2).Fge(cycles: 3, epochs: 4).Ensemble());
        var makespan = Makespan.Epochs(plan, devices);
        Assert.InRange(makespan, Math.Max(plan.Totals.CriticalPathEpochs, (plan.Totals.Epochs + devices - 1) / devices), plan.Totals.Epochs);
        Assert.Equal(plan.Totals.Epochs, Makespan.Epochs(plan, 1));
        Assert.Equal(plan.Totals.CriticalPathEpochs, Makespan.Epochs(plan, plan.Nodes.Length));
    }

    [Fact]
    public void Plan_json_gives_the_makespan_only_when_asked()
    {
        var plan = PlanOf("star");
        Assert.Null(PlanJson.ToJson(plan)["totals"]!["makespan_epochs"]);
        var totals = PlanJson.ToJson(plan, devices: 2)["totals"]!;
        Assert.Equal((2, 75), ((int)totals["devices"]!, (int)totals["makespan_epochs"]!));
    }
}
