using EnsDsl.Runtime.Slurm;

namespace EnsDsl.Runtime.Tests.Slurm;

public sealed class SlurmSettingsTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("ensdsl-slurm-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    void WriteFile(string json) => File.WriteAllText(Path.Combine(directory, SlurmSettings.FileName), json);

    [Fact]
    public void The_file_the_environment_and_the_command_line_override_each_other_in_that_order()
    {
        WriteFile("""{ "slurm": { "partition": "gpu", "time": "04:00:00", "gpus_per_job": 1, "sbatch_args": ["--exclusive"] } }""");
        var file = SlurmSettings.FromFile(directory);
        var environment = SlurmSettings.FromEnvironment(name => name switch
        {
            "ENSDSL_SLURM_TIME" => "08:00:00",
            "ENSDSL_SLURM_ACCOUNT" => "lab",
            "ENSDSL_SLURM_SBATCH_ARGS" => "--mail-type=END --requeue",
            _ => null,
        });
        var command = new SlurmSettings(Partition: "a100", CpusPerJob: 8);
        var settings = command.Over(environment.Over(file));
        Assert.Equal(["--partition=a100", "--account=lab", "--time=08:00:00", "--gpus=1", "--cpus-per-task=8", "--exclusive", "--mail-type=END", "--requeue"],
            settings.SbatchOptions());
    }

    [Theory]
    [InlineData("""{ "slurm": { "partiton": "gpu" } }""", "slurm.partiton: unknown setting; known: partition, account")]
    [InlineData("""{ "slurm": { "gpus_per_job": "two" } }""", "slurm.gpus_per_job: expected a whole number, got 'two'")]
    [InlineData("""{ "slurm": { "sbatch_args": "--exclusive" } }""", "slurm.sbatch_args: expected a list of strings")]
    [InlineData("""{ "slurm": { "pack": "all" } }""", "slurm.pack: expected none or chains, got 'all'")]
    [InlineData("""{ "slurm": { "max_jobs": 0 } }""", "slurm.max_jobs: expected a whole number of at least 1, got '0'")]
    [InlineData("""{ "slurm": [] }""", "'slurm' must be an object of settings")]
    [InlineData("""{ "slurm": { """, "not valid JSON")]
    public void A_bad_settings_file_names_the_file_and_the_key(string json, string message)
    {
        WriteFile(json);
        var e = Assert.Throws<SlurmSettingsException>(() => SlurmSettings.FromFile(directory));
        Assert.Contains(Path.Combine(directory, SlurmSettings.FileName), e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Packing_is_chains_unless_the_file_the_environment_or_the_command_line_says_otherwise_and_is_no_sbatch_option()
    {
        Assert.Equal(Packing.Chains, new SlurmSettings().Packing);
        WriteFile("""{ "slurm": { "pack": "none", "partition": "gpu" } }""");
        var file = SlurmSettings.FromFile(directory);
        Assert.Equal(Packing.None, file.Packing);
        Assert.Equal(["--partition=gpu"], file.SbatchOptions());
        Assert.Equal(Packing.Chains, SlurmSettings.FromEnvironment(n => n == "ENSDSL_SLURM_PACK" ? "Chains" : null).Over(file).Packing);
        Assert.Equal(Packing.None, new SlurmSettings().Over(file).Packing);
        Assert.Equal(Packing.Chains, new SlurmSettings(Pack: Packing.Chains).Over(file).Packing);
    }

    [Fact]
    public void The_queue_budget_is_100_unless_the_file_the_environment_or_the_command_line_says_otherwise_and_is_no_sbatch_option()
    {
        Assert.Equal(100, new SlurmSettings().Budget);
        WriteFile("""{ "slurm": { "max_jobs": 500, "partition": "gpu" } }""");
        var file = SlurmSettings.FromFile(directory);
        Assert.Equal(500, file.Budget);
        Assert.Equal(["--partition=gpu"], file.SbatchOptions());
        Assert.Equal(40, SlurmSettings.FromEnvironment(n => n == "ENSDSL_SLURM_MAX_JOBS" ? "40" : null).Over(file).Budget);
        Assert.Equal(2, new SlurmSettings(MaxJobs: 2).Over(file).Budget);
        Assert.Throws<SlurmSettingsException>(() => SlurmSettings.Positive("-3", "--max-jobs"));
    }

    [Fact]
    public void No_file_and_no_variables_mean_sbatch_defaults()
    {
        Assert.Empty(SlurmSettings.FromFile(directory).SbatchOptions());
        Assert.Empty(SlurmSettings.FromEnvironment(_ => null).SbatchOptions());
        Assert.Contains("ENSDSL_SLURM_CPUS_PER_JOB: expected a whole number",
            Assert.Throws<SlurmSettingsException>(() => SlurmSettings.FromEnvironment(n => n == "ENSDSL_SLURM_CPUS_PER_JOB" ? "-1" : null)).Message);
    }
}
