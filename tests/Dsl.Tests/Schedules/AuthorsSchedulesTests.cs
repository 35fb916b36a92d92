using EnsDsl.Planning;
using Newtonsoft.Json.Linq;
using static EnsDsl.Prelude;

namespace EnsDsl.Tests.Schedules;

/// <summary>
/// Every scheduler of the authors' utils/lr_schedule.py, written with the DSL the way a user would, planned, and
/// compared value for value with PyTorch's schedulers stepped as the authors' training loop steps them
/// (Fixtures/authors_schedules.json, made by Fixtures/make_authors_schedules.py with Debian's python3-torch).
/// </summary>
public class AuthorsSchedulesTests
{
    static readonly JObject Fixture = JObject.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schedules", "Fixtures", "authors_schedules.json")));

    static JObject Case(string name) => (JObject)Fixture["cases"]!.Single(c => (string?)c["name"] == name);

    /// <summary>The DSL equivalent of each fixture case: a report whose ensemble's members form the authors' run.</summary>
    public static TheoryData<string> Cases => [.. Fixture["cases"]!.Select(c => (string)c["name"]!)];

    static Members Equivalent(string name, JObject a)
    {
        int E = (int)a["epochs"]!;
        double lr = (double)a["lr"]!;
        int N = (int?)a["num_fge"] ?? 1, C = (int?)a["fge_epochs"] ?? E, w = (int?)a["fge_warmup_epochs"] ?? 0, W = (int?)a["warmup_epochs"] ?? 0;
        double fgeLr = (double?)a["fge_lr"] ?? lr, warmupLr = (double?)a["warmup_lr"] ?? lr;
        var byol = Pretrained("byol");
        Model Single(Schedule? s, bool perBatch = false) => byol.FineTune(epochs: E, lr: s is null ? lr : null, schedule: s, perBatch: perBatch);
        return (string)a["scheduler"]! switch
        {
            "standard" => Members(Single(Standard(lr: lr))),
            "cosine" => Members(Single(null)),                                   // the BYOL recipe's default schedule
            "continious+cosine" => Members(byol.FineTune(epochs: E, lr: lr, perBatch: true)),
            "warmup_standard" => Members(Single(Warmup(W, lr).Then(Standard(lr: lr)))),
            "warmup_cosine" => Members(Single(Warmup(W, lr: warmupLr).Then(Cosine(lr: lr)))),
            "constant_cosine" => Members(Single(Constant(warmupLr, epochs: W).Then(Cosine(lr: lr)))),
            "linear_warmup_cosine" => Members(Pretrained("swin-t").FineTune(epochs: E, lr: lr)),   // the Swin recipe
            "constant" => Members(Single(Constant(lr))),
            "cosine+warmup_cosine" => byol.FineTune(epochs: E, lr: lr).Snapshots(cycles: N, epochs: C, lr: fgeLr, warmup: w),
            "cosine+constant_cosine" => byol.FineTune(epochs: E, lr: lr).Snapshots(cycles: N, epochs: C, lr: fgeLr, warmup: w, constantWarmup: true),
            "linear_warmup_cosine+cosine" => Pretrained("swin-t").FineTune(epochs: E, lr: lr).Snapshots(cycles: N, epochs: C, lr: fgeLr),
            "continious+cosine+sse" => byol.FineTune(epochs: E, lr: lr, perBatch: true).Snapshots(cycles: N, epochs: C, lr: fgeLr),
            "cosine+fge" => byol.FineTune(epochs: E, lr: lr).Fge(cycles: N, epochs: C, lr: fgeLr),
            "linear_warmup_cosine+fge" => Pretrained("swin-t").FineTune(epochs: E, lr: lr).Fge(cycles: N, epochs: C, lr: fgeLr),
            var other => throw new InvalidOperationException($"no DSL equivalent written for {other} ({name})"),
        };
    }

