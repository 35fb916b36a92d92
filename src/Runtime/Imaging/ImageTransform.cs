using EnsDsl.Runtime.Imaging.Augmentation;
using EnsDsl.Runtime.Randomness;

namespace EnsDsl.Runtime.Imaging;

/// <summary>
/// Where one image's output comes from and what is done to it: a source box, the size it is resized to (with which
/// filter), the window of that resize that is kept, a mirror flag, then the pixel operations drawn for it (RandAugment)
/// and the box erased after normalisation (RandomErasing), in that order.
/// </summary>
/// <param name="Source">The region of the decoded image that is resized (a crop, or the whole image).</param>
/// <param name="ResizeWidth">Width the region is resized to.</param>
/// <param name="ResizeHeight">Height the region is resized to.</param>
/// <param name="Window">The part of the resized image that is output (a centre crop, or all of it).</param>
/// <param name="Flip">Mirror the output left–right.</param>
/// <param name="Filter">The resampling filter of the resize.</param>
/// <param name="Ops">The 8-bit operations applied to the (flipped) window, in order; null for none.</param>
/// <param name="Erase">The box erased in the normalised output; null for none.</param>
public readonly record struct Geometry(PixelBox Source, int ResizeWidth, int ResizeHeight, PixelBox Window, bool Flip,
    ResampleFilter Filter = ResampleFilter.Bilinear, IReadOnlyList<PixelOp>? Ops = null, Erasure? Erase = null);

/// <summary>
/// The image transforms of the authors' ResNet recipes, with torchvision's semantics. Each turns a decoded image into
/// a geometry (random ones draw from the generator they are given), and <see cref="ImagePipeline"/> renders it.
/// </summary>
public abstract record ImageTransform
{
    /// <summary>Output width and height for an input of <paramref name="width"/> × <paramref name="height"/>.</summary>
    public abstract (int Width, int Height) OutputSize(int width, int height);

    /// <summary>The geometry for one image; random transforms draw from <paramref name="random"/>.</summary>
    public abstract Geometry Plan(int width, int height, DetRandom random);

    /// <summary>
    /// The transforms a recipe's <c>transform</c> name stands for, at <paramref name="size"/> pixels (0: the images'
    /// own size): the training transform and the test transform. <c>imagenet</c>: RandomResizedCrop(size, scale
    /// 0.08–1, ratio 3/4–4/3, bilinear) + horizontal flip, and Resize(⌊size · 256/224⌋) + CenterCrop(size);
    /// <c>imagenettensor</c>: the same, resized as float tensors are (<see cref="ResampleFilter.TensorBilinear"/>);
    /// <c>swin</c>: <see cref="TimmTrain.Swin"/>, and the same Resize + CenterCrop with bicubic resampling;
    /// <c>none</c>: the images as they are, for both.
    /// </summary>
    /// <exception cref="NotSupportedException">A transform name the image pipeline does not know.</exception>
    public static (ImageTransform Train, ImageTransform Test) Named(Transform transform, int size) => transform switch
    {
        Transform.ImageNet => (new RandomResizedCrop(Checked(size)), ResizeCenterCrop.For(Checked(size))),
        Transform.ImageNetTensor => (new RandomResizedCrop(Checked(size), Filter: ResampleFilter.TensorBilinear),
            ResizeCenterCrop.For(Checked(size), ResampleFilter.TensorBilinear)),
        Transform.Swin => (TimmTrain.Swin(Checked(size)), ResizeCenterCrop.For(Checked(size), ResampleFilter.Bicubic)),
        Transform.None when size == Recipe.NativeSize => (Native.Instance, Native.Instance),
        Transform.None => (ResizeCenterCrop.For(size), ResizeCenterCrop.For(size)),
        _ => throw new NotSupportedException($"transform '{transform.Name()}': the image pipeline applies '{Transform.ImageNet.Name()}', '{Transform.ImageNetTensor.Name()}', '{Transform.Swin.Name()}' and '{Transform.None.Name()}'"),
    };

