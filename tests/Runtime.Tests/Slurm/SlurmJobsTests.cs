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
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_training_step_is_a_job_and_the_rest_is_one_last_job(string name, string expected)
    {
        var plan = PlanOf(name);
        var jobs = SlurmJobs.For(plan);
        Assert.Equal(expected, Describe(plan, jobs));
        // Every node is in exactly one job, after the jobs of its parents.
        Assert.Equal(plan.Nodes.Select(n => n.Id).Order(), jobs.SelectMany(j => j.Nodes).Order());
        var jobOf = jobs.SelectMany(j => j.Nodes.Select(id => (id, j.Index))).ToDictionary(x => x.id, x => x.Index);
        foreach (var job in jobs)
            foreach (var parent in job.Nodes.SelectMany(id => plan[id].Parents).Where(p => jobOf[p] != job.Index))
                Assert.Contains(jobOf[parent], job.After);
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
