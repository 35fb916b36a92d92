using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EnsDsl.Runtime.Imaging;

/// <summary>The resampling filters of Pillow's <c>Image.resize</c> that torchvision's transforms use.</summary>
public enum ResampleFilter
{
    /// <summary>Pillow's BILINEAR: the triangle filter, support 1 (torchvision's default; the ResNet recipes).</summary>
    Bilinear,
    /// <summary>Pillow's BICUBIC: the cubic convolution filter with a = −0.5, support 2 (timm's transforms for Swin).</summary>
    Bicubic,
    /// <summary>
    /// PyTorch's bilinear interpolation of a float tensor (<c>align_corners=False</c>, no antialiasing), as
    /// torchvision 0.13–0.14 resizes tensor images: not Pillow's; rendered by <see cref="TensorResample"/>.
    /// </summary>
    TensorBilinear,
}

/// <summary>
/// Resampling exactly as Pillow's <c>Image.resize(size, BILINEAR | BICUBIC)</c> computes it (Pillow 9–11,
/// <c>libImaging/Resample.c</c>), which is what torchvision's transforms call on the authors' PIL images: a separable
/// filter whose support widens with the downscaling factor (antialiasing), weights normalised per output
/// pixel and rounded to 22-bit fixed point, a horizontal pass into an 8-bit intermediate image, then a vertical pass;
/// each pass rounds half up and clips to 0–255. Following the same integer arithmetic gives the same bytes, not merely
/// close ones.
/// <para>Only the output pixels inside a window are computed, so Resize(256) followed by CenterCrop(224) never
/// computes the pixels the crop discards; each output pixel depends only on its own weights, so the window's values
/// are those of the full resize.</para>
/// </summary>
public static class PillowResample
{
    const int PrecisionBits = 32 - 8 - 2;
    const int Half = 1 << (PrecisionBits - 1);

    /// <summary>The weights of one axis: per output position the first input index, the tap count and the taps.</summary>
    public sealed class Axis
    {
        /// <summary>First input index per output position.</summary>
        public int[] First { get; private set; } = [];

        /// <summary>Taps per output position.</summary>
        public int[] Count { get; private set; } = [];

        /// <summary>Fixed-point taps, <see cref="KernelSize"/> per output position.</summary>
        public int[] Weights { get; private set; } = [];

        /// <summary>Stride of <see cref="Weights"/>.</summary>
        public int KernelSize { get; private set; }

        double[] taps = [];

        /// <summary>Pillow's <c>precompute_coeffs</c> and <c>normalize_coeffs_8bpc</c> for <paramref name="inSize"/> → <paramref name="outSize"/>, in this object's reused arrays.</summary>
        public Axis Compute(int inSize, int outSize, ResampleFilter filter = ResampleFilter.Bilinear)
        {
            double scale = (double)inSize / outSize;
            double filterScale = Math.Max(scale, 1.0);
            double support = Support(filter) * filterScale;
            int kernel = (int)Math.Ceiling(support) * 2 + 1;
            KernelSize = kernel;
            if (First.Length < outSize) { First = new int[outSize]; Count = new int[outSize]; }
            if (Weights.Length < outSize * kernel) Weights = new int[outSize * kernel];
            if (taps.Length < kernel) taps = new double[kernel];
            for (int o = 0; o < outSize; o++)
            {
                double center = (o + 0.5) * scale, inverse = 1.0 / filterScale;
                int min = Math.Max((int)(center - support + 0.5), 0);
                int max = Math.Min((int)(center + support + 0.5), inSize) - min;
                double sum = 0;
                for (int x = 0; x < max; x++)
                {
                    taps[x] = Filter(filter, (x + min - center + 0.5) * inverse);
                    sum += taps[x];
                }
                for (int x = 0; x < max; x++)
                {
                    double w = sum != 0.0 ? taps[x] / sum : taps[x];
                    Weights[o * kernel + x] = w < 0 ? (int)(-0.5 + w * (1 << PrecisionBits)) : (int)(0.5 + w * (1 << PrecisionBits));
                }
                First[o] = min;
                Count[o] = max;
            }
            return this;
        }
    }

    static double Support(ResampleFilter filter) => filter switch
    {
        ResampleFilter.Bicubic => 2.0,
        ResampleFilter.Bilinear => 1.0,
        _ => throw new ArgumentException($"{filter} is no Pillow filter: TensorResample renders it"),
    };

    // Pillow's bilinear_filter and bicubic_filter (a = −0.5).
    static double Filter(ResampleFilter filter, double x)
    {
        x = Math.Abs(x);
        if (filter == ResampleFilter.Bilinear) return x < 1.0 ? 1.0 - x : 0.0;
        const double a = -0.5;
        if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
        return 0.0;
    }

    /// <summary>Reusable memory for one thread, so that resizing allocates nothing once warm.</summary>
    public sealed class Scratch
    {
        internal int[] Rows = [];
        internal int[] Row = [];
        internal readonly Axis Horizontal = new(), Vertical = new();

        /// <summary>True on the image loader's worker threads: the large buffer grows only between GC-safe sections.</summary>
        internal bool Background { get; init; }

        readonly RgbaImage?[] canvases = new RgbaImage?[2];
        int[] identityRow = [];

