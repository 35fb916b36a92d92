using EnsDsl.Runtime.Slurm;

namespace EnsDsl.Runtime.Tests.Slurm;

/// <summary>
/// A busy or restarting Slurm controller delays a run instead of failing it: which errors are tried again, how long
/// the pauses are, and how a submission whose answer was lost is found instead of made twice. Slurm is scripted here;
/// tests/Cli.Tests/Slurm restarts the real cluster's slurmctld under a run.
/// </summary>
public sealed class SlurmRetryTests
{
    // Error lines as Slurm 22.05's commands print them.
    [Theory]
    [InlineData("squeue: error: Unable to contact slurm controller (connect failure)", true)]
    [InlineData("slurm_load_jobs error: Unable to contact slurm controller (connect failure)", true)]
    [InlineData("sbatch: error: Batch job submission failed: Socket timed out on send/recv operation", true)]
    [InlineData("sbatch: error: Slurm temporarily unable to accept job, sleeping and retrying", true)]
    [InlineData("scontrol: error: Zero Bytes were transmitted or received", true)]
    [InlineData("squeue: error: slurm_receive_msg: Connection reset by peer", true)]
    [InlineData("squeue: error: Invalid job id specified", false)]
    [InlineData("sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified", false)]
    [InlineData("sbatch: error: Batch job submission failed: Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)", false)]
    [InlineData("scancel: error: Kill job error on job id 12: Job/step already completing or completed", false)]
    public void Only_the_errors_of_a_controller_that_did_not_take_the_call_are_tried_again(string error, bool transient) =>
        Assert.Equal(transient, SlurmRetry.IsTransient(error));

    [Fact]
    public void Pauses_double_up_to_the_longest_and_stop_when_they_add_up_to_the_bound()
    {
        var pauses = SlurmRetry.Default.Pauses().Select(p => p.TotalSeconds).ToList();
        Assert.Equal([1, 2, 4, 8, 16, 30, 30], pauses.Take(7));
        Assert.All(pauses.Skip(5), p => Assert.Equal(30, p));
        Assert.True(pauses.Sum() <= 600 && pauses.Sum() + 30 > 600, $"pauses add up to {pauses.Sum()} s");
        Assert.Empty(SlurmRetry.None.Pauses());
    }

    static readonly SlurmRetry Quick = new(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(4), TimeSpan.FromMilliseconds(50));

    const string Unreachable = "squeue: error: Unable to contact slurm controller (connect failure)";

    [Fact]
    public void A_controller_that_answers_again_is_waited_for_and_each_wait_is_said()
    {
        var (calls, said) = (0, new List<string>());
        var slurm = new SlurmCommands(Quick, said.Add, (command, args) =>
            ++calls <= 2 ? new SlurmCall(1, "", Unreachable) : new SlurmCall(0, "7|RUNNING|None|0:05\n", ""));
        var states = slurm.States(["7"]);
        Assert.Equal(QueueState.Running, states["7"].State);
        Assert.Equal(3, calls);
        Assert.Equal(2, said.Count);
        Assert.All(said, s => Assert.StartsWith("squeue: Slurm did not answer (squeue: error: Unable to contact slurm controller (connect failure)); trying again in", s));
    }

    [Fact]
    public void A_controller_that_stays_away_fails_the_call_saying_for_how_long()
    {
        var calls = 0;
        var slurm = new SlurmCommands(Quick, null, (_, _) => { calls++; return new SlurmCall(1, "", Unreachable); });
        var e = Assert.Throws<SlurmException>(() => slurm.Cancel(["7"]));
        Assert.Equal(Quick.Pauses().Count() + 1, calls);
        Assert.Contains("Unable to contact slurm controller", e.Message);
        Assert.Contains("Slurm did not answer for", e.Message);
        Assert.Contains("scontrol ping", e.Message);
    }

    [Fact]
    public void Any_other_error_fails_at_once()
    {
        var calls = 0;
        var slurm = new SlurmCommands(Quick, null, (_, _) => { calls++; return new SlurmCall(1, "", "sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified"); });
        var e = Assert.Throws<SlurmException>(() => slurm.Submit("/x/job-0.sh", [], "afterok"));
        Assert.Equal(1, calls);
        Assert.Contains("Invalid account", e.Message);
    }

    /// <summary>A scripted controller: sbatch answers as <paramref name="sbatch"/> says (attempt number, taken or not), squeue lists what was taken.</summary>
    sealed class Controller(Func<int, (bool Taken, SlurmCall Answer)> sbatch)
    {
        public int Submissions { get; private set; }
        readonly List<(string Id, string Comment)> queue = [];

        public SlurmCall Run(string command, IReadOnlyList<string> args)
        {
            if (command == "squeue") return new SlurmCall(0, string.Concat(queue.Select(j => $"{j.Id}|{j.Comment}\n")), "");
            Assert.Equal("sbatch", command);
            var (taken, answer) = sbatch(++Submissions);
            var comment = args.Single(a => a.StartsWith("--comment=", StringComparison.Ordinal))["--comment=".Length..];
            if (taken) queue.Add(($"{40 + Submissions}", comment));
            return answer;
        }
    }

    [Fact]
    public void A_submission_the_controller_took_but_did_not_confirm_is_found_not_made_again()
    {
        var controller = new Controller(attempt => (true, new SlurmCall(1, "", "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation")));
        var id = new SlurmCommands(Quick, null, controller.Run).Submit("/x/job-0.sh", ["12"], "afterok");
        Assert.Equal("41", id);
        Assert.Equal(1, controller.Submissions);
    }

    [Fact]
    public void A_submission_the_controller_did_not_take_is_made_again()
    {
        var controller = new Controller(attempt => attempt == 1
            ? (false, new SlurmCall(1, "", "sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)"))
            : (true, new SlurmCall(0, $"{40 + attempt}\n", "")));
        var id = new SlurmCommands(Quick, null, controller.Run).Submit("/x/job-0.sh", [], "afterok");
        Assert.Equal("42", id);
        Assert.Equal(2, controller.Submissions);
    }
}
