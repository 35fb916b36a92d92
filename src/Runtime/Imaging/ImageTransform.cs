using EnsDsl.Runtime.Data;

namespace EnsDsl.Runtime.Imaging;

/// <summary>Where one image's output comes from: a source box, the size it is resized to, the window of that resize that is kept, and a mirror flag.</summary>
/// <param name="Source">The region of the decoded image that is resized (a crop, or the whole image).</param>
/// <param name="ResizeWidth">Width the region is resized to.</param>
/// <param name="ResizeHeight">Height the region is resized to.</param>
/// <param name="Window">The part of the resized image that is output (a centre crop, or all of it).</param>
/// <param name="Flip">Mirror the output left–right.</param>
public readonly record struct Geometry(PixelBox Source, int ResizeWidth, int ResizeHeight, PixelBox Window, bool Flip);

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
    /// <c>none</c>: the images as they are, for both.
    /// </summary>
    /// <exception cref="NotSupportedException">A transform name the image pipeline does not know.</exception>
    public static (ImageTransform Train, ImageTransform Test) Named(Transform transform, int size) => transform switch
    {
        Transform.ImageNet => (new RandomResizedCrop(Checked(size)), ResizeCenterCrop.For(Checked(size))),
        Transform.None when size == Recipe.NativeSize => (Native.Instance, Native.Instance),
        Transform.None => (ResizeCenterCrop.For(size), ResizeCenterCrop.For(size)),
        _ => throw new NotSupportedException($"transform '{transform.Name()}': the image pipeline applies '{Transform.ImageNet.Name()}' and '{Transform.None.Name()}'"),
    };

    static int Checked(int size) => size > 0 ? size : 224;
}

/// <summary>
/// torchvision's <c>RandomResizedCrop(size, scale, ratio, BILINEAR)</c> followed by <c>RandomHorizontalFlip(p)</c>:
/// up to ten tries of a box with area fraction uniform in <paramref name="MinScale"/>–<paramref name="MaxScale"/> and
/// log-uniform aspect ratio, rounded half to even as Python's <c>round</c>; a centre crop of the clamped ratio when
/// no try fits; the box resized to <paramref name="Size"/> × <paramref name="Size"/>.
/// </summary>
/// <param name="Size">Output side in pixels.</param>
/// <param name="MinScale">Smallest area fraction.</param>
/// <param name="MaxScale">Largest area fraction.</param>
/// <param name="MinRatio">Smallest width/height ratio.</param>
/// <param name="MaxRatio">Largest width/height ratio.</param>
/// <param name="FlipProbability">Probability of a left–right flip.</param>
public sealed record RandomResizedCrop(int Size, double MinScale = 0.08, double MaxScale = 1.0,
    double MinRatio = 3.0 / 4.0, double MaxRatio = 4.0 / 3.0, double FlipProbability = 0.5) : ImageTransform
{
    /// <inheritdoc />
    public override (int Width, int Height) OutputSize(int width, int height) => (Size, Size);

    /// <inheritdoc />
    public override Geometry Plan(int width, int height, DetRandom random)
    {
        var box = Box(width, height, random);
        return new Geometry(box, Size, Size, PixelBox.Whole(Size, Size), random.NextDouble() < FlipProbability);
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
/// torchvision's <c>Resize(Resize)</c> (shorter side to <paramref name="Resize"/>, the longer one scaled and
/// truncated, bilinear) followed by <c>CenterCrop(Crop)</c> (offsets rounded half to even).
/// </summary>
/// <param name="Resize">Shorter side after resizing.</param>
/// <param name="Crop">Side of the centre crop.</param>
public sealed record ResizeCenterCrop(int Resize, int Crop) : ImageTransform
{
    /// <summary>The authors' test transform for <paramref name="crop"/>: Resize(⌊crop · 256 / 224⌋) + CenterCrop(crop).</summary>
    public static ResizeCenterCrop For(int crop) => new(crop * 256 / 224, crop);

    /// <inheritdoc />
    public override (int Width, int Height) OutputSize(int width, int height) => (Crop, Crop);

    /// <inheritdoc />
    public override Geometry Plan(int width, int height, DetRandom random)
    {
        var (w, h) = width <= height ? (Resize, (int)((double)Resize * height / width)) : ((int)((double)Resize * width / height), Resize);
        if (w < Crop || h < Crop)
            throw new ArgumentException($"Resize({Resize}) then CenterCrop({Crop}): the resized image {w}×{h} is smaller than the crop");
        int top = (int)Math.Round((h - Crop) / 2.0, MidpointRounding.ToEven), left = (int)Math.Round((w - Crop) / 2.0, MidpointRounding.ToEven);
        return new Geometry(PixelBox.Whole(width, height), w, h, new PixelBox(left, top, Crop, Crop), false);
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

/// <summary>Renders geometries: resampling as Pillow does, then normalisation as torchvision does, into channel-first floats.</summary>
public static class ImagePipeline
{
    /// <summary>
    /// Writes the 3 × H × W normalised output of <paramref name="geometry"/> applied to <paramref name="image"/> at
    /// <paramref name="offset"/> of <paramref name="output"/>.
    /// </summary>
    public static void Render(RgbaImage image, Geometry geometry, PillowResample.Scratch scratch, float[] output, int offset)
    {
        var window = geometry.Window;
        int plane = window.Width * window.Height, width = window.Width;
        bool flip = geometry.Flip;
        var table = ImageNetNormalisation.Table;
        void Write(int row, ReadOnlySpan<int> rgba)
        {
            int start = offset + row * width;
            for (int x = 0; x < width; x++)
            {
                int column = flip ? width - 1 - x : x;
                output[start + column] = table[rgba[4 * x]];
                output[start + plane + column] = table[256 + rgba[4 * x + 1]];
                output[start + 2 * plane + column] = table[512 + rgba[4 * x + 2]];
            }
        }
        bool identity = geometry.Source == PixelBox.Whole(image.Width, image.Height)
            && (geometry.ResizeWidth, geometry.ResizeHeight) == (image.Width, image.Height);
        if (!identity)
        {
            PillowResample.Resize(image, geometry.Source, geometry.ResizeWidth, geometry.ResizeHeight, window, scratch, Write);
            return;
        }
        var pixels = image.Pixels;
        for (int row = 0; row < window.Height; row++)
        {
            int start = offset + row * width, src = ((window.Top + row) * image.Width + window.Left) * 4;
            for (int x = 0; x < width; x++)
            {
                int column = flip ? width - 1 - x : x, p = src + 4 * x;
                output[start + column] = table[pixels[p]];
                output[start + plane + column] = table[256 + pixels[p + 1]];
                output[start + 2 * plane + column] = table[512 + pixels[p + 2]];
            }
        }
    }
}
