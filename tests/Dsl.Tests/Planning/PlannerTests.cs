using EnsDsl.Planning;
using static EnsDsl.Prelude;
using static EnsDsl.Tests.TestSupport;

namespace EnsDsl.Tests.Planning;

public class PlannerTests
{
    static Model Center(int seed = 1, double lr = 0.05) => Pretrained("byol").FineTune(epochs: 25, lr: lr, seed: seed);

    [Fact]
    public void The_same_computation_written_twice_is_one_node()
    {
        var plan = PlanOf(Center().Evaluate(), Center().Evaluate().Named("again"));
        Assert.Single(plan.OfKind(NodeKind.Train));
        Assert.Single(plan.OfKind(NodeKind.Pretrained));
        Assert.Equal(25, plan.Totals.Epochs);
        Assert.Equal(2, plan.Outputs.Length);
        Assert.Equal(plan.Outputs[0].NodeId, plan.Outputs[1].NodeId);
    }

    [Fact]
    public void Steps_on_different_subsets_of_a_dataset_are_different_nodes_and_the_same_subset_is_one()
    {
        var init = Scratch("cifar-resnet8x16", seed: 1);
        Model On(Dataset data) => init.Train(2, data: data);
        var fashion = FashionMnist("f");
        var plan = PlanOf(On(fashion).Evaluate(), On(fashion.Classes([0, 1])).Evaluate(), On(fashion.Classes([1, 0])).Evaluate(),
            On(fashion.PerClass(10)).Evaluate(), On(fashion.PerClass(10, seed: 1)).Evaluate(),
            On(fashion.Classes([0, 1]).PerClass(10)).Evaluate(), On(Dataset.Parse("fashion-mnist:f?classes=0..1&per_class=10")).Evaluate());
        var trains = plan.OfKind(NodeKind.Train).Cast<TrainNode>().ToList();
        Assert.Equal(6, trains.Count);                                                    // the last two are one step
        Assert.Equal(trains.Count, trains.Select(t => t.Id).Distinct().Count());
        Assert.Contains(trains, t => t.Step.Data.Spec == "fashion-mnist:f?classes=0..1&per_class=10");
    }

    [Fact]
    public void A_greedy_soup_of_members_trained_with_a_held_out_split_plans_and_states_its_rule()
    {
        var center = Pretrained("byol").FineTune(Cifar100().HoldOut());
        var plan = PlanOf(center.StarSnapshots(cycles: 3).Soup(SoupKind.Greedy));
        var soup = Assert.Single(plan.OfKind(NodeKind.Soup));
        Assert.Equal(GreedySoupHeldOut.Canonical, (string?)NodeOp.Canonical(soup)["held_out"]);
        Assert.Equal("cifar100:datasets/cifar-100?split=holdout", ((SoupNode)soup).Data.Spec);
    }

    [Fact]
    public void Ids_are_the_documented_hash_of_the_canonical_text()
    {
        // What NodeIds documents, written out: if this changes, every user's store is invalidated. Change it only
        // on purpose, together with the version string "ensdsl-node-v1".
        const string pretrained = """{"kind":"pretrained","op":{"arch":"resnet50","checkpoint":"checkpoints/byol-1000ep-1.pt","format":"model_state","source":"byol"},"parents":[],"seed":null}""";
        var pretrainedId = Sha256Hex("ensdsl-node-v1\n" + pretrained)[..16];
        var fineTune = "{\"kind\":\"train\",\"op\":" +
            """{"amp":false,"batch_size":256,"clip_grad_norm":null,"data":"cifar100:datasets/cifar-100","drop_last":false,"epochs":25,"head":"new","image_size":224,"loss":{"cutmix":0,"label_smoothing":0,"mixup":0},"optimizer":{"momentum":0.9,"nesterov":false,"type":"sgd","wd":0.0001},"optimizer_state":"fresh","per_batch":false,"schedule":{"epochs":null,"lr":0.05,"min":0,"type":"cosine"},"transform":"imagenettensor"}""" +
            $",\"parents\":[\"{pretrainedId}\"],\"seed\":1}}";

        var plan = PlanOf(Center().Evaluate());
        Assert.Equal(pretrainedId, plan.OfKind(NodeKind.Pretrained).Single().Id);
        Assert.Equal(Sha256Hex("ensdsl-node-v1\n" + fineTune)[..16], plan.OfKind(NodeKind.Train).Single().Id);
        Assert.Equal("a45c0decf92b7b90", pretrainedId);
    }

