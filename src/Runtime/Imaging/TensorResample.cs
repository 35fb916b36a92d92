namespace EnsDsl.Runtime.Imaging;

/// <summary>
/// The authors' ResNet preprocessing as their code runs it: the image as a float tensor (each value divided by 255, as
/// <c>ToTensor</c> and their CIFAR loader do), cropped, resized by PyTorch's bilinear interpolation
/// (<c>F.interpolate(mode="bilinear", align_corners=False)</c> without antialiasing: torchvision 0.13–0.14's default for
/// tensors), flipped, and normalised — no 8-bit rounding anywhere. Downsampling therefore aliases (each output pixel
/// reads its 2 × 2 nearest inputs, whatever the scale), unlike Pillow's filter, which <see cref="PillowResample"/>
/// reproduces for image folders.
/// </summary>
public static class TensorResample
{
    /// <summary>
    /// Writes the 3 × H × W normalised output of <paramref name="geometry"/> (its source box resized to its resize
    /// size, its window kept, flipped as it says) applied to <paramref name="image"/> at <paramref name="offset"/>.
    /// </summary>
    public static void Render(RgbaImage image, Geometry geometry, float[] output, int offset)
    {
        var (source, window) = (geometry.Source, geometry.Window);
        var columns = Taps(source.Width, geometry.ResizeWidth, window.Left, window.Width);
        var rows = Taps(source.Height, geometry.ResizeHeight, window.Top, window.Height);
        int plane = window.Width * window.Height;
        var px = image.Pixels;
        // Byte offsets of each column's two taps within a row of the source box.
        var (left0, left1) = (new int[window.Width], new int[window.Width]);
        for (int x = 0; x < window.Width; x++) (left0[x], left1[x]) = (4 * (source.Left + columns[x].I0), 4 * (source.Left + columns[x].I1));
        for (int r = 0; r < window.Height; r++)
        {
            var (y0, y1, h1) = rows[r];
            float h0 = 1 - h1;
            int row0 = 4 * (source.Top + y0) * image.Width, row1 = 4 * (source.Top + y1) * image.Width;
            int start = offset + r * window.Width;
            for (int x = 0; x < window.Width; x++)
            {
                float w1 = columns[x].Lambda, w0 = 1 - w1;
                int column = start + (geometry.Flip ? window.Width - 1 - x : x);
                for (int c = 0; c < 3; c++)
                {
                    // PyTorch's order: each row's pair along x, then the two rows along y.
                    float v = (Unit[px[row0 + left0[x] + c]] * w0 + Unit[px[row0 + left1[x] + c]] * w1) * h0
                        + (Unit[px[row1 + left0[x] + c]] * w0 + Unit[px[row1 + left1[x] + c]] * w1) * h1;
                    output[column + c * plane] = (v - ImageNetNormalisation.Mean[c]) / ImageNetNormalisation.Std[c];
                }
            }
        }
    }

    // ToTensor's value of each byte: b / 255 in float32.
    static readonly float[] Unit = [.. Enumerable.Range(0, 256).Select(b => b / 255f)];

    /// <summary>
    /// For output positions <paramref name="first"/>.. of a resize from <paramref name="input"/> to
    /// <paramref name="outputSize"/>: the two input positions each reads and the weight of the second, as PyTorch's
    /// <c>area_pixel_compute_source_index</c> and <c>guard_index_and_lambda</c> compute them in float.
    /// </summary>
    static (int I0, int I1, float Lambda)[] Taps(int input, int outputSize, int first, int count)
    {
        float scale = (float)input / outputSize;
        var taps = new (int, int, float)[count];
        for (int k = 0; k < count; k++)
        {
            float real = scale * (first + k + 0.5f) - 0.5f;
            if (real < 0) real = 0;
            int i0 = Math.Min((int)MathF.Floor(real), input - 1);
            float lambda = Math.Clamp(real - i0, 0f, 1f);
            taps[k] = (i0, i0 + (i0 < input - 1 ? 1 : 0), lambda);
        }
        return taps;
    }
}
