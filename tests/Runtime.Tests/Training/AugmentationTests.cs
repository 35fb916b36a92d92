using EnsDsl.Runtime.Data;
using EnsDsl.Runtime.Randomness;
using EnsDsl.Runtime.Training;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Training;

public class AugmentationTests
{
    const int P = Augmentation.CropPadding;
    static readonly float[] Black = [-0.5f, -1f, -2f];

    // torchvision's RandomCrop(size, padding=P) for one image at offset (top, left) of the padded image, written
    // pixel by pixel: a pixel inside the original is read from it, one in the padding is black.
    static float Expected(float[,,] image, int channel, int row, int column, long top, long left)
    {
        int h = image.GetLength(1), w = image.GetLength(2);
        long r = row + top - P, c = column + left - P;
        return r >= 0 && r < h && c >= 0 && c < w ? image[channel, r, c] : Black[channel];
    }

    static (Tensor Batch, float[][,,] Images) Batch(int n, int h, int w)
    {
        var batch = randn([n, 3, h, w], generator: Generators.For(3, "images"));
        var values = batch.data<float>().ToArray();
        var images = Enumerable.Range(0, n).Select(i =>
        {
            var image = new float[3, h, w];
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) image[c, y, x] = values[((i * 3 + c) * h + y) * w + x];
            return image;
        }).ToArray();
        return (batch, images);
    }

    [Fact]
    public void Crop_flip_crops_each_image_from_its_black_padded_copy_at_its_drawn_offset_then_mirrors_it_where_drawn()
    {
        const int n = 64, h = 7, w = 9;
        var (batch, images) = Batch(n, h, w);
        using var draws = Augmentation.Draw(Transform.CropFlip, n, Generators.For(1, "augment", 0))!;
        var output = Augmentation.Apply(batch, draws, Black).data<float>().ToArray();
        var flips = draws.Flip.data<bool>().ToArray();
        var shifts = draws.Shift!.data<long>().ToArray();

        for (int i = 0; i < n; i++)
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                    {
                        int source = flips[i] ? w - 1 - x : x;
                        Assert.Equal(Expected(images[i], c, y, source, shifts[2 * i], shifts[2 * i + 1]), output[((i * 3 + c) * h + y) * w + x]);
                    }
    }

    [Fact]
    public void Offsets_cover_every_shift_of_up_to_the_padding_each_way_and_about_half_the_images_are_mirrored()
    {
        const int n = 4000;
        using var draws = Augmentation.Draw(Transform.CropFlip, n, Generators.For(2, "augment", 0))!;
        var shifts = draws.Shift!.data<long>().ToArray();
        Assert.Equal(Enumerable.Range(0, 2 * P + 1).Select(v => (long)v), shifts.Distinct().Order());
        // Each of the 9 offsets per axis is drawn with probability 1/9: 8000 draws, ≥ 600 each (expected 889, sd 28).
        Assert.All(shifts.GroupBy(s => s), g => Assert.InRange(g.Count(), 600, 1200));
        Assert.InRange(draws.Flip.data<bool>().ToArray().Count(f => f), 1800, 2200);       // sd 32 around 2000
    }

    [Fact]
    public void The_centre_offset_without_a_flip_is_the_image_itself_and_flip_alone_draws_no_crop()
    {
        var (batch, _) = Batch(3, 5, 5);
        using var centre = new AugmentationDraws(zeros(3, ScalarType.Bool), full(new long[] { 3, 2 }, P, ScalarType.Int64));
        Assert.Equal(batch.data<float>().ToArray(), Augmentation.Apply(batch, centre, Black).data<float>().ToArray());

        using var flipOnly = Augmentation.Draw(Transform.Flip, 3, Generators.For(1, "augment", 0))!;
        Assert.Null(flipOnly.Shift);
        Assert.Null(Augmentation.Draw(Transform.None, 3, Generators.For(1, "augment", 0)));
    }

    [Fact]
    public void A_training_epoch_gives_its_batches_cropped_and_flipped_as_the_epochs_draws_say_in_data_order()
    {
        using var images = randn([10, 3, 6, 6], generator: Generators.For(5, "images"));
        var split = new TensorSplit(images, arange(10, ScalarType.Int64), 10, Transform.CropFlip) { Black = Black };
        using var order = randperm(10, generator: Generators.For(1, "order", 0));
        var batches = split.Training(order, 4, 3, seed: 7, epoch: 2).Select(b => b.Images).ToList();
        Assert.Equal([4L, 4L, 2L], batches.Select(b => b.shape[0]));

        using var draws = Augmentation.Draw(Transform.CropFlip, 10, Generators.For(7, "augment", 2))!;
        var expected = Augmentation.Apply(images.index_select(0, order), draws.Select(order), Black);
        Assert.Equal(expected.data<float>().ToArray(), cat(batches, 0).data<float>().ToArray());
        Assert.NotEqual(images.index_select(0, order).data<float>().ToArray(), expected.data<float>().ToArray());
    }

    [Fact]
    public void An_8_bit_dataset_knows_the_value_its_black_pixels_normalise_to()
    {
        var normalisation = PixelNormalisation.Of(0.2860f, 0.3530f);
        Assert.Equal(Enumerable.Repeat((0f - 0.2860f) / 0.3530f, 3), normalisation.Black);
        Assert.Equal(PixelNormalisation.ImageNet.Table[256], PixelNormalisation.ImageNet.Black[1]);
    }
}