    static int Checked(int size) => size > 0 ? size : 224;
}

/// <summary>
/// torchvision's <c>RandomResizedCrop(size, scale, ratio, BILINEAR)</c> followed by <c>RandomHorizontalFlip(p)</c>:
/// up to ten tries of a box with area fraction uniform in <paramref name="MinScale"/>–<paramref name="MaxScale"/> and
/// log-uniform aspect ratio, rounded half to even as Python's <c>round</c>; a centre crop of the clamped ratio when
/// no try fits; the box resized to <paramref name="Size"/> × <paramref name="Size"/>. With a bicubic
/// <paramref name="Filter"/> it is timm's <c>RandomResizedCropAndInterpolation</c>, which draws the same way.
/// </summary>
/// <param name="Size">Output side in pixels.</param>
/// <param name="MinScale">Smallest area fraction.</param>
/// <param name="MaxScale">Largest area fraction.</param>
/// <param name="MinRatio">Smallest width/height ratio.</param>
/// <param name="MaxRatio">Largest width/height ratio.</param>
/// <param name="FlipProbability">Probability of a left–right flip.</param>
/// <param name="Filter">The resampling filter.</param>
public sealed record RandomResizedCrop(int Size, double MinScale = 0.08, double MaxScale = 1.0,
    double MinRatio = 3.0 / 4.0, double MaxRatio = 4.0 / 3.0, double FlipProbability = 0.5,
    ResampleFilter Filter = ResampleFilter.Bilinear) : ImageTransform
{
    /// <inheritdoc />
    public override (int Width, int Height) OutputSize(int width, int height) => (Size, Size);

    /// <inheritdoc />
    public override Geometry Plan(int width, int height, DetRandom random)
    {
        var box = Box(width, height, random);
        return new Geometry(box, Size, Size, PixelBox.Whole(Size, Size), random.NextDouble() < FlipProbability, Filter);
    }

    /// <summary>torchvision's <c>RandomResizedCrop.get_params</c>.</summary>
    public PixelBox Box(int width, int height, DetRandom random)
    {
        double area = (double)width * height, logMin = Math.Log(MinRatio), logMax = Math.Log(MaxRatio);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = area * (MinScale + (MaxScale - MinScale) * random.NextDouble());
            double ratio = Math.Exp(logMin + (logMax - logMin) * random.NextDouble());
            int w = (int)Math.Round(Math.Sqrt(target * ratio), MidpointRounding.ToEven);
            int h = (int)Math.Round(Math.Sqrt(target / ratio), MidpointRounding.ToEven);
            if (w > 0 && w <= width && h > 0 && h <= height)
            {
                int top = random.Next(height - h + 1), left = random.Next(width - w + 1);
                return new PixelBox(left, top, w, h);
            }
        }
        double inRatio = (double)width / height;
        var (cw, ch) = inRatio < MinRatio ? (width, (int)Math.Round(width / MinRatio, MidpointRounding.ToEven))
            : inRatio > MaxRatio ? ((int)Math.Round(height * MaxRatio, MidpointRounding.ToEven), height)
            : (width, height);
        return new PixelBox((width - cw) / 2, (height - ch) / 2, cw, ch);
    }
}

/// <summary>
/// torchvision's <c>Resize(Resize, Filter)</c> (shorter side to <paramref name="Resize"/>, the longer one scaled and
/// truncated) followed by <c>CenterCrop(Crop)</c> (offsets rounded half to even).
/// </summary>
/// <param name="Resize">Shorter side after resizing.</param>
/// <param name="Crop">Side of the centre crop.</param>
/// <param name="Filter">The resampling filter (bilinear in the ResNet recipes, bicubic in the Swin one).</param>
public sealed record ResizeCenterCrop(int Resize, int Crop, ResampleFilter Filter = ResampleFilter.Bilinear) : ImageTransform
{
    /// <summary>The authors' test transform for <paramref name="crop"/>: Resize(⌊crop · 256 / 224⌋) + CenterCrop(crop).</summary>
    public static ResizeCenterCrop For(int crop, ResampleFilter filter = ResampleFilter.Bilinear) => new(crop * 256 / 224, crop, filter);

