namespace EnsDsl.Cli.Tests.Slurm;

/// <summary>
/// <c>--executor slurm</c> refused before anything is submitted: without Slurm's commands, and with options that do not go
/// with it. No cluster is needed, so these run beside every other test.
/// </summary>
public class SlurmOptionsTests
{
    [Fact]
    public void Without_Slurm_commands_the_submission_says_so_without_a_stack_trace()
    {
        using var w = new Workspace("tiny.csx");
        var run = Ensdsl.Run(w.Directory, ["run", "tiny.csx", "--executor", "slurm", "--no-tracking"], new Dictionary<string, string> { ["PATH"] = "/nonexistent" });
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("'sbatch' is not on PATH", run.Err);
        Assert.DoesNotContain("   at ", run.Err);
    }

    [Theory]
    [InlineData("--detach", "--detach is for --executor slurm")]
    [InlineData("--executor slurm --devices 2", "--executor slurm runs every node in a job of its own")]
    [InlineData("--executor slurm --nodes abcdefgh", "--executor slurm runs every node in a job of its own")]
    [InlineData("--events x.jsonl", "--events goes with --nodes")]
    public void Options_that_do_not_go_together_are_refused(string options, string message)
    {
        using var w = new Workspace("tiny.csx");
        var run = w.Run(["run", "tiny.csx", .. options.Split(' ')]);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Flat);
    }
}
