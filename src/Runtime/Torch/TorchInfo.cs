using static TorchSharp.torch;

namespace EnsDsl.Runtime.Torch;

/// <summary>The tensor library as this process sees it: versions and devices. Touching it loads libtorch.</summary>
public static class TorchInfo
{
    /// <summary>True when a CUDA device is usable (the CUDA build on a machine with an NVIDIA GPU).</summary>
    public static bool CudaAvailable => cuda.is_available();

    /// <summary>The device for <paramref name="requested"/> (<c>auto</c>, <c>cpu</c>, <c>cuda</c>, <c>cuda:1</c>):
    /// CUDA when available for <c>auto</c>, else CPU.</summary>
    public static Device Resolve(string requested = "auto") => requested.ToLowerInvariant() switch
    {
        "auto" => CudaAvailable ? CUDA : CPU,
        "cpu" => CPU,
        var d when d.StartsWith("cuda", StringComparison.Ordinal) => CudaAvailable
            ? new Device(d)
            : throw new ArgumentException($"--device {requested}: no CUDA device is available (this build uses {(CudaAvailable ? "CUDA" : "the CPU libtorch")}); use --device cpu"),
        _ => throw new ArgumentException($"--device {requested}: expected auto, cpu, cuda or cuda:N"),
    };

    /// <summary>A one-line description, e.g. <c>TorchSharp 0.107.0, libtorch 2.10.0, CPU</c>.</summary>
    public static string Describe() =>
        $"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(3)}, libtorch {__version__}, {(CudaAvailable ? $"CUDA ({cuda.device_count()} device(s))" : "CPU")}";
}
