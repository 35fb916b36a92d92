using EnsDsl.Runtime.Imaging.Augmentation;
using EnsDsl.Runtime.Randomness;

namespace EnsDsl.Runtime.Tests.Imaging.Augmentation;

public class RandAugmentTests
{
    static readonly Rgb Fill = new(124, 116, 104);

    [Theory]
    [InlineData("rand-m9-mstd0.5-inc1", 9, 0.5, 2, 0.5, true)]
    [InlineData("rand-m9-mstd0.5", 9, 0.5, 2, 0.5, false)]
    [InlineData("rand-m7-n3-p0.8-inc0", 7, 0.0, 3, 0.8, false)]
    [InlineData("rand", 10, 0.0, 2, 0.5, false)]
    public void Specs_read_as_timm_reads_them(string spec, int m, double mstd, int n, double p, bool increasing) =>
        Assert.Equal(new RandAugment(m, mstd, n, p, increasing, Fill), RandAugment.Parse(spec, Fill));

    [Theory]
    [InlineData("augmix-m5", "start with 'rand-'")]
    [InlineData("rand-x9", "unknown section 'x9'")]
    [InlineData("rand-m", "cannot read section 'm'")]
    [InlineData("rand-mstd101", "uniform magnitude sampling")]
    public void Bad_specs_say_what_is_wrong(string spec, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => RandAugment.Parse(spec, Fill)).Message);

    [Fact]
    public void The_fill_is_timms_rounded_imagenet_mean() => Assert.Equal(Fill, Rgb.OfMean(0.485, 0.456, 0.406));

    [Fact]
    public void Draws_choose_uniformly_apply_half_the_operations_and_stay_in_timms_ranges()
    {
        var policy = RandAugment.Parse("rand-m9-mstd0.5-inc1", Fill);
        var random = new DetRandom(17);
        int images = 20000, applied = 0;
        var kinds = new Dictionary<Type, int>();
        var rotations = new List<double>();
        foreach (var _ in Enumerable.Range(0, images))
            foreach (var op in policy.Draw(random))
            {
                applied++;
                kinds[op.GetType()] = kinds.GetValueOrDefault(op.GetType()) + 1;
                switch (op)
                {
                    case Rotate r: rotations.Add(r.Degrees); Assert.InRange(Math.Abs(r.Degrees), 0, 30); break;
                    case Shear s: Assert.InRange(Math.Abs(s.Factor), 0, 0.3); break;
                    case Translate t: Assert.InRange(Math.Abs(t.Fraction), 0, 0.45); break;
                    case Enhance e: Assert.InRange(e.Factor, 0.1, 1.9); break;
                    // Increasing: at magnitude ~9 posterize keeps 0–1 bits, solarize inverts from ~26 up.
                    case Posterize p: Assert.InRange(p.Bits, 0, 4); break;
                    case Solarize s: Assert.InRange(s.Threshold, 0, 256); break;
                    case SolarizeAdd a: Assert.InRange(a.Add, 0, 110); break;
                }
            }
        // Two layers, each applied with probability 0.5: one operation per image on average.
        Assert.InRange(applied / (double)images, 0.97, 1.03);
        // 15 operations chosen uniformly; Rotate 1, Posterize 1, Solarize 1, SolarizeAdd 1, Enhance 4, Shear 2, Translate 2, three others 1.
        Assert.InRange(kinds[typeof(Enhance)] / (double)applied, 4 / 15.0 - 0.015, 4 / 15.0 + 0.015);
        Assert.InRange(kinds[typeof(Rotate)] / (double)applied, 1 / 15.0 - 0.01, 1 / 15.0 + 0.01);
        Assert.InRange(kinds[typeof(Shear)] / (double)applied, 2 / 15.0 - 0.012, 2 / 15.0 + 0.012);
        // |angle| = 30 · m / 10 with m ~ N(9, 0.5²): mean 27, standard deviation 1.5, either sign equally.
        var magnitudes = rotations.Select(Math.Abs).ToList();
        Assert.InRange(magnitudes.Average(), 26.8, 27.2);
        Assert.InRange(Math.Sqrt(magnitudes.Select(a => (a - 27) * (a - 27)).Average()), 1.35, 1.65);
        Assert.InRange(rotations.Count(r => r < 0) / (double)rotations.Count, 0.46, 0.54);
    }

    [Theory]
    [InlineData("PosterizeIncreasing", 9.0, "Posterize { Bits = 1 }")]
    [InlineData("PosterizeIncreasing", 10.0, "Posterize { Bits = 0 }")]
    [InlineData("Posterize", 9.0, "Posterize { Bits = 3 }")]
    [InlineData("SolarizeIncreasing", 9.0, "Solarize { Threshold = 26 }")]
    [InlineData("Solarize", 9.0, "Solarize { Threshold = 230 }")]
    [InlineData("SolarizeAdd", 9.0, "SolarizeAdd { Add = 99, Threshold = 128 }")]
    [InlineData("SolarizeAdd", 10.0, "SolarizeAdd { Add = 110, Threshold = 128 }")]
    [InlineData("Color", 9.0, "Enhance { Kind = Color, Factor = 1.7200000000000002 }")]   // Python: (9 / 10.) * 1.8 + 0.1 == 1.7200000000000002
    public void Level_functions_turn_magnitudes_into_timms_arguments(string name, double magnitude, string expected) =>
        Assert.Equal(expected, RandAugment.Op(name, magnitude, new DetRandom(1), Fill).ToString());
}
