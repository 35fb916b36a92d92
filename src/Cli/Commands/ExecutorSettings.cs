using System.ComponentModel;
using EnsDsl.Runtime.Slurm;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands;

/// <summary>Where a plan's nodes compute.</summary>
public enum ExecutorKind
{
    /// <summary>In this process, on this machine's devices.</summary>
    Local,
    /// <summary>As Slurm jobs.</summary>
    Slurm,
}

/// <summary>Options of the commands that map a plan onto an executor: the executor and the Slurm resources.</summary>
public class ExecutorSettings : ScriptSettings
{
    /// <summary>The store.</summary>
    [CommandOption("--store <DIR>")]
    [Description("The content-addressed store of finished nodes and resumable training states (default: .ensdsl in the working directory); plan says what it already holds.")]
    public string Store { get; init; } = ".ensdsl";

    /// <summary>The executor.</summary>
    [CommandOption("--executor <NAME>")]
    [Description("local (this process) or slurm (one job per training step, dependencies as afterok).")]
    public ExecutorKind Executor { get; init; } = ExecutorKind.Local;

    /// <summary>sbatch --partition.</summary>
    [CommandOption("--partition <NAME>")]
    [Description("Slurm partition of every job (also ENSDSL_SLURM_PARTITION, or slurm.partition in ensdsl.json next to the script).")]
    public string? Partition { get; init; }

    /// <summary>sbatch --account.</summary>
    [CommandOption("--account <NAME>")]
    [Description("Slurm account to charge.")]
    public string? Account { get; init; }

    /// <summary>sbatch --qos.</summary>
    [CommandOption("--qos <NAME>")]
    [Description("Slurm quality of service.")]
    public string? Qos { get; init; }

    /// <summary>sbatch --time.</summary>
    [CommandOption("--time <LIMIT>")]
    [Description("Time limit of each job, e.g. 04:00:00.")]
    public string? Time { get; init; }

    /// <summary>sbatch --gpus.</summary>
    [CommandOption("--gpus-per-job <N>")]
    [Description("GPUs of each job.")]
    public int? GpusPerJob { get; init; }

    /// <summary>sbatch --cpus-per-task.</summary>
    [CommandOption("--cpus-per-job <N>")]
    [Description("CPU cores of each job.")]
    public int? CpusPerJob { get; init; }

    /// <summary>sbatch --mem.</summary>
    [CommandOption("--mem <SIZE>")]
    [Description("Memory of each job, e.g. 32G.")]
    public string? Mem { get; init; }

    /// <summary>sbatch --constraint.</summary>
    [CommandOption("--constraint <FEATURES>")]
    [Description("Node features each job needs, e.g. a100.")]
    public string? Constraint { get; init; }

    /// <summary>Anything else for sbatch.</summary>
    [CommandOption("--sbatch-arg <ARG>")]
    [Description("Another sbatch argument, as written (repeatable), e.g. --sbatch-arg=--exclusive.")]
    public string[] SbatchArgs { get; init; } = [];

    /// <summary>How training steps are grouped into jobs.</summary>
    [CommandOption("--pack <HOW>")]
    [Description("chains (default: a linear chain of training steps, such as SSE's cycles, is one job, so it waits in the queue once) or none (a job per training step). Also slurm.pack in ensdsl.json, ENSDSL_SLURM_PACK.")]
    public string? Pack { get; init; }

    /// <summary>The queue budget.</summary>
    [CommandOption("--max-jobs <N>")]
    [Description("At most N of the run's jobs queued or running in Slurm at once (default 100); the rest are submitted as earlier ones end, by this process or 'ensdsl collect'. Also slurm.max_jobs in ensdsl.json, ENSDSL_SLURM_MAX_JOBS.")]
    public string? MaxJobs { get; init; }

    /// <summary>The Slurm settings: these options over the environment over the ensdsl.json next to <paramref name="script"/>.</summary>
    /// <exception cref="SlurmSettingsException">The file or a variable holds a value that cannot be used.</exception>
    public SlurmSettings Slurm(string script) =>
        new SlurmSettings(Partition, Account, Qos, Time, GpusPerJob, CpusPerJob, Mem, Constraint, [.. SbatchArgs],
                Pack is null ? null : SlurmSettings.PackingNamed(Pack, "--pack"), MaxJobs is null ? null : SlurmSettings.Positive(MaxJobs, "--max-jobs"))
            .Over(SlurmSettings.FromEnvironment(Environment.GetEnvironmentVariable).Over(SlurmSettings.FromFile(Path.GetDirectoryName(Path.GetFullPath(script))!)));
}
