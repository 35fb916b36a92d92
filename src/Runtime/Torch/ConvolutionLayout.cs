using TorchSharp;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Torch;

/// <summary>
/// The memory layout in which image batches enter a network. libtorch's oneDNN convolutions on CPU compute in a
/// blocked layout; given NCHW activations they reorder them into it and back around every convolution, forward and
/// backward (on the CIFAR ResNet-20 at batch 128: ~1,900 reorders of up to 8 MiB per 21 steps, a fifth of the step's
/// time in oneDNN's own timing, <c>ONEDNN_VERBOSE=1</c>). Given channels-last (NHWC) activations they read and write
/// NHWC directly, and batch norm, ReLU, the residual additions and pooling keep that layout, so the reorders go: a
/// batch converted once at the network's entrance (by the trainer, the evaluator and BN recomputation) runs
/// channels-last to the head.
/// <para>Only the activations change layout: parameters, and with them checkpoints, soups and optimizer state, stay in
/// PyTorch's usual layout (their updates are in place). Results are the same up to float rounding (other kernels sum
/// in another order) and as deterministic as before (tests/Runtime.Tests/Torch/ConvolutionLayoutTests).
/// Used on CPU while oneDNN is on (with oneDNN off, <see cref="CpuKernels"/>, the native convolutions would copy
/// back to NCHW); on GPUs, unmeasured here, batches stay NCHW. <c>ENSDSL_CHANNELS_LAST=0</c> turns it off.</para>
/// </summary>
public static class ConvolutionLayout
{
    static readonly bool TurnedOff = Environment.GetEnvironmentVariable("ENSDSL_CHANNELS_LAST") == "0";

    /// <summary>True when batches on <paramref name="device"/> enter networks channels-last in this process now.</summary>
    public static bool ChannelsLast(Device device) =>
        !TurnedOff && device.type == DeviceType.CPU && CpuKernels.MkldnnEnabled;

    /// <summary>
    /// <paramref name="images"/> (N×C×H×W) in the layout its network should get on the images' device: channels-last
    /// when <see cref="ChannelsLast"/>, else as given. Shape and values are unchanged.
    /// </summary>
    public static Tensor ForNetwork(Tensor images) =>
        images.dim() == 4 && ChannelsLast(images.device) ? ToChannelsLast(images) : images;

    /// <summary>
    /// The same N×C×H×W tensor stored channels-last (strides C·H·W, 1, W·C, C), which is how libtorch recognises the
    /// layout (TorchSharp has no <c>memory_format</c> argument for <c>contiguous</c>).
    /// </summary>
    public static Tensor ToChannelsLast(Tensor images) => images.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    /// <summary>True when <paramref name="images"/> (N×C×H×W) is stored channels-last.</summary>
    public static bool IsChannelsLast(Tensor images)
    {
        if (images.dim() != 4) return false;
        var (c, h, w) = (images.shape[1], images.shape[2], images.shape[3]);
        var strides = images.stride();
        return strides[1] == 1 && strides[3] == c && strides[2] == w * c && strides[0] == h * w * c;
    }
}
