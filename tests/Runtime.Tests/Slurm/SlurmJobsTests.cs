using EnsDsl.Planning;
using EnsDsl.Runtime.Slurm;
using static EnsDsl.Prelude;

namespace EnsDsl.Runtime.Tests.Slurm;

public class SlurmJobsTests
{
    static Model Center() => Pretrained("byol").FineTune(epochs: 25, lr: 0.05, seed: 1);

    static string Describe(Plan plan, IReadOnlyList<SlurmJob> jobs) => string.Join("; ", jobs.Select(j =>
        $"{string.Join("+", j.Nodes.Select(id => plan[id].KindName))} {j.DependencyType} [{string.Join(",", j.After)}] {j.Epochs}"));

    public static TheoryData<string, string> Cases => new()
    {
        { "star", "pretrained+train afterok [] 25; train afterok [0] 25; train afterok [0] 25; train afterok [0] 25; evaluate+evaluate+evaluate+evaluate+ensemble afterany [0,1,2,3] 0" },
        { "sse", "pretrained+train afterok [] 25; train afterok [0] 25; train afterok [1] 25; evaluate+evaluate+evaluate+ensemble afterany [0,1,2] 0" },
        { "soup trained further", "pretrained+train afterok [] 25; train afterok [0] 10; train afterok [0] 10; soup+train afterok [0,1,2] 5; evaluate afterany [3] 0" },
    };

    static Plan PlanOf(string name) => name switch
    {
        "star" => Planner.Build(Report(Center().StarSnapshots(cycles: 4).Ensemble())),
        "sse" => Planner.Build(Report(Center().Snapshots(cycles: 3).Ensemble())),
        "soup trained further" => Planner.Build(Report(Center().StarSnapshots(cycles: 3, epochs: 10).Soup().Train(5, lr: 0.01).Evaluate())),
        "fine-tune then a step" => Planner.Build(Report(Center().Train(10, lr: 0.01).Evaluate())),
        "a branch trained further" => Planner.Build(Center().StarSnapshots(cycles: 3, epochs: 10) is var star ? Report(star.Ensemble(), star[^1].Train(5, lr: 0.01).Evaluate()) : null!),
        "two fine-tunings of one checkpoint" => Planner.Build(Report(Center().Evaluate(), Pretrained("byol").FineTune(epochs: 25, lr: 0.05, seed: 2).Evaluate())),
        "two SSE in a sweep" => Planner.Build(Report(Seeds(2).Select(seed => Pretrained("byol").FineTune(epochs: 25, lr: 0.05, seed: seed).Snapshots(cycles: 3).Ensemble()))),
        "a plane" => Planner.Build(Center().StarSnapshots(cycles: 4) is var s ? Report(Plane(s[0], s[1], s[2], project: Members(s[3]), resolution: 3), s.Ensemble()) : null!),
        _ => throw new ArgumentException(name),
    };

    // Packed: a step whose one training child has no other training parent shares its job.
    public static TheoryData<string, string> Packed => new()
    {
        { "sse", "pretrained+train+train+train afterok [] 75; evaluate+evaluate+evaluate+ensemble afterany [0] 0" },
        { "fine-tune then a step", "pretrained+train+train afterok [] 35; evaluate afterany [0] 0" },
        { "star", "pretrained+train afterok [] 25; train afterok [0] 25; train afterok [0] 25; train afterok [0] 25; evaluate+evaluate+evaluate+evaluate+ensemble afterany [0,1,2,3] 0" },
        { "soup trained further", "pretrained+train afterok [] 25; train afterok [0] 10; train afterok [0] 10; soup+train afterok [0,1,2] 5; evaluate afterany [3] 0" },
        { "a branch trained further", "pretrained+train afterok [] 25; train afterok [0] 10; train+train afterok [0] 15; evaluate+evaluate+evaluate+ensemble+evaluate afterany [0,1,2] 0" },
        // Independent steps that share a checkpoint load run side by side, not one after the other in one job.
        { "two fine-tunings of one checkpoint", "pretrained+train afterok [] 25; train afterok [0] 25; evaluate+evaluate afterany [0,1] 0" },
        // The checkpoint load is in the first seed's job, and the second seed's fine-tuning needs it: that job stays
        // short (its cycles are a job of their own), so the second seed waits for one fine-tuning, not for a chain.
        { "two SSE in a sweep", "pretrained+train afterok [] 25; train+train afterok [0] 50; train+train+train afterok [0] 75; evaluate+evaluate+evaluate+ensemble+evaluate+evaluate+evaluate+ensemble afterany [0,1,2] 0" },
        // A plane's frame after its four models, each row of its grid after the frame and the three that span it,
        // side by side; the plane itself with the other evaluations, last.
        { "a plane", "pretrained+train afterok [] 25; train afterok [0] 25; train afterok [0] 25; train afterok [0] 25; planeframe afterok [0,1,2,3] 0; " +
            "planepoint+planepoint+planepoint afterok [0,1,2,4] 0; planepoint+planepoint+planepoint afterok [0,1,2,4] 0; planepoint+planepoint+planepoint afterok [0,1,2,4] 0; " +
            "plane+evaluate+evaluate+evaluate+evaluate+ensemble afterany [0,1,2,3,4,5,6,7] 0" },
    };

