using System.Runtime.InteropServices;
using EnsDsl.Documents;

namespace EnsDsl.Runtime.Results;

/// <summary>Where and with what a run computed, as its page and results.json say it.</summary>
/// <param name="Ensdsl">The ensdsl version.</param>
/// <param name="Engine">The tensor engine: TorchSharp's and libtorch's versions and the backend (CPU or CUDA).</param>
/// <param name="Machine">The machine's host name (for a Slurm run: where the run was followed; each step ran on a compute node).</param>
/// <param name="Cpu">The processor's model, as the operating system names it (empty when it does not say).</param>
/// <param name="Cores">Logical processors.</param>
/// <param name="Os">The operating system.</param>
/// <param name="Executor">How the steps ran: <c>local</c> (this process, on <paramref name="Devices"/>) or <c>slurm</c> (a job per step).</param>
/// <param name="Devices">The devices steps computed on (several with <c>--devices</c> or <c>--jobs</c>).</param>
public sealed record RunHost(string Ensdsl, string Engine, string Machine, string Cpu, int Cores, string Os, string Executor, IReadOnlyList<string> Devices)
{
    /// <summary>This machine, for a run of ensdsl <paramref name="ensdsl"/> on <paramref name="engine"/> whose steps ran with <paramref name="executor"/> on <paramref name="devices"/>.</summary>
    public static RunHost Here(string ensdsl, string engine, string executor, IReadOnlyList<string> devices) =>
        new(ensdsl, engine, Environment.MachineName, CpuModel(), Environment.ProcessorCount, RuntimeInformation.OSDescription, executor, devices);

    /// <summary>The first "model name" of /proc/cpuinfo (Linux); empty elsewhere.</summary>
    static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) is { } line
                ? line[(line.IndexOf(':') + 1)..].Trim() : "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }
}

/// <summary>Where a run is recorded in MLflow.</summary>
/// <param name="Store">The local MLflow file store, as shown to the user.</param>
/// <param name="Run">The parent run's id (each computed step is a child run of it).</param>
/// <param name="Server">The tracking server it is uploaded to, if any.</param>
public sealed record RunTracking(string Store, string Run, string? Server);