    /// <inheritdoc />
    public override (int Width, int Height) OutputSize(int width, int height) => (Crop, Crop);

    /// <inheritdoc />
    public override Geometry Plan(int width, int height, DetRandom random)
    {
        var (w, h) = width <= height ? (Resize, (int)((double)Resize * height / width)) : ((int)((double)Resize * width / height), Resize);
        if (w < Crop || h < Crop)
            throw new ArgumentException($"Resize({Resize}) then CenterCrop({Crop}): the resized image {w}×{h} is smaller than the crop");
        int top = (int)Math.Round((h - Crop) / 2.0, MidpointRounding.ToEven), left = (int)Math.Round((w - Crop) / 2.0, MidpointRounding.ToEven);
        return new Geometry(PixelBox.Whole(width, height), w, h, new PixelBox(left, top, Crop, Crop), false, Filter);
    }
}

/// <summary>
/// timm's <c>transforms_imagenet_train</c> as the authors' Swin configs call it (<c>data/swin_transforms.py</c>):
/// RandomResizedCrop with bicubic resampling + horizontal flip, RandAugment on the 8-bit image, normalisation, then
/// RandomErasing. timm leaves out ColorJitter when an auto-augment policy is set, and so does this.
/// </summary>
/// <param name="Crop">The crop, resize and flip.</param>
/// <param name="Augment">The RandAugment policy.</param>
/// <param name="Erasing">The erasing after normalisation.</param>
public sealed record TimmTrain(RandomResizedCrop Crop, RandAugment Augment, RandomErasing Erasing) : ImageTransform
{
    /// <summary>The authors' RandAugment spec (<c>configs/swin/swin_base.py</c>, <c>aug.auto_augment</c>).</summary>
    public const string SwinRandAugment = "rand-m9-mstd0.5-inc1";

    /// <summary>The authors' Swin training transform at <paramref name="size"/> px: bicubic crop, <see cref="SwinRandAugment"/> filling with the ImageNet mean, RandomErasing p 0.25 in pixel mode.</summary>
    public static TimmTrain Swin(int size) =>
        new(new RandomResizedCrop(size, Filter: ResampleFilter.Bicubic), RandAugment.Parse(SwinRandAugment, Rgb.OfMean(ImageNetNormalisation.Mean[0], ImageNetNormalisation.Mean[1], ImageNetNormalisation.Mean[2])), new RandomErasing(0.25));

    /// <inheritdoc />
    public override (int Width, int Height) OutputSize(int width, int height) => (Crop.Size, Crop.Size);

    /// <inheritdoc />
    public override Geometry Plan(int width, int height, DetRandom random)
    {
        var geometry = Crop.Plan(width, height, random);
        var ops = Augment.Draw(random);
        return geometry with { Ops = ops, Erase = Erasing.Draw(Crop.Size, Crop.Size, random) };
    }
}

/// <summary>The image at its own size, only normalised (<c>ensdsl eval --transform none</c>).</summary>
public sealed record Native : ImageTransform
{
    /// <summary>The one instance.</summary>
    public static Native Instance { get; } = new();

    /// <inheritdoc />
    public override (int Width, int Height) OutputSize(int width, int height) => (width, height);

    /// <inheritdoc />
    public override Geometry Plan(int width, int height, DetRandom random) =>
        new(PixelBox.Whole(width, height), width, height, PixelBox.Whole(width, height), false);
}

