using System.Runtime.InteropServices;
using TorchSharp.Modules;

namespace EnsDsl.Runtime.Torch;

/// <summary>
/// Keeps libtorch's CPU convolutions correct. On this project's machines (AMD EPYC, AVX-512), libtorch 2.10's oneDNN
/// convolution backward pass returned non-finite or run-to-run different gradients for convolutions with few channels:
/// at 8 channels, 2 threads, 22–72 of 300 backward passes were non-finite (1–4 of 400 at batch 64), and results differed
/// in most passes; at 4 channels likewise. Every shape with 16, 32 or 64 channels — those of ResNets and of
/// <c>cifar-resnet*x16</c> — gave finite, bit-identical gradients in 800 passes each. Turning oneDNN off removes the
/// problem but makes small convolutions about 3× slower (the quickstart: 7m41s instead of 2m43s).
/// <para>So oneDNN stays on, and a network with a convolution outside the measured-safe shapes (channel counts that
/// are multiples of 16, or 3 input channels at the image) turns it off for the process, as PyTorch's
/// <c>torch.backends.mkldnn.enabled = False</c> does (libtorch's <c>at::globalContext().setUserEnabledMkldnn(false)</c>,
/// which TorchSharp does not wrap). <c>ENSDSL_MKLDNN=0</c> turns it off always; <c>ENSDSL_MKLDNN=1</c> never.</para>
/// </summary>
public static class CpuKernels
{
    static readonly Lock Gate = new();

    /// <summary>True while ATen may use oneDNN (mkldnn) kernels in this process.</summary>
    public static bool MkldnnEnabled
    {
        get { lock (Gate) return UserEnabledMkldnn(GlobalContext()); }
    }

    /// <summary>
    /// Makes the process safe for <paramref name="model"/>: turns oneDNN off (for good) when one of its convolutions
    /// has channel counts where the oneDNN backward pass was seen to fail. Call before the model's first convolution.
    /// </summary>
    public static void ConfigureFor(TorchSharp.torch.nn.Module model)
    {
        var choice = Environment.GetEnvironmentVariable("ENSDSL_MKLDNN");
        if (choice == "1") return;
        if (choice == "0" || model.named_modules().Select(m => m.module).OfType<Conv2d>().Any(IsUnsafe))
            lock (Gate) SetUserEnabledMkldnn(GlobalContext(), false);
    }

    /// <summary>Outside the measured-safe shapes: a channel count that is not a multiple of 16 (3 image channels in are fine).</summary>
    public static bool IsUnsafe(Conv2d conv)
    {
        var shape = conv.weight!.shape;              // out × in × kh × kw
        long output = shape[0], input = shape[1];
        return output % 16 != 0 || (input % 16 != 0 && input != 3);
    }

    /// <summary>
    /// Sets whether ATen may use oneDNN until the returned scope is disposed, then restores the previous setting. For
    /// tests, which share one process: the process-wide choice of <see cref="ConfigureFor"/> depends on which networks
    /// other tests built before.
    /// </summary>
    internal static IDisposable Forced(bool enabled)
    {
        bool previous;
        lock (Gate)
        {
            previous = UserEnabledMkldnn(GlobalContext());
            SetUserEnabledMkldnn(GlobalContext(), enabled);
        }
        return new Restore(() => { lock (Gate) SetUserEnabledMkldnn(GlobalContext(), previous); });
    }

    sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    static extern bool UserEnabledMkldnn(IntPtr context);
}