    [Theory]
    [MemberData(nameof(Packed))]
    public void Packed_a_linear_chain_of_training_steps_is_one_job(string name, string expected)
    {
        var plan = PlanOf(name);
        var jobs = SlurmJobs.For(plan, packing: Packing.Chains);
        var described = Describe(plan, jobs);
        Assert.True(expected == described, $"expected: {expected}\nactual:   {described}");
        AssertWellFormed(plan, jobs);
        var chain = jobs.FirstOrDefault(j => j.Nodes.Count(id => plan[id] is TrainNode) > 1);
        if (chain is not null) Assert.Contains(" → ", chain.Name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_training_step_is_a_job_and_the_rest_is_one_last_job(string name, string expected)
    {
        var plan = PlanOf(name);
        var jobs = SlurmJobs.For(plan);
        Assert.Equal(expected, Describe(plan, jobs));
        AssertWellFormed(plan, jobs);
    }

    // Every node is in exactly one job, in plan order within it (a parent before its child), after the jobs of its
    // parents; the jobs train every epoch of the plan.
    static void AssertWellFormed(Plan plan, IReadOnlyList<SlurmJob> jobs)
    {
        Assert.Equal(plan.Nodes.Select(n => n.Id).Order(), jobs.SelectMany(j => j.Nodes).Order());
        var position = plan.Nodes.Select((n, i) => (n.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var jobOf = jobs.SelectMany(j => j.Nodes.Select(id => (id, j.Index))).ToDictionary(x => x.id, x => x.Index);
        foreach (var job in jobs)
        {
            Assert.Equal(job.Nodes.OrderBy(id => position[id]), job.Nodes);
            foreach (var parent in job.Nodes.SelectMany(id => plan[id].Parents).Where(p => jobOf[p] != job.Index))
                Assert.Contains(jobOf[parent], job.After);
        }
        Assert.Equal(plan.Totals.Epochs, jobs.Sum(j => j.Epochs));
    }

    [Fact]
    public void Nodes_done_in_the_store_are_left_out()
    {
        var plan = PlanOf("star");
        var done = plan.Nodes.Where(n => n is PretrainedNode || n.Label == "fine-tune").Select(n => n.Id).ToHashSet();
        var jobs = SlurmJobs.For(plan, done);
        Assert.Equal("train afterok [] 25; train afterok [] 25; train afterok [] 25; evaluate+evaluate+evaluate+evaluate+ensemble afterany [0,1,2] 0", Describe(plan, jobs));
        Assert.Empty(SlurmJobs.For(plan, plan.Nodes.Select(n => n.Id).ToHashSet()));
    }

    [Fact]
    public void The_authors_sweep_is_one_job_per_training_step()
    {
        var cells = from seed in Seeds(2)
                    let center = Pretrained("byol").FineTune(epochs: 25, lr: 0.05, seed: seed)
                    from lr in new[] { 0.025, 0.05 }
                    select center.StarSnapshots(cycles: 5, lr: lr).Ensemble();
        var plan = Planner.Build(Report(cells));
        var jobs = SlurmJobs.For(plan);
        Assert.Equal(plan.Nodes.OfType<TrainNode>().Count() + 1, jobs.Count);
        Assert.Equal(plan.Totals.Epochs, jobs.Sum(j => j.Epochs));
    }
}
