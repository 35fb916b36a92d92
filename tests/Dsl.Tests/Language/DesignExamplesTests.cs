using EnsDsl.Planning;
using static EnsDsl.Prelude;
using static EnsDsl.Tests.TestSupport;

namespace EnsDsl.Tests.Language;

/// <summary>
/// The four code examples of design.md, verbatim (the canonical API), with the plans they must make.
/// The same scripts run through the real CLI in tests/Cli.Tests/Fixtures.
/// </summary>
public class DesignExamplesTests
{
    [Fact]
    public void The_canonical_chain()
    {
        var result = Pretrained("byol").FineTune(epochs: 25, lr: 0.05).Snapshots(cycles: 5).Ensemble();

        var plan = PlanOf(result);
        Assert.True(plan.IsValid);
        Assert.Equal(5, result.Members.Count);
        Assert.Equal((1, 5, 5, 1), (plan.OfKind(NodeKind.Pretrained).Count(), plan.OfKind(NodeKind.Train).Count(),
            plan.OfKind(NodeKind.Evaluate).Count(), plan.OfKind(NodeKind.Ensemble).Count()));
        Assert.Equal(new PlanTotals(125, 125, 125), plan.Totals);
        Assert.All(plan.Trains(), n => Assert.Equal("cifar100:datasets/cifar-100", n.Step.Data.Spec));
    }

    static Report StarSseWithSoup()
    {
        var data   = Cifar100(Param("data", "datasets/cifar-100"));
        var center = Pretrained("byol", Param("ckpt", "checkpoints/byol-1000ep-1.pt"))
                         .FineTune(data, epochs: 25, lr: 0.05, wd: 1e-4, seed: Param("seed", 1));
        var star   = center.StarSnapshots(cycles: 5, epochs: 25, lr: Param("cycleLr", 0.05));
        return Report(star.Ensemble(), star.Soup());
    }

    [Fact]
    public void StarSSE_a_soup_and_a_report()
    {
        var plan = Planner.Build(StarSseWithSoup());
        Assert.True(plan.IsValid);
        Assert.Equal(["StarSSE", "StarSSE soup"], plan.Outputs.Select(o => o.Name));
        Assert.Equal(1, plan.OfKind(NodeKind.Train).First().Seed);
        Assert.Single(plan.OfKind(NodeKind.Soup));
        Assert.Equal(new PlanTotals(125, 125, 50), plan.Totals);
    }

    static Report Sweep()
    {
        var data = Cifar100();
        var cells = from ckpt in Checkpoints("byol", 2)
                    from seed in Seeds(2)
                    let center = Pretrained("byol", ckpt).FineTune(data, epochs: 25, lr: 0.05, wd: 1e-4, seed: seed)
                    from lrRatio in new[] { 0.25, 0.5, 1.0, 2.0, 4.0 }
                    from epRatio in new[] { 0.5, 1.0, 2.0, 4.0 }
                    select center.StarSnapshots(cycles: 5, epochs: (int)(25 * epRatio), lr: 0.05 * lrRatio)
                                 .Ensemble().Named($"star lr×{lrRatio} ep×{epRatio}");
        return Report(cells);
    }

    [Fact]
    public void A_sweep_shares_the_fine_tune_of_each_checkpoint_and_seed()
    {
        var plan = Planner.Build(Sweep());
        Assert.True(plan.IsValid);
        Assert.Equal(80, plan.Outputs.Length);
        var fineTunes = plan.OfKind(NodeKind.Train).Where(n => n.Label == "fine-tune").ToList();
        Assert.Equal(4, fineTunes.Count);                                    // one per (checkpoint, seed)
        Assert.Equal(4 + 80 * 4, plan.OfKind(NodeKind.Train).Count());
        // Branch epochs per (ckpt, seed): 5 LRs × 4 branches × (12 + 25 + 50 + 100).
        Assert.Equal(new PlanTotals(4 * 25 + 4 * 5 * 4 * 187, 80 * 25 + 4 * 5 * 4 * 187, 25 + 100), plan.Totals);
        Assert.Equal(1900, plan.Totals.EpochsSaved);
        Assert.Contains(plan.Outputs, o => o.Name == "star lr×0.25 ep×0.5");
    }

    // Fast Geometric Ensembling: short triangular cycles, sequential, per-batch LR.
    Members Fge(Model start, int n, int epochs, double lr) =>
        start.Chain(n, m => m.Train(epochs, Triangular(lr / 100, lr), perBatch: true));

    [Fact]
    public void A_new_exploration_method_is_a_plain_function()
    {
        var center = Pretrained("byol").FineTune(epochs: 25, lr: 0.05);
        var members = Fge(center, 4, 2, 0.05);
        var plan = PlanOf(members.Ensemble());
        var cycles = members.Select(m => plan.TrainOf(m)).ToList();
        Assert.Equal(4, cycles.Count);
        Assert.All(cycles, c => Assert.True(c.Step.PerBatch));
        Assert.All(cycles, c => Assert.Equal(new TriangularSchedule(0.0005, 0.05), c.Step.Schedule with { Origin = Origin.None }));
        Assert.Equal(plan.NodeOf(center).Id, cycles[0].Parents.Single());
        Assert.Equal(cycles[2].Id, cycles[3].Parents.Single());
    }
}