    /// <summary>LR and momentum at every (epoch, batch) along the chain of train nodes that makes the last member.</summary>
    static (List<double> Lr, List<double?> Momentum) Along(Plan plan, string lastId, int batches)
    {
        var chain = new List<TrainNode>();
        for (var n = plan[lastId]; n is TrainNode train; n = plan[n.Parents[0]]) chain.Insert(0, train);
        var lrs = new List<double>();
        var momenta = new List<double?>();
        foreach (var node in chain)
        {
            var s = node.Step;
            long ticksPerEpoch = s.PerBatch ? batches : 1, span = s.Epochs * ticksPerEpoch;
            for (int e = 0; e < s.Epochs; e++)
                for (int b = 0; b < batches; b++)
                {
                    long tick = s.PerBatch ? e * ticksPerEpoch + b : e;
                    lrs.Add(s.Schedule.Lr(tick, span, ticksPerEpoch));
                    momenta.Add(s.Schedule.Momentum(tick, span, ticksPerEpoch));
                }
        }
        return (lrs, momenta);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Dsl_equivalent_equals_the_authors_scheduler_at_every_batch(string name)
    {
        var c = Case(name);
        var args = (JObject)c["args"]!;
        int batches = (int?)args["batches_per_epoch"] ?? 1;
        var expectedLr = c["lr"]!.SelectMany(row => row.Select(v => (double)v)).ToList();
        var expectedMomentum = c["momentum"]!.SelectMany(row => row.Select(v => (double)v)).ToList();

        var members = Equivalent(name, args);
        var plan = Planner.Build(Report(members.Ensemble()));
        Assert.True(plan.IsValid, string.Join("\n", plan.Diagnostics));

        // SSE/FGE: the run's LRs are those along the chain to the last snapshot.
        var (lr, momentum) = Along(plan, plan.Nodes.Single(n => n.Id == LastModel(plan, members)).Id, batches);
        Assert.Equal(expectedLr.Count, lr.Count);
        for (int i = 0; i < lr.Count; i++)
        {
            var (epoch, batch) = (i / batches + 1, i % batches);
            Assert.True(Math.Abs(lr[i] - expectedLr[i]) <= 1e-12 * Math.Abs(expectedLr[i]) + 1e-18,
                $"{name}: epoch {epoch} batch {batch}: DSL {lr[i]:R}, authors {expectedLr[i]:R}");
            var m = momentum[i] ?? 0.9;   // the optimizer's momentum where the schedule leaves it alone
            Assert.True(Math.Abs(m - expectedMomentum[i]) <= 1e-12, $"{name}: epoch {epoch} batch {batch}: momentum {m:R} vs {expectedMomentum[i]:R}");
        }
    }

    [Theory]
    [InlineData("cosine+warmup_cosine (BYOL SSE)")]
    [InlineData("cosine+warmup_cosine (sweep cell lr x4, ep x0.5)")]
    [InlineData("cosine+warmup_cosine (warm-up 2)")]
    public void Every_StarSSE_branch_follows_the_authors_schedule_from_the_center(string name)
    {
        // StarSSE reloads snapshot 1 before each cycle and the schedule restarts: every branch's LRs are the
        // authors' first-model epochs followed by one cycle.
        var args = (JObject)Case(name)["args"]!;
        var expected = Case(name)["lr"]!.Select(row => (double)row[0]!).ToList();
        int E = (int)args["epochs"]!, C = (int)args["fge_epochs"]!;
        var star = Pretrained("byol").FineTune(epochs: E, lr: (double)args["lr"]!)
            .StarSnapshots(cycles: (int)args["num_fge"]!, epochs: C, lr: (double)args["fge_lr"]!, warmup: (int?)args["fge_warmup_epochs"] ?? 0);
        var plan = Planner.Build(Report(star.Ensemble()));
        foreach (var branch in star.Skip(1))
        {
            var (lr, _) = Along(plan, IdOf(plan, branch), 1);
            Assert.Equal(expected.Take(E + C), lr, (x, y) => Math.Abs(x - y) <= 1e-12 * Math.Abs(x));
        }
    }

    [Fact]
    public void The_authors_SSE_schedule_is_also_one_composed_function()
    {
        // cosine+warmup_cosine with w = 2 as a single schedule over all E + (N−1)·C epochs.
        var c = Case("cosine+warmup_cosine (warm-up 2)");
        var expected = c["lr"]!.Select(row => (double)row[0]!).ToList();
        var schedule = Cosine(6, lr: 0.05).Then(CyclicCosine(5, lr: 0.1, warmup: 2));
        var actual = Enumerable.Range(0, expected.Count).Select(e => schedule.Lr(e, expected.Count)).ToList();
        Assert.Equal(expected, actual, (x, y) => Math.Abs(x - y) <= 1e-12 * Math.Abs(x));
    }

    static string LastModel(Plan plan, Members members) => IdOf(plan, members[^1]);

    static string IdOf(Plan plan, Model model) =>
        Planner.Build(Report(model.Evaluate())).Nodes.Single(n => n.Kind == NodeKind.Evaluate).Parents[0];
}
