using System.Runtime.InteropServices;

namespace EnsDsl.Runtime.Torch;

/// <summary>
/// Keeps glibc's malloc from handing libtorch's freed tensor buffers back to the kernel after every step.
/// <para>Why: a training step allocates and frees the same few hundred buffers, from kilobytes to hundreds of
/// megabytes, every batch. With glibc's defaults, buffers above the mmap threshold (dynamic, at most 32 MiB) are mapped
/// at every allocation and unmapped at every free, and a heap whose free top exceeds the trim threshold is shrunk: the
/// next step faults the same memory in again, page by page. Measured (bench/Peers, one engine process, ResNet-50 at
/// 224 px, batch 16, 80 images): 3.4 million minor page faults, 5.8 s of system time, 5.9 images/s; with both
/// thresholds at 1 GiB, 0.75 million, 2.2 s and 7.1 images/s. Training 11,500 images with the small CIFAR ResNet, the
/// faults drop from 3.0 to 0.4 million and the engine's throughput rises from 440 to 540 images/s (docs/benchmarks/history.md, fix 1).</para>
/// <para>The cost: a process keeps its high-water mark of such buffers (and up to 1 GiB of free heap top) until it
/// ends, the steady state of training, whose every step needs them again; the heap also fragments a little. The same
/// ResNet-50 run peaks at 2.9 GiB resident instead of 2.4 GiB. Buffers over 1 GiB are still mapped.</para>
/// <para>Users keep control: <c>ENSDSL_MALLOC=default</c> leaves glibc alone, and so does any glibc setting of their
/// own (<c>MALLOC_MMAP_THRESHOLD_</c>, <c>MALLOC_TRIM_THRESHOLD_</c>, <c>MALLOC_TOP_PAD_</c>, <c>GLIBC_TUNABLES</c>
/// naming malloc).</para>
/// </summary>
public static class HostAllocator
{
    /// <summary>glibc's <c>M_TRIM_THRESHOLD</c>.</summary>
    public const int TrimThresholdParameter = -1;

    /// <summary>glibc's <c>M_MMAP_THRESHOLD</c>.</summary>
    public const int MmapThresholdParameter = -3;

    /// <summary>Buffers up to this size come from the heap and are reused.</summary>
    public const int MmapThreshold = 1 << 30;

    /// <summary>Free memory at the heap's top up to this size is kept rather than returned.</summary>
    public const int TrimThreshold = 1 << 30;

    static readonly Lock Gate = new();
    static string? applied;

    /// <summary>
    /// The <c>mallopt</c> calls for an environment (<paramref name="variable"/> reads it), or the reason for none.
    /// </summary>
    public static (IReadOnlyList<(int Parameter, int Value)> Settings, string Reason) Plan(Func<string, string?> variable)
    {
        if (!OperatingSystem.IsLinux()) return ([], "not Linux (glibc)");
        if (string.Equals(variable("ENSDSL_MALLOC"), "default", StringComparison.OrdinalIgnoreCase))
            return ([], "ENSDSL_MALLOC=default");
        foreach (var own in new[] { "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_" })
            if (!string.IsNullOrEmpty(variable(own))) return ([], $"{own} is set");
        if (variable("GLIBC_TUNABLES") is { } tunables && tunables.Contains("glibc.malloc.", StringComparison.Ordinal))
            return ([], "GLIBC_TUNABLES sets malloc");
        return ([(MmapThresholdParameter, MmapThreshold), (TrimThresholdParameter, TrimThreshold)],
            $"mmap threshold {MmapThreshold >> 20} MiB, trim threshold {TrimThreshold >> 20} MiB");
    }

    /// <summary>
    /// Applies <see cref="Plan"/> for this process's environment, once; call before libtorch allocates. Returns what
    /// was done, for diagnostics.
    /// </summary>
    public static string Configure()
    {
        lock (Gate)
        {
            if (applied is not null) return applied;
            var (settings, reason) = Plan(Environment.GetEnvironmentVariable);
            return applied = Apply(settings) is { } refusal ? $"{refusal}; left at its defaults"
                : settings.Count == 0 ? $"glibc defaults ({reason})" : reason;
        }
    }

    /// <summary>Calls <c>mallopt</c> for each setting; the first one glibc refuses, or null when it took them all.</summary>
    public static string? Apply(IEnumerable<(int Parameter, int Value)> settings) =>
        settings.Where(s => Mallopt(s.Parameter, s.Value) != 1).Select(s => $"glibc refused mallopt({s.Parameter}, {s.Value})").FirstOrDefault();

    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int Mallopt(int parameter, int value);
}
