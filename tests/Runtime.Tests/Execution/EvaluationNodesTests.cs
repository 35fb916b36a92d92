using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Reports;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Scoring;
using EnsDsl.Runtime.Store;
using Newtonsoft.Json.Linq;
using static EnsDsl.Prelude;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Execution;

/// <summary>Ensembles, soups, paths and basin reports computed by the executor on real models of the embedded target task.</summary>
public class EvaluationNodesTests
{
    static Model Base(int epochs = 3) => Scratch("cifar-resnet8x16", seed: 1).Train(epochs, data: EmbeddedTarget(), lr: 0.05);

    static (ExecutionReport Report, NodeStore Store) Run(Plan plan, string directory)
    {
        var store = new NodeStore(directory);
        var report = new LocalExecutor().Run(plan, store, new ExecutionOptions(Device: "cpu"), new NullObserver(), default);
        Assert.True(report.Succeeded, "failed: " + string.Join("; ", report.Failures.Select(f => $"{f.Node.Label}: {f.Error}")));
        return (report, store);
    }

    static NodeRecord Output(Plan plan, ExecutionReport report, string name) =>
        report.Outcomes.Single(o => o.Node.Id == plan.Outputs.Single(x => x.Name == name).NodeId).Record!;

    [Fact]
    public void An_ensemble_curve_starts_at_its_first_member_and_ends_at_the_averaged_predictions()
    {
        using var files = new ScriptFiles();
        var star = Base().StarSnapshots(cycles: 3, epochs: 1);
        var plan = Planner.Build(Report(star.Ensemble().Named("star"), star[0].Evaluate().Named("first")));
        var (report, store) = Run(plan, files.Directory);
        var ensemble = Output(plan, report, "star");
        var curve = Assert.IsType<EnsembleResult>(ensemble.Result).Curve;
        Assert.Equal([1, 2, 3], curve.Select(p => p.K));
        var first = Output(plan, report, "first");
        foreach (var (column, value) in curve[0].Reported())
            Assert.Equal(first.Metrics["test_" + column], value, 1e-6);

        // The end of the curve is the score of the members' averaged cached predictions.
        var evaluations = plan.Nodes.Single(n => n.Id == plan.Outputs.Single(o => o.Name == "star").NodeId).Parents;
        var predictions = evaluations.Select(id => Predictions.ReadFrom(store, store.Finished(id, out _)!)).ToList();
        using var averaged = EnsembleCurve.Average([.. predictions.Select(p => p.LogProbabilities)]);
        var expected = Metrics.Score(averaged, predictions[0].Labels);
        Assert.Equal(expected.Accuracy, ensemble.Metrics["test_acc"], 1e-9);
        Assert.Equal(expected.CalibratedNll, ensemble.Metrics["test_cnll"], 1e-6);
        Assert.InRange(ensemble.Metrics["disagreement"], 1e-9, 1);                  // different members disagree somewhere
        Assert.Equal(ensemble.Metrics["test_acc"] - predictions.Average(p => Metrics.Accuracy(p.LogProbabilities, p.Labels)),
            ensemble.Metrics["gain"], 1e-9);
    }

    [Fact]
    public void A_soup_of_one_model_is_the_model_and_the_path_from_a_model_to_itself_has_no_barrier()
    {
        using var files = new ScriptFiles();
        var model = Base();
        var plan = Planner.Build(Report(model.Evaluate().Named("model"), Members(model, model).Soup(bn: BnPolicy.Keep).Named("soup"),
            Interpolate(model, model, points: 3).Named("self")));
        var (report, _) = Run(plan, files.Directory);
        Assert.Equal(Output(plan, report, "model").Metrics, Output(plan, report, "soup").Metrics);
        var self = Output(plan, report, "self");
        Assert.Equal(0, self.Metrics["error_barrier"]);
        Assert.Equal(0, self.Metrics["loss_barrier"]);
    }

