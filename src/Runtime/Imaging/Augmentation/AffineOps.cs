using System.Globalization;

namespace EnsDsl.Runtime.Imaging.Augmentation;

/// <summary>
/// The geometric operations: Pillow's <c>Image.transform(size, AFFINE, matrix, BICUBIC, fillcolor=fill)</c>, where
/// the matrix maps each output pixel centre to the input point it samples. Sampling as Pillow's
/// <c>ImagingGenericTransform</c> with <c>bicubic_filter32RGB</c> does it: points outside the image keep the fill
/// colour, inside ones use the cubic convolution with a = −1 over a 4 × 4 neighbourhood (edges clamped), in double
/// precision, truncated and clipped to 0–255.
/// </summary>
/// <param name="Fill">The colour of the pixels that come from outside the image (timm: the dataset mean).</param>
public abstract record AffineOp(Rgb Fill) : PixelOp
{
    /// <summary>The output→input matrix (a, b, c, d, e, f): x' = a·x + b·y + c, y' = d·x + e·y + f.</summary>
    public abstract double[] Matrix(int width, int height);

    /// <inheritdoc />
    public override void Apply(RgbaImage input, RgbaImage output)
    {
        var m = Matrix(input.Width, input.Height);
        int w = input.Width, h = input.Height;
        var dst = output.Pixels;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                double xo = x + 0.5, yo = y + 0.5;
                double xin = m[0] * xo + m[1] * yo + m[2], yin = m[3] * xo + m[4] * yo + m[5];
                int p = 4 * (y * w + x);
                if (xin < 0.0 || xin >= w || yin < 0.0 || yin >= h)
                {
                    dst[p] = Fill.R; dst[p + 1] = Fill.G; dst[p + 2] = Fill.B;
                    continue;
                }
                Bicubic(input, xin, yin, dst, p);
            }
    }

    static void Bicubic(RgbaImage im, double xin, double yin, byte[] dst, int p)
    {
        xin -= 0.5;
        yin -= 0.5;
        int x = Floor(xin), y = Floor(yin);
        double dx = xin - x, dy = yin - y;
        x--;
        y--;
        int w = im.Width, h = im.Height, stride = 4 * w;
        var px = im.Pixels;
        int x0 = 4 * Math.Clamp(x, 0, w - 1), x1 = 4 * Math.Clamp(x + 1, 0, w - 1),
            x2 = 4 * Math.Clamp(x + 2, 0, w - 1), x3 = 4 * Math.Clamp(x + 3, 0, w - 1);
        for (int b = 0; b < 3; b++)
        {
            double Row(int r) { int o = r * stride + b; return Cubic(px[o + x0], px[o + x1], px[o + x2], px[o + x3], dx); }
            double v1 = Row(Math.Clamp(y, 0, h - 1));
            double v2 = y + 1 >= 0 && y + 1 < h ? Row(y + 1) : v1;
            double v3 = y + 2 >= 0 && y + 2 < h ? Row(y + 2) : v2;
            double v4 = y + 3 >= 0 && y + 3 < h ? Row(y + 3) : v3;
            double v = Cubic(v1, v2, v3, v4, dy);
            dst[p + b] = v <= 0.0 ? (byte)0 : v >= 255.0 ? (byte)255 : (byte)v;
        }
    }

    // Pillow's FLOOR: truncation for non-negative values, floor for negative ones.
    static int Floor(double v) => v < 0.0 ? (int)Math.Floor(v) : (int)v;

    // Pillow's BICUBIC macro.
    static double Cubic(double v1, double v2, double v3, double v4, double d)
    {
        double p1 = v2, p2 = -v1 + v3, p3 = 2 * (v1 - v2) + v3 - v4, p4 = -v1 + v2 - v3 + v4;
        return p1 + d * (p2 + d * (p3 + d * p4));
    }
}

