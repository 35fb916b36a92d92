using EnsDsl.Runtime.Slurm;

namespace EnsDsl.Runtime.Tests.Slurm;

/// <summary>What the follower asks Slurm at each poll: one squeue for the whole run, one sacct for the jobs slurmctld forgot, never a call per job.</summary>
public class SlurmCommandsTests
{
    [Fact]
    public void A_poll_is_one_squeue_in_every_state_and_one_sacct_for_the_forgotten_jobs()
    {
        var calls = new List<string>();
        var slurm = new SlurmCommands(run: (command, args) =>
        {
            calls.Add($"{command} {string.Join(' ', args)}");
            return command switch
            {
                "squeue" => new SlurmCall(0, "11|RUNNING|None|0:05\n12|COMPLETED|None|0:09\n13|PENDING|Dependency|0:00\n", ""),
                "sacct" => new SlurmCall(0, "14|FAILED|00:00:03\n", ""),
                _ => throw new InvalidOperationException($"no {command} expected"),
            };
        });
        var states = slurm.States(["11", "12", "13", "14", "15"]);
        Assert.Equal(["squeue -h -t all -j 11,12,13,14,15 -o %i|%T|%r|%M", "sacct -n -P -X -j 14,15 -o JobID,State,Elapsed"], calls);
        Assert.Equal((QueueState.Running, QueueState.Ended, QueueState.Pending), (states["11"].State, states["12"].State, states["13"].State));
        Assert.Equal("COMPLETED", states["12"].SlurmState);
        Assert.Equal((QueueState.Ended, "FAILED"), (states["14"].State, states["14"].SlurmState));
        Assert.Equal((QueueState.Ended, null), (states["15"].State, states["15"].SlurmState));   // without accounting: just ended
    }

    [Fact]
    public void Without_accounting_a_forgotten_job_is_just_ended()
    {
        var slurm = new SlurmCommands(run: (command, _) => command == "squeue"
            ? new SlurmCall(1, "", "slurm_load_jobs error: Invalid job id specified")
            : new SlurmCall(1, "", "sacct: error: Slurm accounting storage is disabled"));
        Assert.Equal(new JobState(QueueState.Ended), slurm.States(["7"])["7"]);
    }
}
