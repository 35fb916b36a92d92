using EnsDsl.Planning;
using static EnsDsl.Prelude;
using static EnsDsl.Tests.TestSupport;

namespace EnsDsl.Tests.Explorations;

public class ExplorationTests
{
    static Model Center => Pretrained("byol").FineTune(epochs: 25, lr: 0.05, seed: 1);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Cycles_count_members_the_way_num_fge_does(int cycles)
    {
        Assert.Equal(cycles, Center.Snapshots(cycles: cycles).Count);
        Assert.Equal(cycles, Center.StarSnapshots(cycles: cycles).Count);
        Assert.Equal(cycles, Center.Fge(cycles: cycles).Count);
        Assert.Same(Center.GetType(), Center.Snapshots(cycles: cycles)[0].GetType());
    }

    [Fact]
    public void SSE_chains_each_cycle_from_the_previous_snapshot()
    {
        var sse = Center.Snapshots(cycles: 5, epochs: 12, lr: 0.1);
        var plan = PlanOf(sse.Ensemble());
        var ids = sse.Select(m => plan.TrainOf(m)).ToList();
        for (int k = 1; k < 5; k++)
        {
            Assert.Equal(ids[k - 1].Id, ids[k].Parents.Single());
            Assert.Equal(12, ids[k].Epochs);
            Assert.Equal($"SSE cycle {k + 1}/5", ids[k].Label);
            Assert.Equal(0.1, ids[k].LrPerEpoch![0]);
            Assert.Equal("fresh", NodeOp.Canonical(ids[k])["optimizer_state"]);
        }
        Assert.Equal(25 + 4 * 12, plan.Totals.Epochs);
    }

    [Fact]
    public void StarSSE_starts_every_branch_from_the_center_with_its_own_seed()
    {
        var star = Center.StarSnapshots(cycles: 5, lr: 0.1);
        var plan = PlanOf(star.Ensemble());
        var center = plan.NodeOf(star[0]);
        var branches = star.Skip(1).Select(m => plan.NodeOf(m)).ToList();
        Assert.All(branches, b => Assert.Equal(center.Id, b.Parents.Single()));
        Assert.Equal(4, branches.Select(b => b.Seed).Distinct().Count());
        Assert.All(branches, b => Assert.Equal(25, b.Epochs));          // cycle length defaults to E
    }

    [Fact]
    public void Cycles_inherit_the_fine_tune_settings()
    {
        var center = Pretrained("byol").FineTune(Cifar10(), epochs: 25, lr: 0.05, wd: 3e-4, batchSize: 128);
        var cycle = PlanOf(center.Snapshots(cycles: 2).Ensemble()).TrainOf(center.Snapshots(cycles: 2)[1]);
        Assert.Equal(0.05, cycle.LrPerEpoch![0]);
        Assert.Equal("cifar10:datasets/cifar-10", cycle.Step.Data.Spec);
        Assert.Equal(3e-4, cycle.Step.Optimizer.WeightDecay);
        Assert.Equal(128, cycle.Step.BatchSize);
        Assert.Equal(Head.Keep, cycle.Step.Head);
    }

    [Fact]
    public void The_loss_and_regularisation_come_from_the_recipe_unless_given_and_cycles_inherit_them()
    {
        var plain = Pretrained("swin-t").FineTune(Cifar10());
        var recipe = PlanOf(plain.Evaluate()).TrainOf(plain).Step;
        Assert.Equal((new Loss(0.1, 0.8, 1.0), (double?)5.0, 0.1), (recipe.Loss, recipe.ClipGradNorm, recipe.DropPath));   // the authors' Swin config
        var center = Pretrained("swin-t").FineTune(Cifar10(), loss: CrossEntropy(smoothing: 0.2), clipGradNorm: 1.0, dropPath: 0.3);
        var cycle = PlanOf(center.StarSnapshots(cycles: 2).Ensemble()).TrainOf(center.StarSnapshots(cycles: 2)[1]);
        Assert.Equal((new Loss(0.2), (double?)1.0, 0.3), (cycle.Step.Loss, cycle.Step.ClipGradNorm, cycle.Step.DropPath));
        Assert.NotEqual(PlanOf(center.Evaluate()).TrainOf(center).Id, PlanOf(plain.Evaluate()).TrainOf(plain).Id);   // part of the node's content
    }

    [Fact]
    public void A_training_call_chooses_its_augmentation_and_a_continued_model_keeps_it()
    {
        var flip = Scratch("cifar-resnet20x16", seed: 1).Train(4, data: EmbeddedTarget(), lr: 0.1);
        var crop = Scratch("cifar-resnet20x16", seed: 1).Train(4, data: EmbeddedTarget(), lr: 0.1, transform: Transform.CropFlip);
        var more = crop.Train(2);
        var plan = PlanOf(flip.Evaluate(), more.Evaluate());
        Assert.Equal(Transform.Flip, plan.TrainOf(flip).Step.Transform);          // the Scratch recipe's
        Assert.Equal(Transform.CropFlip, plan.TrainOf(crop).Step.Transform);
        Assert.Equal(Transform.CropFlip, plan.TrainOf(more).Step.Transform);
        Assert.Equal(Transform.None, PlanOf(crop.Train(1, transform: Transform.None).Evaluate()).Nodes.OfType<TrainNode>().Last().Step.Transform);
        Assert.NotEqual(plan.TrainOf(flip).Id, plan.TrainOf(crop).Id);            // part of the node's content
        Assert.True(Transform.CropFlip.AtOwnSize());
        Assert.Equal("cropflip", Transform.CropFlip.Name());
    }