    [Fact]
    public void A_basin_report_measures_barriers_and_distances_to_the_centre_and_the_start()
    {
        using var files = new ScriptFiles();
        var star = Base().StarSnapshots(cycles: 3, epochs: 1, lr: 0.05);
        var plan = Planner.Build(Report(star.Basin(points: 3).Named("basin")));
        var (report, _) = Run(plan, files.Directory);
        var basin = Output(plan, report, "basin");
        var result = Assert.IsType<BasinResult>(basin.Result);
        var members = result.Members;
        Assert.Equal(3, members.Count);
        // The first member is the centre itself.
        Assert.Equal(0, members[0].DistanceToCenter);
        Assert.Equal(0, members[0].ErrorBarrier);
        Assert.All(members.Skip(1), m => Assert.True(m.DistanceToCenter > 0));
        Assert.All(members.Skip(1), m => Assert.Equal(3, m.PathTestErr!.Count));
        // From scratch, the starting weights are the initialisation: every member has moved away from it.
        Assert.NotNull(result.Pretrained);
        Assert.All(members, m => Assert.True(m.DistanceToPretrained > 0));
        var pairwise = result.PairwiseDistances;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                Assert.Equal(pairwise[i][j], pairwise[j][i], 1e-9);
        Assert.Equal(members[1].DistanceToCenter, pairwise[0][1], 1e-9);
        Assert.Equal(members.Max(m => m.ErrorBarrier), basin.Metrics["max_error_barrier"]);
    }

    [Fact]
    public void A_greedy_soup_starts_from_the_best_held_out_member_and_keeps_only_what_helps()
    {
        using var files = new ScriptFiles();
        // A diverse pool: a good model, a barely trained one from another seed, and the good one's snapshots.
        var good = Scratch("cifar-resnet8x16", seed: 1).Train(4, data: EmbeddedTarget().HoldOut(), lr: 0.05);
        var poor = Scratch("cifar-resnet8x16", seed: 9).Train(1, data: EmbeddedTarget().HoldOut(), lr: 0.05);
        var plan = Planner.Build(Report(Members(poor, good, good.Train(1, lr: 0.01)).Soup(SoupKind.Greedy).Named("greedy")));
        var (report, _) = Run(plan, files.Directory);
        var soupNode = plan.Nodes.Single(n => n.Kind == NodeKind.Soup);
        var result = Assert.IsType<GreedySoupResult>(report.Outcomes.Single(o => o.Node.Id == soupNode.Id).Record!.Result);
        var accuracies = result.MemberHeldOutAcc.ToList();
        var order = result.Order;
        var chosen = result.Chosen;
        Assert.Equal(soupNode.Parents[accuracies.IndexOf(accuracies.Max())], chosen[0]);
        Assert.Equal(order.Where(chosen.Contains), chosen);                          // kept in held-out order
        Assert.DoesNotContain(soupNode.Parents[0], chosen);                          // the barely trained, distant model hurts
        // Each kept member after the first raised the held-out accuracy: the soup beats its best member, or is that member.
        Assert.True(chosen.Count == 1 ? result.HeldOutAcc == accuracies.Max() : result.HeldOutAcc > accuracies.Max());
        Assert.Equal(200, result.HeldOut.Images);                                    // 10 generated images per target class
        Assert.Contains("held-out images generated apart from the training split", result.HeldOut.From);
    }

    [Fact]
    public void An_ensemble_with_a_failed_member_is_skipped_with_the_reason_not_scored_on_the_rest()
    {
        using var files = new ScriptFiles();
        var diverges = Scratch("cifar-resnet8x16", seed: 1).Train(1, data: EmbeddedTarget(), lr: 1e6).Named("diverges");
        var plan = Planner.Build(Report(Members(Base(epochs: 1), diverges).Ensemble().Named("both")));
        var report = new LocalExecutor().Run(plan, new NodeStore(files.Directory), new ExecutionOptions(Device: "cpu"), new NullObserver(), default);
        var ensemble = report.Outcomes.Single(o => o.Node.Kind == NodeKind.Ensemble);
        Assert.Equal(NodeStatus.Skipped, ensemble.Status);
        Assert.Null(ensemble.Record);
        var item = Assert.Single(EnsDsl.Runtime.Reports.RunResults.Of(plan, report));
        Assert.False(item.HasResult);
        Assert.Contains("diverges", item.Error);
        Assert.Empty(EnsDsl.Runtime.Reports.ResultsCsv.Rows([item]));
    }

    [Fact]
    public void Evaluating_a_model_on_a_task_with_other_classes_fails_clearly()
    {
        using var files = new ScriptFiles();
        var plan = Planner.Build(Report(Base(epochs: 1).Evaluate(EmbeddedSource())));
        var report = new LocalExecutor().Run(plan, new NodeStore(files.Directory), new ExecutionOptions(Device: "cpu"), new NullObserver(), default);
        Assert.Contains("the model predicts 20 classes, embedded:source has 40", report.Outcomes.Single(o => o.Node.Kind == NodeKind.Evaluate).Error);
    }
}