    static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Any_hyper_parameter_changes_the_id_but_names_and_labels_do_not()
    {
        string Id(Model m) => PlanOf(m.Evaluate()).NodeOf(m).Id;
        var baseline = Id(Center());
        Assert.NotEqual(baseline, Id(Center(lr: 0.1)));
        Assert.NotEqual(baseline, Id(Center(seed: 2)));
        Assert.NotEqual(baseline, Id(Pretrained("byol").FineTune(epochs: 25, lr: 0.05, seed: 1, wd: 5e-4)));
        Assert.NotEqual(baseline, Id(Pretrained("byol", "checkpoints/byol-1000ep-2.pt").FineTune(epochs: 25, lr: 0.05, seed: 1)));
        Assert.NotEqual(baseline, Id(Pretrained("byol").FineTune(epochs: 25, lr: 0.05, seed: 1, imageSize: 64)));
        Assert.NotEqual(baseline, Id(Pretrained("byol").FineTune(Cifar100().Validation(), epochs: 25, lr: 0.05, seed: 1)));
        Assert.Equal(baseline, Id(Pretrained("byol").FineTune(epochs: 25, lr: 0.05, seed: 1, imageSize: 224)));
        Assert.Equal(baseline, Id(Center().Named("center")));
    }

    [Fact]
    public void Derived_seeds_are_deterministic_and_differ_between_star_branches()
    {
        Members Star() => Center().Star(4, m => m.Train(5));
        var first = PlanOf(Star().Ensemble());
        var second = PlanOf(Star().Ensemble());
        Assert.Equal(first.Nodes.Select(n => (n.Id, n.Seed)), second.Nodes.Select(n => (n.Id, n.Seed)));
        var branchSeeds = first.OfKind(NodeKind.Train).Where(n => n.Epochs == 5).Select(n => n.Seed).ToList();
        Assert.Equal(4, branchSeeds.Distinct().Count());
        Assert.All(branchSeeds, s => Assert.InRange(s!.Value, 0, int.MaxValue));
    }

    [Fact]
    public void Explicit_seeds_are_used_as_given()
    {
        var plan = PlanOf(Center(seed: 42).Evaluate());
        Assert.Equal(42, plan.OfKind(NodeKind.Train).Single().Seed);
    }

    [Fact]
    public void Chained_steps_derive_different_seeds_from_their_different_parents()
    {
        var chain = Center().Chain(3, m => m.Train(5));
        var seeds = PlanOf(chain.Ensemble()).OfKind(NodeKind.Train).Where(n => n.Epochs == 5).Select(n => n.Seed).ToList();
        Assert.Equal(3, seeds.Distinct().Count());
    }

