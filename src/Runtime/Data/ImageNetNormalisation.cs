namespace EnsDsl.Runtime.Data;

/// <summary>ImageNet's per-channel mean and standard deviation, the normalisation of the authors' transforms (RGB, pixels in [0, 1]).</summary>
public static class ImageNetNormalisation
{
    /// <summary>Channel means.</summary>
    public static readonly float[] Mean = [0.485f, 0.456f, 0.406f];

    /// <summary>Channel standard deviations.</summary>
    public static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    /// <summary>The normalised value of an 8-bit pixel of <paramref name="channel"/>: (v / 255 − mean) / std.</summary>
    public static float FromByte(byte value, int channel) => value * Scale[channel] - Shift[channel];

    static readonly float[] Scale = [.. Std.Select(s => 1f / (255f * s))];
    static readonly float[] Shift = [.. Mean.Zip(Std, (m, s) => m / s)];
}
