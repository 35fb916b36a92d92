using System.Globalization;
using System.Text.RegularExpressions;
using EnsDsl.Runtime.Randomness;

namespace EnsDsl.Runtime.Imaging.Augmentation;

/// <summary>
/// timm's RandAugment (<c>rand_augment_transform</c>, timm 0.9 as the authors' Swin configs use it): per image,
/// <see cref="Layers"/> operations chosen uniformly with replacement from the set (the "increasing" set with
/// <c>inc1</c>); each applied with probability <see cref="Probability"/>, at a magnitude drawn from
/// N(<see cref="Magnitude"/>, <see cref="MagnitudeStd"/>²) and clipped to 0–10, turned into the operation's argument
/// by timm's level functions (with a random sign where timm negates). The draws come from the image's own generator,
/// in timm's order, so a run is reproducible; the numbers differ from Python's <c>random</c>, the distribution does not.
/// </summary>
/// <param name="Magnitude">The <c>m</c> of the spec, 0–10.</param>
/// <param name="MagnitudeStd">The <c>mstd</c> of the spec; 0 for a fixed magnitude.</param>
/// <param name="Layers">The <c>n</c> of the spec: operations per image.</param>
/// <param name="Probability">The <c>p</c> of the spec: each chosen operation's probability.</param>
/// <param name="Increasing">The <c>inc</c> of the spec: the operation set whose strength grows with the magnitude.</param>
/// <param name="Fill">The fill of the geometric operations (timm: the normalisation mean, in 0–255).</param>
public sealed record RandAugment(int Magnitude, double MagnitudeStd, int Layers, double Probability, bool Increasing, Rgb Fill)
{
    /// <summary>timm's <c>_LEVEL_DENOM</c>: the magnitude at which every operation is at its strongest.</summary>
    public const double MaxLevel = 10.0;

    /// <summary>timm's <c>_RAND_INCREASING_TRANSFORMS</c>, in timm's order.</summary>
    public static IReadOnlyList<string> IncreasingOps { get; } =
    [
        "AutoContrast", "Equalize", "Invert", "Rotate", "PosterizeIncreasing", "SolarizeIncreasing", "SolarizeAdd",
        "ColorIncreasing", "ContrastIncreasing", "BrightnessIncreasing", "SharpnessIncreasing", "ShearX", "ShearY",
        "TranslateXRel", "TranslateYRel",
    ];

    /// <summary>timm's <c>_RAND_TRANSFORMS</c>, in timm's order.</summary>
    public static IReadOnlyList<string> PlainOps { get; } =
    [
        "AutoContrast", "Equalize", "Invert", "Rotate", "Posterize", "Solarize", "SolarizeAdd", "Color", "Contrast",
        "Brightness", "Sharpness", "ShearX", "ShearY", "TranslateXRel", "TranslateYRel",
    ];

    /// <summary>The operation names draws choose from.</summary>
    public IReadOnlyList<string> Ops => Increasing ? IncreasingOps : PlainOps;

    /// <summary>
    /// Reads a timm RandAugment spec such as <c>rand-m9-mstd0.5-inc1</c> (sections <c>m</c>, <c>n</c>, <c>p</c>,
    /// <c>mstd</c>, <c>inc</c>; timm's defaults m 10, n 2, p 0.5, mstd 0, inc 0).
    /// </summary>
    /// <exception cref="FormatException">Not a spec of that form.</exception>
    public static RandAugment Parse(string spec, Rgb fill)
    {
        var parts = spec.Split('-');
        if (parts[0] != "rand") throw new FormatException($"RandAugment spec '{spec}': expected it to start with 'rand-'");
        int magnitude = 10, layers = 2;
        double std = 0, probability = 0.5;
        bool increasing = false;
        foreach (var part in parts.Skip(1))
        {
            var m = Regex.Match(part, @"^([a-z]+)(\d.*)$");
            if (!m.Success) throw new FormatException($"RandAugment spec '{spec}': cannot read section '{part}'");
            var value = m.Groups[2].Value;
            switch (m.Groups[1].Value)
            {
                case "m": magnitude = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "n": layers = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "p": probability = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "mstd": std = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "inc": increasing = value != "0"; break;
                default: throw new FormatException($"RandAugment spec '{spec}': unknown section '{part}' (known: m, n, p, mstd, inc)");
            }
        }
        if (std > 100) throw new FormatException($"RandAugment spec '{spec}': uniform magnitude sampling (mstd > 100) is not supported");
        return new RandAugment(magnitude, std, layers, probability, increasing, fill);
    }