/// <summary>
/// timm's <c>rotate(img, degrees)</c>: Pillow's <c>Image.rotate(degrees, BICUBIC, fillcolor=fill)</c> about the
/// image centre, counter-clockwise, without expanding — the matrix built as Pillow builds it (angle taken modulo 360,
/// cosine and sine rounded to 15 decimals). Pillow copies instead at 0° and transposes at 180° (and 90°/270° on a
/// square image); those exact cases are kept.
/// </summary>
/// <param name="Degrees">Counter-clockwise angle.</param>
/// <param name="Fill">The colour of the corners that come from outside the image.</param>
public sealed record Rotate(double Degrees, Rgb Fill) : AffineOp(Fill)
{
    /// <inheritdoc />
    public override void Apply(RgbaImage input, RgbaImage output)
    {
        double angle = PythonModulo(Degrees, 360.0);
        int w = input.Width, h = input.Height;
        if (angle == 0.0 || angle == 180.0 || (angle is 90.0 or 270.0 && w == h))
        {
            Transpose(input, output, angle);
            return;
        }
        base.Apply(input, output);
    }

    /// <inheritdoc />
    public override double[] Matrix(int width, int height)
    {
        double angle = -(PythonModulo(Degrees, 360.0) * (Math.PI / 180.0));
        double cos = Round15(Math.Cos(angle)), sin = Round15(Math.Sin(angle)), minusSin = Round15(-Math.Sin(angle));
        double cx = width / 2.0, cy = height / 2.0;
        var m = new[] { cos, sin, 0.0, minusSin, cos, 0.0 };
        (double X, double Y) Transform(double x, double y) => (m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5]);
        (m[2], m[5]) = Transform(-cx - 0, -cy - 0);
        m[2] += cx;
        m[5] += cy;
        return m;
    }

    static void Transpose(RgbaImage input, RgbaImage output, double angle)
    {
        int w = input.Width, h = input.Height;
        var src = input.Pixels;
        var dst = output.Pixels;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                // The output pixel (x, y) of a counter-clockwise rotation comes from:
                var (sx, sy) = angle switch
                {
                    0.0 => (x, y),
                    90.0 => (w - 1 - y, x),
                    180.0 => (w - 1 - x, h - 1 - y),
                    _ => (y, h - 1 - x),
                };
                Array.Copy(src, 4 * (sy * w + sx), dst, 4 * (y * w + x), 4);
            }
    }

    // Python's float %: the result has the sign of the divisor.
    static double PythonModulo(double a, double b)
    {
        double r = a % b;
        return r != 0 && (r < 0) != (b < 0) ? r + b : r;
    }

    // Python's round(x, 15): the correctly rounded 15-decimal value, read back as the nearest double. .NET formats
    // the exact binary value, so "F15" then parsing gives the same double.
    static double Round15(double x) => double.Parse(x.ToString("F15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}

/// <summary>The axis a shear or translation acts along.</summary>
public enum Along
{
    /// <summary>Horizontally.</summary>
    X,
    /// <summary>Vertically.</summary>
    Y,
}

/// <summary>timm's <c>shear_x</c> / <c>shear_y</c>: the matrix (1, factor, 0, 0, 1, 0) or (1, 0, 0, factor, 1, 0).</summary>
/// <param name="Axis">Which coordinate is sheared.</param>
/// <param name="Factor">The shear.</param>
/// <param name="Fill">The colour of the pixels from outside the image.</param>
public sealed record Shear(Along Axis, double Factor, Rgb Fill) : AffineOp(Fill)
{
    /// <inheritdoc />
    public override double[] Matrix(int width, int height) =>
        Axis == Along.X ? [1, Factor, 0, 0, 1, 0] : [1, 0, 0, Factor, 1, 0];
}

/// <summary>
/// timm's <c>translate_x_rel</c> / <c>translate_y_rel</c>: the matrix (1, 0, pct·width, 0, 1, 0) or
/// (1, 0, 0, 0, 1, pct·height) — the image moves by −pct of its size.
/// </summary>
/// <param name="Axis">Which coordinate is shifted.</param>
/// <param name="Fraction">The shift as a fraction of the image's size along the axis.</param>
/// <param name="Fill">The colour of the pixels from outside the image.</param>
public sealed record Translate(Along Axis, double Fraction, Rgb Fill) : AffineOp(Fill)
{
    /// <inheritdoc />
    public override double[] Matrix(int width, int height) =>
        Axis == Along.X ? [1, 0, Fraction * width, 0, 1, 0] : [1, 0, 0, 0, 1, Fraction * height];
}
