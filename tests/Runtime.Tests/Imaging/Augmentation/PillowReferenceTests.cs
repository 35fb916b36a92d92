using EnsDsl.Runtime.Imaging;
using EnsDsl.Runtime.Imaging.Augmentation;
using EnsDsl.Runtime.Randomness;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Tests.Imaging.Augmentation;

/// <summary>The Swin recipe's augmentations made by Pillow and torchvision at test time (Fixtures/make_augment_reference.py).</summary>
[PythonScript("Imaging/Fixtures/make_augment_reference.py")]
public sealed class AugmentReference() : PythonFixture
{
    /// <summary>timm's fill for the ImageNet mean.</summary>
    public static readonly Rgb Fill = Rgb.OfMean(0.485, 0.456, 0.406);

    /// <summary>An input image, as an <see cref="RgbaImage"/>.</summary>
    public RgbaImage Image(string name)
    {
        var size = JObject.Parse(File.ReadAllText(this["images.json"]))[name]!;
        return FromRgb(File.ReadAllBytes(this[$"images/{name}.u8"]), (int)size["width"]!, (int)size["height"]!);
    }

    /// <summary>RGB bytes as an <see cref="RgbaImage"/>.</summary>
    public static RgbaImage FromRgb(byte[] rgb, int width, int height)
    {
        var rgba = new byte[4 * width * height];
        for (int p = 0; p < width * height; p++)
            for (int c = 0; c < 3; c++) rgba[4 * p + c] = rgb[3 * p + c];
        return new RgbaImage(width, height, rgba);
    }

    /// <summary>The operation a reference case names, with its argument (timm's names; the "Increasing" variants are the same calls).</summary>
    public static PixelOp Op(string name, JToken? arg) => name.Replace("Increasing", "") switch
    {
        "AutoContrast" => new AutoContrast(),
        "Equalize" => new Equalize(),
        "Invert" => new Invert(),
        "Posterize" => new Posterize((int)arg!),
        "Solarize" => new Solarize((int)arg!),
        "SolarizeAdd" => new SolarizeAdd((int)arg!),
        "Color" => new Enhance(Enhancement.Color, (double)arg!),
        "Contrast" => new Enhance(Enhancement.Contrast, (double)arg!),
        "Brightness" => new Enhance(Enhancement.Brightness, (double)arg!),
        "Sharpness" => new Enhance(Enhancement.Sharpness, (double)arg!),
        "Rotate" => new Rotate((double)arg!, Fill),
        "ShearX" => new Shear(Along.X, (double)arg!, Fill),
        "ShearY" => new Shear(Along.Y, (double)arg!, Fill),
        "TranslateXRel" => new Translate(Along.X, (double)arg!, Fill),
        "TranslateYRel" => new Translate(Along.Y, (double)arg!, Fill),
        _ => throw new ArgumentException(name),
    };
}

[Trait(Category.Name, Category.Python)]
public class PillowReferenceTests(AugmentReference reference) : IClassFixture<AugmentReference>
{
    public static TheoryData<string> Operations => new(RandAugment.IncreasingOps.Concat(RandAugment.PlainOps).Select(n => n.Replace("Increasing", "")).Distinct());

    [Theory]
    [MemberData(nameof(Operations))]
    public void Each_operation_gives_Pillows_bytes_on_every_image_and_argument(string op)
    {
        var cases = JArray.Parse(File.ReadAllText(reference["ops.json"])).Where(c => (string)c["op"]! == op).ToList();
        Assert.NotEmpty(cases);
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var image = reference.Image((string)c["image"]!);
            var output = new RgbaImage(image.Width, image.Height, new byte[image.Pixels.Length]);
            var operation = AugmentReference.Op(op, c["arg"]);
            operation.Apply(image, output);
            var expected = File.ReadAllBytes(reference[(string)c["file"]!]);
            int differing = 0, largest = 0;
            for (int p = 0; p < image.Width * image.Height; p++)
                for (int ch = 0; ch < 3; ch++)
                {
                    int d = Math.Abs(output.Pixels[4 * p + ch] - expected[3 * p + ch]);
                    if (d > 0) differing++;
                    largest = Math.Max(largest, d);
                }
            if (differing > 0) failures.Add($"{operation} on {c["image"]}: {differing} values differ, by up to {largest}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void The_swin_transforms_give_torchvisions_tensors_for_the_same_draws()
    {
        var scratch = new PillowResample.Scratch();
        var (_, test) = ImageTransform.Named(Transform.Swin, 224);
        var failures = new List<string>();
        var cases = JArray.Parse(File.ReadAllText(reference["pipeline.json"]));
        Assert.Equal(15, cases.Count);
        foreach (var c in cases)
        {
            var image = reference.Image((string)c["image"]!);
            Geometry geometry;
            if ((string)c["kind"]! == "test")
                geometry = test.Plan(image.Width, image.Height, new DetRandom(0));
            else
            {
                int size = (int)c["size"]!;
                var ops = c["ops"]!.Select(o => AugmentReference.Op((string)o[0]!, o[1])).ToList();
                geometry = new Geometry(new PixelBox((int)c["left"]!, (int)c["top"]!, (int)c["width"]!, (int)c["height"]!), size, size,
                    PixelBox.Whole(size, size), (bool)c["flip"]!, ResampleFilter.Bicubic, ops);
            }
            var expected = TestImages.ReadFloats(reference[(string)c["file"]!]);
            var output = new float[expected.Length];
            ImagePipeline.Render(image, geometry, scratch, output, 0);
            int differing = Enumerable.Range(0, expected.Length).Count(i => output[i] != expected[i]);
            if (differing > 0) failures.Add($"{c["kind"]} {c["image"]} {c["ops"]?.ToString(Newtonsoft.Json.Formatting.None)}: {differing} of {expected.Length} values differ");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