        /// <summary>One of two reused 8-bit images of <paramref name="width"/> × <paramref name="height"/> (the augmentations' input and output).</summary>
        internal RgbaImage Canvas(int which, int width, int height)
        {
            var current = canvases[which];
            if (current is { } c && c.Pixels.Length >= 4 * width * height)
                return c.Width == width && c.Height == height ? c : canvases[which] = new RgbaImage(width, height, c.Pixels);
            var pixels = Background ? Torch.GcSafeSection.Between(() => new byte[4 * width * height]) : new byte[4 * width * height];
            return canvases[which] = new RgbaImage(width, height, pixels);
        }

        /// <summary>A reused row of <paramref name="length"/> values, for images read without resampling.</summary>
        internal Span<int> IdentityRow(int length)
        {
            if (identityRow.Length < length) identityRow = new int[length];
            return identityRow.AsSpan(0, length);
        }
    }

    /// <summary>
    /// Resizes the <paramref name="source"/> region of <paramref name="image"/> (as if cropped first) to
    /// <paramref name="outWidth"/> × <paramref name="outHeight"/>, and writes the output pixels inside
    /// <paramref name="window"/> to <paramref name="write"/>, row by row: <c>write(rowInWindow, bytes)</c> receives the
    /// window row's 8-bit RGBA values (4 per pixel).
    /// </summary>
    public static void Resize(RgbaImage image, PixelBox source, int outWidth, int outHeight, PixelBox window,
        Scratch scratch, RowWriter write, ResampleFilter filter = ResampleFilter.Bilinear)
    {
        var horizontal = scratch.Horizontal.Compute(source.Width, outWidth, filter);
        var vertical = scratch.Vertical.Compute(source.Height, outHeight, filter);
        // Rows of the crop that the window's output rows read.
        int rowFirst = vertical.First[window.Top];
        int rowEnd = vertical.First[window.Top + window.Height - 1] + vertical.Count[window.Top + window.Height - 1];
        int rows = rowEnd - rowFirst, rowInts = window.Width * 4;
        if (scratch.Rows.Length < rows * rowInts)
            scratch.Rows = scratch.Background ? Torch.GcSafeSection.Between(() => new int[rows * rowInts]) : new int[rows * rowInts];
        if (scratch.Row.Length < rowInts) scratch.Row = new int[rowInts];
        var pixels = image.Pixels;
        int stride = image.Stride;

        // Unchecked reads in the two inner loops: every index is within the crop by construction of the weights.
        ref byte image0 = ref MemoryMarshal.GetArrayDataReference(pixels);
        ref int weights0 = ref MemoryMarshal.GetArrayDataReference(horizontal.Weights);
        for (int r = 0; r < rows; r++)
        {
            int rowStart = (source.Top + rowFirst + r) * stride + source.Left * 4;
            var dst = scratch.Rows.AsSpan(r * rowInts, rowInts);
            for (int o = 0; o < window.Width; o++)
            {
                int x = window.Left + o, n = horizontal.Count[x];
                ref byte first = ref Unsafe.Add(ref image0, rowStart + horizontal.First[x] * 4);
                ref int k = ref Unsafe.Add(ref weights0, x * horizontal.KernelSize);
                var acc = Vector128.Create(Half);
                for (int t = 0; t < n; t++)
                {
                    uint rgba = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref first, 4 * t));
                    var px = Vector128.WidenLower(Vector128.WidenLower(Vector128.CreateScalar(rgba).AsByte())).AsInt32();
                    acc += px * Unsafe.Add(ref k, t);
                }
                Clip(acc).CopyTo(dst.Slice(o * 4, 4));
            }
        }

        var row = scratch.Row.AsSpan(0, rowInts);
        for (int o = 0; o < window.Height; o++)
        {
            int y = window.Top + o, min = vertical.First[y] - rowFirst, n = vertical.Count[y];
            var k = vertical.Weights.AsSpan(y * vertical.KernelSize, n);
            int i = 0;
            for (; i + Vector256<int>.Count <= rowInts; i += Vector256<int>.Count)
            {
                var acc = Vector256.Create(Half);
                for (int t = 0; t < n; t++)
                    acc += Vector256.Create<int>(scratch.Rows.AsSpan((min + t) * rowInts + i, Vector256<int>.Count)) * k[t];
                Clip(acc).CopyTo(row.Slice(i));
            }
            for (; i < rowInts; i++)
            {
                int acc = Half;
                for (int t = 0; t < n; t++) acc += scratch.Rows[(min + t) * rowInts + i] * k[t];
                row[i] = Math.Clamp(acc >> PrecisionBits, 0, 255);
            }
            write(o, row);
        }
    }

    /// <summary>Receives one output row of a window: 4 values (R, G, B, unused) per pixel, each 0–255.</summary>
    public delegate void RowWriter(int row, ReadOnlySpan<int> rgba);

    static Vector128<int> Clip(Vector128<int> sum) =>
        Vector128.Clamp(Vector128.ShiftRightArithmetic(sum, PrecisionBits), Vector128<int>.Zero, Vector128.Create(255));

    static Vector256<int> Clip(Vector256<int> sum) =>
        Vector256.Clamp(Vector256.ShiftRightArithmetic(sum, PrecisionBits), Vector256<int>.Zero, Vector256.Create(255));
}