    /// <summary>
    /// The operations for one image, in the order they apply: timm's <c>RandAugment.__call__</c> (the choice) and
    /// <c>AugmentOp.__call__</c> (probability, magnitude, level) drawn from <paramref name="random"/>.
    /// </summary>
    public IReadOnlyList<PixelOp> Draw(DetRandom random)
    {
        var names = Enumerable.Range(0, Layers).Select(_ => Ops[random.Next(Ops.Count)]).ToArray();
        var ops = new List<PixelOp>(Layers);
        foreach (var name in names)
        {
            if (Probability < 1.0 && random.NextDouble() > Probability) continue;
            double magnitude = MagnitudeStd > 0 ? Magnitude + MagnitudeStd * random.NextGaussian() : Magnitude;
            magnitude = Math.Max(0.0, Math.Min(magnitude, MaxLevel));
            ops.Add(Op(name, magnitude, random, Fill));
        }
        return ops;
    }

    /// <summary>timm's <c>LEVEL_TO_ARG</c> and <c>NAME_TO_OP</c>: the operation <paramref name="name"/> at <paramref name="magnitude"/>.</summary>
    /// <exception cref="ArgumentException">A name outside the two sets.</exception>
    public static PixelOp Op(string name, double magnitude, DetRandom random, Rgb fill)
    {
        double level = magnitude / MaxLevel;
        double Negate(double v) => random.NextDouble() > 0.5 ? -v : v;
        double EnhanceIncreasing() => Math.Max(0.1, 1.0 + Negate(level * .9));
        int PosterizeBits() => (int)(level * 4);
        int SolarizeThreshold() => Math.Min(256, (int)(level * 256));
        return name switch
        {
            "AutoContrast" => new AutoContrast(),
            "Equalize" => new Equalize(),
            "Invert" => new Invert(),
            "Rotate" => new Rotate(Negate(level * 30.0), fill),
            "Posterize" => new Posterize(PosterizeBits()),
            "PosterizeIncreasing" => new Posterize(4 - PosterizeBits()),
            "Solarize" => new Solarize(SolarizeThreshold()),
            "SolarizeIncreasing" => new Solarize(256 - SolarizeThreshold()),
            "SolarizeAdd" => new SolarizeAdd(Math.Min(128, (int)(level * 110))),
            "Color" => new Enhance(Enhancement.Color, level * 1.8 + 0.1),
            "Contrast" => new Enhance(Enhancement.Contrast, level * 1.8 + 0.1),
            "Brightness" => new Enhance(Enhancement.Brightness, level * 1.8 + 0.1),
            "Sharpness" => new Enhance(Enhancement.Sharpness, level * 1.8 + 0.1),
            "ColorIncreasing" => new Enhance(Enhancement.Color, EnhanceIncreasing()),
            "ContrastIncreasing" => new Enhance(Enhancement.Contrast, EnhanceIncreasing()),
            "BrightnessIncreasing" => new Enhance(Enhancement.Brightness, EnhanceIncreasing()),
            "SharpnessIncreasing" => new Enhance(Enhancement.Sharpness, EnhanceIncreasing()),
            "ShearX" => new Shear(Along.X, Negate(level * 0.3), fill),
            "ShearY" => new Shear(Along.Y, Negate(level * 0.3), fill),
            "TranslateXRel" => new Translate(Along.X, Negate(level * 0.45), fill),
            "TranslateYRel" => new Translate(Along.Y, Negate(level * 0.45), fill),
            _ => throw new ArgumentException($"RandAugment has no operation '{name}'"),
        };
    }
}
