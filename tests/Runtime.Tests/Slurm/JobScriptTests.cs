using System.Collections.Immutable;
using EnsDsl.Runtime.Slurm;

namespace EnsDsl.Runtime.Tests.Slurm;

public class JobScriptTests
{
    [Theory]
    [InlineData("/home/a/ensdsl.dll", "/home/a/ensdsl.dll")]
    [InlineData("cycleLr=[0.01,0.02]", "'cycleLr=[0.01,0.02]'")]
    [InlineData("my runs/it's", "'my runs/it'\\''s'")]
    [InlineData("", "''")]
    [InlineData("$HOME", "'$HOME'")]
    public void Words_are_quoted_for_bash_where_they_need_it(string word, string quoted) => Assert.Equal(quoted, JobScript.Quote(word));

    [Fact]
    public void A_job_script_asks_for_requeue_the_warning_signal_and_the_resources_and_runs_its_nodes()
    {
        var job = new SlurmJob(2, "StarSSE branch 2/5", ["aaaa1111", "bbbb2222"], [0], 5);
        var template = new JobTemplate(new EnsdslCommand("/usr/bin/dotnet", ["/opt/ensdsl/ensdsl.dll"]), "/lab/exp/starsse.csx", ["cycleLr=[0.05,0.1]"],
            "/shared/store", "/lab/exp", ["--test-every-epoch"], new SlurmSettings(Partition: "gpu", GpusPerJob: 1, SbatchArgs: ["--exclusive"]));
        var text = JobScript.Render(job, 7, "starsse", "/lab/exp/runs/starsse/1", template);
        foreach (var line in new[]
                 {
                     "#!/bin/bash", "#SBATCH --job-name=ensdsl-starsse-2", "#SBATCH --output=/lab/exp/runs/starsse/1/slurm/job-2.out", "#SBATCH --open-mode=append",
                     "#SBATCH --requeue", "#SBATCH --kill-on-invalid-dep=yes", $"#SBATCH --signal=B:USR1@{JobScript.WarningSeconds}",
                     "#SBATCH --partition=gpu", "#SBATCH --gpus=1", "#SBATCH --exclusive", "cd /lab/exp || exit 1",
                     "/usr/bin/dotnet /opt/ensdsl/ensdsl.dll run /lab/exp/starsse.csx --set 'cycleLr=[0.05,0.1]' --store /shared/store --nodes aaaa1111,bbbb2222 " +
                     "--events /lab/exp/runs/starsse/1/slurm/job-2.events --no-progress --test-every-epoch &",
                     $"if [ $warned = 1 ] && [ $status = {JobScript.Requeue} ]; then",
                 })
            Assert.Contains(line + "\n", text);
        Assert.DoesNotContain("--dependency", text);      // given at submission, with the Slurm ids of the jobs before
    }

    [Fact]
    public void A_run_record_reads_back_equal()
    {
        var folder = Directory.CreateTempSubdirectory("ensdsl-run-record-").FullName;
        try
        {
            var run = new SlurmRun("starsse", "/lab/starsse.csx", ["cycleLr=0.1"], "/shared/store", "/lab", new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(-5)),
                ["c0"], ImmutableDictionary<string, string>.Empty.Add("c0", "fine-tune").Add("n1", "branch"),
                [new SubmittedJob(new SlurmJob(0, "branch", ["n1"], [], 10), "4711"), new SubmittedJob(new SlurmJob(1, "evaluate and report", ["n2"], [0], 0, AfterAny: true), "4712")]);
            run.Write(folder);
            var back = SlurmRun.Read(folder);
            static string Fields(SlurmRun r) => $"{r.Experiment}|{r.Script}|{string.Join(",", r.Sets)}|{r.Store}|{r.WorkingDirectory}|{r.Submitted:o}|{string.Join(",", r.Cached)}";
            Assert.Equal(Fields(run), Fields(back));
            Assert.Equal(run.Labels, back.Labels);
            Assert.Equal(run.Jobs.Select(j => (j.SlurmId, j.Job.Index, string.Join(",", j.Job.Nodes), string.Join(",", j.Job.After), j.Job.AfterAny)),
                back.Jobs.Select(j => (j.SlurmId, j.Job.Index, string.Join(",", j.Job.Nodes), string.Join(",", j.Job.After), j.Job.AfterAny)));
            var missing = Assert.Throws<SlurmRunException>(() => SlurmRun.Read(Path.Combine(folder, "elsewhere")));
            Assert.Contains("is not a run submitted to Slurm", missing.Message);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
