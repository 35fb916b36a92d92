namespace EnsDsl.Runtime.Imaging.Augmentation;

/// <summary>
/// The operations that map each channel value through a table (Pillow's <c>Image.point</c> with a 768-entry table,
/// entries clipped to 0–255): <c>ImageOps.autocontrast</c>, <c>equalize</c>, <c>invert</c>, <c>posterize</c>,
/// <c>solarize</c> and timm's <c>solarize_add</c>.
/// </summary>
public abstract record PointOp : PixelOp
{
    /// <summary>The table for <paramref name="image"/>: 256 entries per channel, red, green, blue.</summary>
    protected abstract int[] Table(RgbaImage image);

    /// <inheritdoc />
    public override void Apply(RgbaImage input, RgbaImage output)
    {
        var table = Table(input);
        var lut = new byte[768];
        for (int i = 0; i < 768; i++) lut[i] = (byte)Math.Clamp(table[i], 0, 255);
        int n = 4 * input.Width * input.Height;
        var src = input.Pixels;
        var dst = output.Pixels;
        for (int p = 0; p < n; p += 4)
        {
            dst[p] = lut[src[p]];
            dst[p + 1] = lut[256 + src[p + 1]];
            dst[p + 2] = lut[512 + src[p + 2]];
        }
    }

    /// <summary>The same table for the three channels.</summary>
    protected static int[] Triple(Func<int, int> f)
    {
        var table = new int[768];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < 256; i++) table[256 * c + i] = f(i);
        return table;
    }

    /// <summary>Pillow's <c>Image.histogram</c> of an RGB image: 256 counts per channel.</summary>
    protected static int[] Histogram(RgbaImage image)
    {
        var h = new int[768];
        int n = 4 * image.Width * image.Height;
        var px = image.Pixels;
        for (int p = 0; p < n; p += 4)
        {
            h[px[p]]++;
            h[256 + px[p + 1]]++;
            h[512 + px[p + 2]]++;
        }
        return h;
    }
}

/// <summary><c>ImageOps.autocontrast(img)</c>: each channel stretched so that its darkest value becomes 0 and its lightest 255.</summary>
public sealed record AutoContrast : PointOp
{
    /// <inheritdoc />
    protected override int[] Table(RgbaImage image)
    {
        var h = Histogram(image);
        var table = new int[768];
        for (int c = 0; c < 3; c++)
        {
            int lo = 0, hi = 255;
            while (lo < 255 && h[256 * c + lo] == 0) lo++;
            while (hi > 0 && h[256 * c + hi] == 0) hi--;
            for (int ix = 0; ix < 256; ix++)
            {
                if (hi <= lo) { table[256 * c + ix] = ix; continue; }
                double scale = 255.0 / (hi - lo), offset = -lo * scale;
                table[256 * c + ix] = Math.Clamp((int)(ix * scale + offset), 0, 255);
            }
        }
        return table;
    }
}

/// <summary><c>ImageOps.equalize(img)</c>: each channel's cumulative histogram made as flat as the steps allow.</summary>
public sealed record Equalize : PointOp
{
    /// <inheritdoc />
    protected override int[] Table(RgbaImage image)
    {
        var h = Histogram(image);
        var table = new int[768];
        for (int c = 0, b = 0; c < 3; c++, b += 256)
        {
            int used = 0, total = 0, last = 0;
            for (int i = 0; i < 256; i++)
                if (h[b + i] != 0) { used++; total += h[b + i]; last = h[b + i]; }
            int step = used <= 1 ? 0 : (total - last) / 255;
            if (step == 0)
            {
                for (int i = 0; i < 256; i++) table[b + i] = i;
                continue;
            }
            long n = step / 2;
            for (int i = 0; i < 256; i++)
            {
                table[b + i] = (int)(n / step);
                n += h[b + i];
            }
        }
        return table;
    }
}

/// <summary><c>ImageOps.invert(img)</c>: 255 − v.</summary>
public sealed record Invert : PointOp
{
    /// <inheritdoc />
    protected override int[] Table(RgbaImage image) => Triple(i => 255 - i);
}

/// <summary><c>ImageOps.posterize(img, bits)</c>: the <paramref name="Bits"/> high bits of each value kept (none at 0); timm returns the image unchanged from 8 bits up.</summary>
/// <param name="Bits">High bits kept, 0–8.</param>
public sealed record Posterize(int Bits) : PointOp
{
    /// <inheritdoc />
    protected override int[] Table(RgbaImage image)
    {
        int mask = Bits >= 8 ? 0xFF : ~((1 << (8 - Bits)) - 1);
        return Triple(i => i & mask);
    }
}

/// <summary><c>ImageOps.solarize(img, threshold)</c>: values at or above <paramref name="Threshold"/> inverted.</summary>
/// <param name="Threshold">0–256; 256 leaves the image unchanged.</param>
public sealed record Solarize(int Threshold) : PointOp
{
    /// <inheritdoc />
    protected override int[] Table(RgbaImage image) => Triple(i => i < Threshold ? i : 255 - i);
}

/// <summary>timm's <c>solarize_add(img, add, thresh=128)</c>: <paramref name="Add"/> added to values below <paramref name="Threshold"/>, capped at 255.</summary>
/// <param name="Add">Amount added.</param>
/// <param name="Threshold">Values from this one up are left as they are.</param>
public sealed record SolarizeAdd(int Add, int Threshold = 128) : PointOp
{
    /// <inheritdoc />
    protected override int[] Table(RgbaImage image) => Triple(i => i < Threshold ? Math.Min(255, i + Add) : i);
}
