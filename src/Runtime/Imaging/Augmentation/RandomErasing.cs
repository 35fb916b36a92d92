using EnsDsl.Runtime.Randomness;

namespace EnsDsl.Runtime.Imaging.Augmentation;

/// <summary>One erased box of one image: where, and the seed of the standard-normal values written into it.</summary>
/// <param name="Box">The erased pixels.</param>
/// <param name="NoiseSeed">Seed of the values, drawn channel by channel, row by row (the order of <c>torch.empty(c, h, w).normal_()</c>).</param>
public readonly record struct Erasure(PixelBox Box, ulong NoiseSeed)
{
    /// <summary>Writes the box's values into a normalised 3 × H × W image at <paramref name="offset"/> of <paramref name="output"/>.</summary>
    public void Apply(float[] output, int offset, int width, int height)
    {
        var noise = new DetRandom(NoiseSeed);
        int plane = width * height;
        for (int c = 0; c < 3; c++)
            for (int y = Box.Top; y < Box.Top + Box.Height; y++)
                for (int x = Box.Left; x < Box.Left + Box.Width; x++)
                    output[offset + c * plane + y * width + x] = (float)noise.NextGaussian();
    }
}

/// <summary>
/// timm's <c>RandomErasing</c> for one image after normalisation (Zhong et al. 2017): with probability
/// <see cref="Probability"/>, up to ten tries of a box with area fraction uniform in
/// <see cref="MinArea"/>–<see cref="MaxArea"/> and log-uniform aspect ratio in
/// <see cref="MinAspect"/>–1/<see cref="MinAspect"/>, taking the first that fits strictly inside the image; in
/// "pixel" mode its values are standard-normal per pixel and channel. One box (timm's <c>max_count</c> 1).
/// </summary>
/// <param name="Probability">Chance that an image is erased (the authors' <c>reprob</c> 0.25).</param>
/// <param name="MinArea">Smallest area fraction.</param>
/// <param name="MaxArea">Largest area fraction.</param>
/// <param name="MinAspect">Smallest height/width ratio; the largest is its inverse.</param>
public sealed record RandomErasing(double Probability, double MinArea = 0.02, double MaxArea = 1.0 / 3.0, double MinAspect = 0.3)
{
    /// <summary>The box for an image of <paramref name="width"/> × <paramref name="height"/>, or null (not erased, or no try fitted).</summary>
    public Erasure? Draw(int width, int height, DetRandom random)
    {
        if (random.NextDouble() > Probability) return null;
        double area = (double)height * width, logMin = Math.Log(MinAspect), logMax = Math.Log(1 / MinAspect);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = (MinArea + (MaxArea - MinArea) * random.NextDouble()) * area;
            double aspect = Math.Exp(logMin + (logMax - logMin) * random.NextDouble());
            int h = (int)Math.Round(Math.Sqrt(target * aspect), MidpointRounding.ToEven);
            int w = (int)Math.Round(Math.Sqrt(target / aspect), MidpointRounding.ToEven);
            if (w < width && h < height)
            {
                int top = random.Next(height - h + 1), left = random.Next(width - w + 1);
                return new Erasure(new PixelBox(left, top, w, h), random.NextUInt64());
            }
        }
        return null;
    }
}