/// <summary>
/// Renders geometries: resampling as Pillow does, the drawn 8-bit operations, normalisation as torchvision does into
/// channel-first floats, then erasing.
/// </summary>
public static class ImagePipeline
{
    /// <summary>
    /// Writes the 3 × H × W normalised output of <paramref name="geometry"/> applied to <paramref name="image"/> at
    /// <paramref name="offset"/> of <paramref name="output"/>.
    /// </summary>
    public static void Render(RgbaImage image, Geometry geometry, PillowResample.Scratch scratch, float[] output, int offset)
    {
        var window = geometry.Window;
        if (geometry.Filter == ResampleFilter.TensorBilinear)
        {
            if (geometry.Ops is { Count: > 0 })
                throw new NotSupportedException("8-bit operations (RandAugment) work on Pillow images; the tensor path has none");
            TensorResample.Render(image, geometry, output, offset);
            geometry.Erase?.Apply(output, offset, window.Width, window.Height);
            return;
        }
        if (geometry.Ops is { Count: > 0 } ops)
        {
            // The operations work on the flipped 8-bit window, as timm's RandAugment works on the PIL image after
            // the crop and flip; two buffers take turns as input and output.
            var (a, b) = (scratch.Canvas(0, window.Width, window.Height), scratch.Canvas(1, window.Width, window.Height));
            Rows(image, geometry, scratch, (row, rgba) =>
            {
                int start = row * a.Stride, width = window.Width;
                for (int x = 0; x < width; x++)
                {
                    int p = start + 4 * (geometry.Flip ? width - 1 - x : x);
                    a.Pixels[p] = (byte)rgba[4 * x];
                    a.Pixels[p + 1] = (byte)rgba[4 * x + 1];
                    a.Pixels[p + 2] = (byte)rgba[4 * x + 2];
                }
            });
            foreach (var op in ops)
            {
                op.Apply(a, b);
                (a, b) = (b, a);
            }
            Normalise(a, output, offset);
        }
        else
            Rows(image, geometry, scratch, (row, rgba) => Normalise(row, rgba, window.Width, window.Height, geometry.Flip, output, offset));
        geometry.Erase?.Apply(output, offset, window.Width, window.Height);
    }

    // The window's rows of the resized image, before flipping: 4 values (R, G, B, unused) per pixel.
    static void Rows(RgbaImage image, Geometry geometry, PillowResample.Scratch scratch, PillowResample.RowWriter write)
    {
        var window = geometry.Window;
        bool identity = geometry.Source == PixelBox.Whole(image.Width, image.Height)
            && (geometry.ResizeWidth, geometry.ResizeHeight) == (image.Width, image.Height);
        if (!identity)
        {
            PillowResample.Resize(image, geometry.Source, geometry.ResizeWidth, geometry.ResizeHeight, window, scratch, write, geometry.Filter);
            return;
        }
        var row = scratch.IdentityRow(4 * window.Width);
        for (int r = 0; r < window.Height; r++)
        {
            int src = ((window.Top + r) * image.Width + window.Left) * 4;
            for (int i = 0; i < row.Length; i++) row[i] = image.Pixels[src + i];
            write(r, row);
        }
    }

    static void Normalise(int row, ReadOnlySpan<int> rgba, int width, int height, bool flip, float[] output, int offset)
    {
        var table = ImageNetNormalisation.Table;
        int plane = width * height, start = offset + row * width;
        for (int x = 0; x < width; x++)
        {
            int column = flip ? width - 1 - x : x;
            output[start + column] = table[rgba[4 * x]];
            output[start + plane + column] = table[256 + rgba[4 * x + 1]];
            output[start + 2 * plane + column] = table[512 + rgba[4 * x + 2]];
        }
    }

    static void Normalise(RgbaImage image, float[] output, int offset)
    {
        var table = ImageNetNormalisation.Table;
        int plane = image.Width * image.Height;
        var px = image.Pixels;
        for (int i = 0; i < plane; i++)
        {
            output[offset + i] = table[px[4 * i]];
            output[offset + plane + i] = table[256 + px[4 * i + 1]];
            output[offset + 2 * plane + i] = table[512 + px[4 * i + 2]];
        }
    }
}