    [Fact]
    public void Nodes_come_parents_first()
    {
        var star = Center().StarSnapshots(cycles: 5);
        var plan = PlanOf(star.Ensemble(), star.Soup(), star.Basin());
        var seen = new HashSet<string>();
        foreach (var n in plan.Nodes)
        {
            Assert.All(n.Parents, p => Assert.Contains(p, seen));
            seen.Add(n.Id);
        }
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(5, 2)]
    public void A_plane_is_a_cached_point_per_grid_cell_and_a_node_that_collects_them(int resolution, int projected)
    {
        var star = Center().StarSnapshots(cycles: 5);
        var plane = Plane(star[0], star[1], star[2], project: Members(star.Items.Skip(3).Take(projected)), resolution: resolution);
        var plan = PlanOf(plane, star.Ensemble());

        var node = Assert.IsType<PlaneNode>(Assert.Single(plan.OfKind(NodeKind.Plane)));
        var frame = Assert.IsType<PlaneFrameNode>(Assert.Single(plan.OfKind(NodeKind.PlaneFrame)));
        var points = plan.Nodes.OfType<PlanePointNode>().ToList();
        Assert.Equal(resolution * resolution, points.Count);
        Assert.Equal(resolution * resolution, points.Select(p => p.Id).Distinct().Count());
        // The frame: the three models that span the plane, then the projected ones.
        string[] three = [.. star.Items.Take(3).Select(m => plan.NodeOf(m).Id)];
        Assert.Equal([.. three, .. star.Items.Skip(3).Take(projected).Select(m => plan.NodeOf(m).Id)], frame.Parents.ToArray());
        Assert.Equal(projected, frame.Projected);
        // Row by row, each point mixed from the three at its place in the frame; the plane collects the frame and the points.
        Assert.Equal([.. Enumerable.Range(0, resolution).SelectMany(r => Enumerable.Range(0, resolution).Select(c => (r, c)))], points.Select(p => (p.Row, p.Column)));
        Assert.All(points, p => Assert.Equal([.. three, frame.Id], p.Parents.ToArray()));
        Assert.Equal([frame.Id, .. points.Select(p => p.Id)], node.Parents.ToArray());
        var output = plan.Outputs.Single(o => o.Kind == OutputKind.Plane);
        Assert.Equal(node.Id, output.NodeId);
        Assert.Equal(PlanOf(star.Ensemble()).Totals, plan.Totals);                        // no training of its own
    }

    [Fact]
    public void The_same_plane_written_twice_is_one_and_another_grid_projection_or_BN_policy_is_another()
    {
        var star = Center().StarSnapshots(cycles: 5);
        var plan = PlanOf(Plane(star[0], star[1], star[2]).Named("once"), Plane(star[0], star[1], star[2]).Named("again"));
        Assert.Equal(81, plan.Nodes.OfType<PlanePointNode>().Count());                // the default grid: 9 × 9
        Assert.Single(plan.Nodes.OfType<PlaneNode>());
        // The grid spans the projected models too, so projecting others moves its points.
        var other = PlanOf(Plane(star[0], star[1], star[2]), Plane(star[0], star[1], star[2], margin: 0.5),
            Plane(star[0], star[1], star[2], bn: BnPolicy.Recompute(batches: 10)), Plane(star[0], star[1], star[2], project: Members(star[3])));
        Assert.Equal(4 * 81, other.Nodes.OfType<PlanePointNode>().Count());
        Assert.Equal(3, other.Nodes.OfType<PlaneFrameNode>().Count());                  // the BN policy does not move the frame
    }

    [Fact]
    public void Members_Plane_goes_through_the_centre_and_the_first_two_other_members_and_projects_the_rest()
    {
        var sse = Center().Snapshots(cycles: 5);
        var plane = sse.Plane();
        Assert.Same(sse[0], plane.A);
        Assert.Same(sse[1], plane.B);
        Assert.Same(sse[2], plane.C);
        Assert.True(plane.Projected.Items.AsEnumerable().SequenceEqual([sse[3], sse[4]], ReferenceEqualityComparer.Instance));
        var center = Center();
        var local = Members(Seeds(3).Select(s => Pretrained("byol").FineTune(seed: s)));
        var around = local.Plane(center: center, resolution: 5);
        Assert.True(new[] { around.A, around.B, around.C }.Concat(around.Projected.Items).SequenceEqual([center, local[0], local[1], local[2]], ReferenceEqualityComparer.Instance));
        Assert.Equal(5, around.Grid.Resolution);
        var few = Assert.Throws<DslException>(() => Members(Center(), Center().Train(2)).Plane());
        Assert.Contains("a plane needs three models", few.Message);
    }

    [Theory]
    [InlineData(new[] { 0.0, 4.0, 1.0 }, 5, 0.25, new[] { -1.0, 0.5, 2.0, 3.5, 5.0 })]
    [InlineData(new[] { 0.0, 0.0, 2.0 }, 3, 0.0, new[] { 0.0, 1.0, 2.0 })]
    [InlineData(new[] { -2.0, 2.0, 0.0 }, 3, 0.5, new[] { -4.0, 0.0, 4.0 })]
    public void A_grid_axis_spans_the_models_and_its_margin_evenly(double[] models, int resolution, double margin, double[] expected)
    {
        var axis = new PlaneGrid(resolution, margin).Axis(models);
        Assert.Equal(expected.Length, axis.Count);
        Assert.All(expected.Zip(axis), p => Assert.Equal(p.First, p.Second, 12));
    }

