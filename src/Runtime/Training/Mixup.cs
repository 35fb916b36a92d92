using EnsDsl.Runtime.Randomness;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Training;

/// <summary>A CutMix box: rows <c>[Top, Bottom)</c> and columns <c>[Left, Right)</c> taken from the batch's mirror image.</summary>
public readonly record struct CutBox(int Top, int Bottom, int Left, int Right)
{
    /// <summary>The box's area in pixels.</summary>
    public int Area => (Bottom - Top) * (Right - Left);
}

/// <summary>
/// One batch's mixing, as timm's <c>Mixup</c> draws it in batch mode: the weight λ of the batch's own images, and for
/// CutMix the box pasted from the batch in reverse order (λ then corrected to the box's area).
/// </summary>
/// <param name="Lambda">The weight of each image's own label (and, for Mixup, of its own pixels).</param>
/// <param name="Box">The CutMix box, or null for Mixup (or no mixing, λ = 1).</param>
public sealed record MixDraw(double Lambda, CutBox? Box)
{
    /// <summary>
    /// Draws a batch's mixing for images of <paramref name="height"/> × <paramref name="width"/>, as timm's
    /// <c>Mixup._params_per_batch</c> and <c>cutmix_bbox_and_lam</c> do with mix probability 1: with both enabled,
    /// CutMix with probability <paramref name="switchProbability"/>; λ ~ Beta(α, α) of the chosen one; a CutMix box of
    /// side ⌊side·√(1 − λ)⌋ centred at a uniform pixel, clipped to the image, and λ = 1 − box area / image area.
    /// </summary>
    public static MixDraw Draw(Loss loss, int height, int width, DetRandom random, double switchProbability = 0.5)
    {
        bool cutmix = loss.CutMix > 0 && (loss.Mixup <= 0 || random.NextDouble() < switchProbability);
        double alpha = cutmix ? loss.CutMix : loss.Mixup;
        if (alpha <= 0) return new MixDraw(1.0, null);
        var lambda = Beta(alpha, random);
        if (!cutmix) return new MixDraw(lambda, null);
        double ratio = Math.Sqrt(1 - lambda);
        int cutH = (int)(height * ratio), cutW = (int)(width * ratio);
        int cy = random.Next(height), cx = random.Next(width);
        var box = new CutBox(Math.Clamp(cy - cutH / 2, 0, height), Math.Clamp(cy + cutH / 2, 0, height),
            Math.Clamp(cx - cutW / 2, 0, width), Math.Clamp(cx + cutW / 2, 0, width));
        return new MixDraw(1 - box.Area / (double)(height * width), box);
    }

    /// <summary>A Beta(α, α) draw: X / (X + Y) of two Gamma(α) draws (Marsaglia and Tsang's method; α &lt; 1 boosted by U^(1/α)).</summary>
    public static double Beta(double alpha, DetRandom random)
    {
        var x = Gamma(alpha, random);
        var y = Gamma(alpha, random);
        return x + y > 0 ? x / (x + y) : 0.5;
    }

    static double Gamma(double alpha, DetRandom random)
    {
        if (alpha < 1) return Gamma(alpha + 1, random) * Math.Pow(Math.Max(random.NextDouble(), double.Epsilon), 1 / alpha);
        double d = alpha - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z, v;
            do { z = random.NextGaussian(); v = 1 + c * z; } while (v <= 0);
            v = v * v * v;
            var u = random.NextDouble();
            if (u < 1 - 0.0331 * z * z * z * z || Math.Log(Math.Max(u, double.Epsilon)) < 0.5 * z * z + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>
    /// The mixed batch (a new tensor): Mixup blends each image with the batch's mirror image (<c>x.flip(0)</c>) by λ;
    /// CutMix pastes the mirror image's box into each image.
    /// </summary>
    public Tensor Images(Tensor images)
    {
        if (Box is { } box)
        {
            var mixed = images.clone();
            var rows = TensorIndex.Slice(box.Top, box.Bottom);
            var columns = TensorIndex.Slice(box.Left, box.Right);
            var all = TensorIndex.Colon;
            mixed[all, all, rows, columns] = images.flip(0)[all, all, rows, columns];
            return mixed;
        }
        return Lambda == 1 ? images.clone() : images * Lambda + images.flip(0) * (1 - Lambda);
    }

    /// <summary>
    /// The soft targets, as timm's <c>mixup_target</c>: one-hot labels smoothed (<paramref name="smoothing"/>/classes off,
    /// 1 − smoothing + that on), λ of each image's own and 1 − λ of its mirror's.
    /// </summary>
    public Tensor Targets(Tensor labels, int classes, double smoothing)
    {
        double off = smoothing / classes, on = 1 - smoothing + off;
        Tensor Smoothed(Tensor y) => nn.functional.one_hot(y, classes).to(ScalarType.Float32) * (on - off) + off;
        return Smoothed(labels) * Lambda + Smoothed(labels.flip(0)) * (1 - Lambda);
    }

    /// <summary>Soft-target cross-entropy (timm's <c>SoftTargetCrossEntropy</c>): the batch mean of −Σ target · log softmax(logits).</summary>
    public static Tensor SoftTargetCrossEntropy(Tensor logits, Tensor targets) =>
        (-targets * logits.log_softmax(-1)).sum(-1).mean();
}
