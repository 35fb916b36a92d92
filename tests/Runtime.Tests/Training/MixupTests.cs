using EnsDsl.Runtime.Randomness;
using EnsDsl.Runtime.Training;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Training;

public class MixupTests
{
    static readonly Loss SwinLoss = new(LabelSmoothing: 0.1, Mixup: 0.8, CutMix: 1.0);

    [Theory]
    [InlineData(0.8)]
    [InlineData(1.0)]
    [InlineData(0.2)]
    public void Lambda_follows_a_symmetric_Beta_distribution(double alpha)
    {
        var random = new DetRandom(7);
        var draws = Enumerable.Range(0, 40_000).Select(_ => MixDraw.Beta(alpha, random)).ToList();
        Assert.All(draws, l => Assert.InRange(l, 0, 1));
        double mean = draws.Average(), variance = draws.Sum(l => (l - mean) * (l - mean)) / (draws.Count - 1);
        // Beta(α, α): mean 1/2, variance 1 / (4 (2α + 1)); the standard error of 40,000 draws is far below these margins.
        Assert.InRange(mean, 0.49, 0.51);
        Assert.InRange(variance / (1 / (4 * (2 * alpha + 1))), 0.96, 1.04);
    }

    [Fact]
    public void With_both_enabled_half_of_the_batches_are_CutMix_and_CutMix_lambda_is_the_kept_area()
    {
        var random = new DetRandom(3);
        var draws = Enumerable.Range(0, 4000).Select(_ => MixDraw.Draw(SwinLoss, 32, 24, random)).ToList();
        Assert.InRange(draws.Count(d => d.Box is not null) / 4000.0, 0.47, 0.53);
        foreach (var d in draws.Where(d => d.Box is not null))
        {
            var box = d.Box!.Value;
            Assert.True(0 <= box.Top && box.Top <= box.Bottom && box.Bottom <= 32 && 0 <= box.Left && box.Left <= box.Right && box.Right <= 24, box.ToString());
            Assert.Equal(1 - box.Area / (32.0 * 24), d.Lambda, 12);
        }
        Assert.All(Enumerable.Range(0, 20).Select(_ => MixDraw.Draw(new Loss(CutMix: 1.0), 8, 8, random)), d => Assert.NotNull(d.Box));   // CutMix alone
        Assert.Equal(new MixDraw(1.0, null), MixDraw.Draw(Loss.CrossEntropy, 8, 8, random));
    }

    [Fact]
    public void Mixup_blends_each_image_with_the_batch_in_reverse_order()
    {
        using var images = rand(4, 3, 5, 5, generator: new Generator(1));
        var mixed = new MixDraw(0.7, null).Images(images);
        for (int i = 0; i < 4; i++)
            Assert.True(mixed[i].allclose(images[i] * 0.7 + images[3 - i] * 0.3, 1e-6, 1e-7));
    }

    [Fact]
    public void CutMix_pastes_the_box_of_the_mirror_image_and_keeps_the_rest()
    {
        using var images = rand(3, 2, 6, 8, generator: new Generator(2));
        using var before = images.clone();                               // taken before the call, to compare with after it
        var mixed = new MixDraw(0.5, new CutBox(1, 4, 2, 6)).Images(images);
        for (int i = 0; i < 3; i++)
            for (int r = 0; r < 6; r++)
                for (int c = 0; c < 8; c++)
                {
                    bool inside = r >= 1 && r < 4 && c >= 2 && c < 6;
                    var expected = before[inside ? 2 - i : i, TensorIndex.Colon, r, c];
                    Assert.True(mixed[i, TensorIndex.Colon, r, c].equal(expected).all().item<bool>(), $"image {i} pixel ({r}, {c})");
                }
        Assert.True(images.equal(before).all().item<bool>());             // the input is left as it was
    }

    [Fact]
    public void Targets_are_smoothed_one_hot_labels_weighted_by_lambda()
    {
        using var labels = tensor(new long[] { 0, 2, 1 });
        var targets = new MixDraw(0.6, null).Targets(labels, classes: 4, smoothing: 0.1);
        double off = 0.1 / 4, on = 1 - 0.1 + off;
        // Image 0 has label 0 and its mirror (image 2) label 1.
        float[] expected = [(float)(0.6 * on + 0.4 * off), (float)(0.6 * off + 0.4 * on), (float)off, (float)off];
        Assert.True(targets[0].allclose(tensor(expected), 1e-6, 1e-7));
        Assert.True(targets.sum(1).allclose(ones(3), 1e-6, 1e-6));
    }

    [Fact]
    public void Soft_target_cross_entropy_of_one_hot_targets_is_cross_entropy()
    {
        using var logits = randn(5, 7, generator: new Generator(4));
        using var labels = tensor(new long[] { 0, 6, 3, 3, 1 });
        var oneHot = new MixDraw(1.0, null).Targets(labels, 7, smoothing: 0);
        Assert.Equal(nn.functional.cross_entropy(logits, labels).item<float>(), MixDraw.SoftTargetCrossEntropy(logits, oneHot).item<float>(), 5);
    }
}
