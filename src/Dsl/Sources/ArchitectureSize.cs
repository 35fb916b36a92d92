using static EnsDsl.StateSize;

namespace EnsDsl;

// What each architecture's state dict holds, counted layer by layer as the Runtime builds the networks (a Runtime test
// checks every kind against the real modules' state dicts).
public sealed partial record Architecture
{
    /// <summary>The counts of this network's state dict with a head for <paramref name="classes"/> classes.</summary>
    /// <example><code>Architecture.CifarResNet(20, 16).StateSize(10).Parameters   // 272,474</code></example>
    public StateSize StateSize(int classes)
    {
        if (Swin is { } swin) return SwinSize(swin, classes);
        if (this == ResNet18) return TorchvisionResNet([2, 2, 2, 2], bottleneck: false, classes);
        if (this == ResNet50) return TorchvisionResNet([3, 4, 6, 3], bottleneck: true, classes);
        var m = CifarPattern().Match(Name);
        int depth = int.Parse(m.Groups[1].Value), width = int.Parse(m.Groups[2].Value), blocks = (depth - 2) / 6;
        var size = Conv(3, width, 3) + BatchNorm(width);
        int input = width;
        foreach (var (output, stride) in new[] { (width, 1), (2 * width, 2), (4 * width, 2) })
            for (int b = 0; b < blocks; b++, input = output)
                size += Basic(input, output, b == 0 ? stride : 1);
        return size + Linear(4 * width, classes);
    }

    static StateSize TorchvisionResNet(int[] layers, bool bottleneck, int classes)
    {
        int expansion = bottleneck ? 4 : 1, input = 64;
        var size = Conv(3, 64, 7) + BatchNorm(64);
        for (int stage = 0; stage < layers.Length; stage++)
        {
            int planes = 64 << stage, stride = stage == 0 ? 1 : 2;
            for (int b = 0; b < layers[stage]; b++, input = planes * expansion)
                size += bottleneck ? Bottleneck(input, planes, b == 0 ? stride : 1) : Basic(input, planes, b == 0 ? stride : 1);
        }
        return size + Linear(512 * expansion, classes);
    }

    static StateSize Basic(int input, int output, int stride) =>
        Conv(input, output, 3) + BatchNorm(output) + Conv(output, output, 3) + BatchNorm(output) + Shortcut(input, output, stride);

    static StateSize Bottleneck(int input, int planes, int stride) =>
        Conv(input, planes, 1) + BatchNorm(planes) + Conv(planes, planes, 3) + BatchNorm(planes)
        + Conv(planes, 4 * planes, 1) + BatchNorm(4 * planes) + Shortcut(input, 4 * planes, stride);

    static StateSize Shortcut(int input, int output, int stride) =>
        stride != 1 || input != output ? Conv(input, output, 1) + BatchNorm(output) : None;

    static StateSize SwinSize(SwinLayout layout, int classes)
    {
        var size = Conv(3, layout.Embed, layout.Patch, bias: true) + LayerNorm(layout.Embed);
        var resolutions = layout.Resolutions().ToList();
        for (int stage = 0; stage < layout.Depths.Length; stage++)
        {
            long dim = layout.Embed << stage, resolution = resolutions[stage];
            for (int b = 0; b < layout.Depths[stage]; b++)
            {
                // A window as large as the grid is the grid, unshifted (as the Runtime's blocks do).
                long window = Math.Min(layout.Window, resolution), tokens = window * window;
                bool shifted = b % 2 == 1 && resolution > layout.Window;
                size += LayerNorm(dim) + Values((2 * window - 1) * (2 * window - 1) * layout.Heads[stage]) + Integers(tokens * tokens)
                    + Linear(dim, 3 * dim) + Linear(dim, dim) + LayerNorm(dim) + Linear(dim, 4 * dim) + Linear(4 * dim, dim)
                    + (shifted ? Floats(resolution / window * (resolution / window) * tokens * tokens) : None);
            }
            if (stage < layout.Depths.Length - 1) size += LayerNorm(4 * dim) + Linear(4 * dim, 2 * dim, bias: false);
        }
        long last = layout.Embed << (layout.Depths.Length - 1);
        return size + LayerNorm(last) + Linear(last, classes);
    }
}