    [Fact]
    public void FGE_cycles_are_per_batch_triangles_from_a_hundredth_of_the_LR()
    {
        var fge = Center.Fge(cycles: 3, epochs: 4, lr: 0.05);
        var node = PlanOf(fge.Ensemble()).TrainOf(fge[1]);
        Assert.True(node.Step.PerBatch);
        var s = Assert.IsType<TriangularSchedule>(node.Step.Schedule);
        Assert.Equal((0.0005, 0.05, 0.8, 0.9), (s.Low, s.High, s.MomentumLow, s.MomentumHigh));
        Assert.Null(node.LrPerEpoch);
    }

    [Fact]
    public void SWA_is_the_soup_of_constant_LR_stretches()
    {
        var swa = Center.Swa(samples: 4, epochs: 2, lr: 0.01);
        Assert.Equal(4, swa.Members.Count);
        var plan = PlanOf(swa);
        Assert.Equal(25 + 8, plan.Totals.Epochs);
        Assert.All(swa.Members, m => Assert.Equal([0.01, 0.01], plan.TrainOf(m).LrPerEpoch!));
        Assert.Equal("SWA soup", plan.Outputs.Single().Name);
    }

    [Fact]
    public void Local_DE_fine_tunes_one_checkpoint_with_different_seeds()
    {
        var local = Pretrained("byol").LocalDE(5, epochs: 25, lr: 0.05);
        var plan = PlanOf(local.Ensemble());
        Assert.Single(plan.OfKind(NodeKind.Pretrained));
        Assert.Equal(5, plan.OfKind(NodeKind.Train).Select(n => n.Seed).Distinct().Count());
        Assert.Equal(25, plan.Totals.CriticalPathEpochs);
        Assert.Equal("Local DE", plan.Outputs.Single().Name);
    }

    [Fact]
    public void Global_DE_fine_tunes_one_model_per_pre_training()
    {
        var plan = PlanOf(GlobalDE("byol", 5, epochs: 25, lr: 0.05).Ensemble());
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"checkpoints/byol-1000ep-{i}.pt"),
            plan.Nodes.OfType<PretrainedNode>().Select(n => n.Checkpoint));
        Assert.Equal(5, plan.OfKind(NodeKind.Train).Count());
    }

    [Theory]
    [InlineData(null)]
    [InlineData(4)]
    public void Every_Global_DE_member_has_its_own_seed(int? seed)
    {
        var seeds = PlanOf(GlobalDE("byol", 5, epochs: 25, lr: 0.05, seed: seed).Ensemble()).OfKind(NodeKind.Train).Select(n => n.Seed).ToList();
        Assert.Equal(5, seeds.Distinct().Count());
        if (seed is { } s) Assert.Equal(Enumerable.Range(s, 5).Select(v => (int?)v), seeds);
    }

    [Fact]
    public void A_small_transfer_task_pretrains_from_scratch_then_fine_tunes_with_a_new_head()
    {
        var model = TrainOnSource(EmbeddedSource(), epochs: 8, lr: 0.1, seed: 3).FineTune(EmbeddedTarget(), epochs: 15, lr: 0.02);
        var plan = PlanOf(model.Evaluate());
        Assert.Equal([NodeKind.Init, NodeKind.Train, NodeKind.Train, NodeKind.Evaluate], plan.Nodes.Select(n => n.Kind));
        var (pre, fine) = ((TrainNode)plan.Nodes[1], (TrainNode)plan.Nodes[2]);
        Assert.Equal(("pre-train", "embedded:source", 8), (pre.Label, pre.Step.Data.Spec, pre.Epochs));
        Assert.Equal(("fine-tune", Head.New, Transform.Flip), (fine.Label, fine.Step.Head, fine.Step.Transform));
        Assert.Equal(3, plan.Nodes[0].Seed);
    }

    [Fact]
    public void The_swin_recipe_warms_up_a_tenth_of_the_epochs_with_AdamW()
    {
        var step = PlanOf(Pretrained("swin-t").FineTune().Evaluate()).Trains().Single().Step;
        Assert.Equal(102, step.Epochs);
        Assert.IsType<AdamW>(step.Optimizer);
        Assert.Equal(10, Assert.IsType<Sequence>(step.Schedule).First.Epochs);
        Assert.Equal((5.0, true, true), (step.ClipGradNorm!.Value, step.Amp, step.DropLast));
    }
}