    [Fact]
    public void An_ensemble_and_a_soup_of_the_same_members_share_every_training_node()
    {
        var star = Center().StarSnapshots(cycles: 5);
        var plan = PlanOf(star.Ensemble(), star.Soup());
        Assert.Equal(5, plan.OfKind(NodeKind.Train).Count());
        Assert.Equal(125, plan.Totals.Epochs);
        Assert.Equal(125, plan.Totals.EpochsWithoutSharing);     // one run would produce both
        Assert.Equal(50, plan.Totals.CriticalPathEpochs);        // E + C: branches in parallel
        Assert.Equal(["StarSSE", "StarSSE soup"], plan.Outputs.Select(o => o.Name));
        Assert.Equal([OutputKind.Ensemble, OutputKind.Soup], plan.Outputs.Select(o => o.Kind));
    }

    [Fact]
    public void Sweep_cells_merge_into_one_plan_and_their_names_carry_the_cell()
    {
        Report Cell(double cycleLr) => Report(Center().StarSnapshots(cycles: 3, lr: cycleLr).Ensemble());
        var plan = Planner.Build([new Planner.Input(Cell(0.05), SweepCell.Of(("cycleLr", "0.05"))), new Planner.Input(Cell(0.1), SweepCell.Of(("cycleLr", "0.1")))]);
        Assert.Equal(1 + 2 * 2, plan.OfKind(NodeKind.Train).Count());           // one shared center
        Assert.Equal(25 + 4 * 25, plan.Totals.Epochs);
        Assert.Equal(2 * (25 + 2 * 25), plan.Totals.EpochsWithoutSharing);
        Assert.Equal(["StarSSE [cycleLr=0.05]", "StarSSE [cycleLr=0.1]"], plan.Outputs.Select(o => o.Name));
        Assert.Equal(["StarSSE", "StarSSE"], plan.Outputs.Select(o => o.Title));
        Assert.Equal(["0.05", "0.1"], plan.Outputs.Select(o => o.Cell!.ValueOf("cycleLr")));
    }

    [Fact]
    public void Analyses_of_members_an_ensemble_already_trains_do_not_count_as_runs_of_their_own()
    {
        var local = Members(Seeds(3).Select(s => Center(seed: s)));
        var plan = PlanOf(local.Ensemble(), local.Soup(), Interpolate(local[0], local[1]), Center(seed: 9).Evaluate());
        Assert.Equal(4 * 25, plan.Totals.Epochs);
        Assert.Equal(4 * 25, plan.Totals.EpochsWithoutSharing);
    }

    [Fact]
    public void Report_names_are_made_unique()
    {
        var plan = PlanOf(Center().Snapshots(cycles: 2).Ensemble(), Center(seed: 2).Snapshots(cycles: 2).Ensemble());
        Assert.Equal(["SSE", "SSE (2)"], plan.Outputs.Select(o => o.Name));
    }

    [Fact]
    public void Critical_path_of_SSE_is_sequential_and_of_StarSSE_one_cycle()
    {
        Assert.Equal(25 + 4 * 12, PlanOf(Center().Snapshots(cycles: 5, epochs: 12).Ensemble()).Totals.CriticalPathEpochs);
        Assert.Equal(25 + 12, PlanOf(Center().StarSnapshots(cycles: 5, epochs: 12).Ensemble()).Totals.CriticalPathEpochs);
    }

    [Fact]
    public void Per_epoch_nodes_list_their_LR_for_every_epoch()
    {
        var node = PlanOf(Pretrained("byol").FineTune(epochs: 4, lr: 0.1).Evaluate()).Trains().Single();
        Assert.Equal([0.1, 0.1 * 0.5 * (1 + Math.Cos(Math.PI / 4)), 0.05, 0.1 * 0.5 * (1 + Math.Cos(3 * Math.PI / 4))],
            node.LrPerEpoch!, (a, b) => Math.Abs(a - b) < 1e-15);
    }
}
