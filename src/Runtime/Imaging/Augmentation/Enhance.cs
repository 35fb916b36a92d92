namespace EnsDsl.Runtime.Imaging.Augmentation;

/// <summary>The four enhancements of Pillow's <c>ImageEnhance</c>: each blends the image with a degenerate version of it.</summary>
public enum Enhancement
{
    /// <summary><c>ImageEnhance.Color</c>: against the image's greyscale (ITU-R 601-2 luma, as <c>convert("L")</c>).</summary>
    Color,
    /// <summary><c>ImageEnhance.Contrast</c>: against a flat image of the greyscale's mean, rounded.</summary>
    Contrast,
    /// <summary><c>ImageEnhance.Brightness</c>: against black.</summary>
    Brightness,
    /// <summary><c>ImageEnhance.Sharpness</c>: against the image through Pillow's SMOOTH filter (3×3, centre 5, scale 13, borders kept).</summary>
    Sharpness,
}

/// <summary>
/// <c>ImageEnhance.{Kind}(img).enhance(factor)</c>: Pillow's <c>Image.blend(degenerate, img, factor)</c>, computed in
/// single precision with the factor as a C float, truncated (and clipped to 0–255 when the factor is outside 0–1).
/// </summary>
/// <param name="Kind">Which enhancement.</param>
/// <param name="Factor">1 leaves the image as it is; 0 gives the degenerate image.</param>
public sealed record Enhance(Enhancement Kind, double Factor) : PixelOp
{
    /// <inheritdoc />
    public override void Apply(RgbaImage input, RgbaImage output)
    {
        Degenerate(input, output);
        Blend(output.Pixels, input.Pixels, (float)Factor, output.Pixels, 4 * input.Width * input.Height);
    }

    void Degenerate(RgbaImage image, RgbaImage into)
    {
        int n = 4 * image.Width * image.Height;
        var src = image.Pixels;
        var dst = into.Pixels;
        switch (Kind)
        {
            case Enhancement.Color:
                for (int p = 0; p < n; p += 4)
                {
                    byte l = Luma(src, p);
                    dst[p] = dst[p + 1] = dst[p + 2] = l;
                }
                break;
            case Enhancement.Contrast:
                long sum = 0;
                for (int p = 0; p < n; p += 4) sum += Luma(src, p);
                // ImageStat's mean of the greyscale, then int(mean + 0.5).
                byte mean = (byte)(int)((double)sum / (n / 4) + 0.5);
                for (int p = 0; p < n; p += 4) dst[p] = dst[p + 1] = dst[p + 2] = mean;
                break;
            case Enhancement.Brightness:
                Array.Clear(dst, 0, n);
                break;
            case Enhancement.Sharpness:
                Smooth(image, into);
                break;
        }
    }

    // Pillow's L24 conversion: (R·19595 + G·38470 + B·7471 + 0x8000) >> 16.
    static byte Luma(byte[] px, int p) => (byte)((px[p] * 19595 + px[p + 1] * 38470 + px[p + 2] * 7471 + 0x8000) >> 16);

    // ImagingFilter3x3 with SMOOTH's kernel divided by its scale in single precision; the border rows and columns
    // are copied, and an image smaller than the kernel is copied whole.
    static void Smooth(RgbaImage image, RgbaImage into)
    {
        int w = image.Width, h = image.Height, stride = 4 * w;
        var src = image.Pixels;
        var dst = into.Pixels;
        Array.Copy(src, dst, stride * h);
        if (w < 3 || h < 3) return;
        float side = 1f / 13f, centre = 5f / 13f;
        for (int y = 1; y < h - 1; y++)
        {
            int above = (y - 1) * stride, row = y * stride, below = (y + 1) * stride;
            for (int x = 1; x < w - 1; x++)
                for (int c = 0; c < 3; c++)
                {
                    int i = 4 * x + c;
                    float ss = 0.5f;
                    ss += src[below + i - 4] * side + src[below + i] * side + src[below + i + 4] * side;
                    ss += src[row + i - 4] * side + src[row + i] * centre + src[row + i + 4] * side;
                    ss += src[above + i - 4] * side + src[above + i] * side + src[above + i + 4] * side;
                    dst[row + i] = Clip(ss);
                }
        }
    }

    static byte Clip(float v) => v <= 0f ? (byte)0 : v >= 255f ? (byte)255 : (byte)v;

    // ImagingBlend: out = in1 + alpha · (in2 − in1) in single precision, truncated; clipped when extrapolating.
    static void Blend(byte[] degenerate, byte[] image, float alpha, byte[] output, int n)
    {
        if (alpha == 0f) return;
        if (alpha == 1f) { Array.Copy(image, output, n); return; }
        bool interpolate = alpha >= 0 && alpha <= 1.0;
        for (int p = 0; p < n; p++)
        {
            if ((p & 3) == 3) continue;
            int a = degenerate[p];
            float v = a + alpha * (image[p] - a);
            output[p] = interpolate ? (byte)v : Clip(v);
        }
    }
}
