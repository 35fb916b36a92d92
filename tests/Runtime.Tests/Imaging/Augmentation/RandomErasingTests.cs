using EnsDsl.Runtime.Imaging;
using EnsDsl.Runtime.Imaging.Augmentation;
using EnsDsl.Runtime.Randomness;

namespace EnsDsl.Runtime.Tests.Imaging.Augmentation;

public class RandomErasingTests
{
    [Fact]
    public void A_quarter_of_the_images_get_one_box_inside_them_of_timms_area_and_aspect()
    {
        var erasing = new RandomErasing(0.25);
        var random = new DetRandom(3);
        const int draws = 20000, side = 224;
        var boxes = Enumerable.Range(0, draws).Select(_ => erasing.Draw(side, side, random)).OfType<Erasure>().Select(e => e.Box).ToList();
        Assert.InRange(boxes.Count / (double)draws, 0.24, 0.26);
        foreach (var b in boxes)
        {
            Assert.True(b.Left >= 0 && b.Top >= 0 && b.Left + b.Width <= side && b.Top + b.Height <= side, b.ToString());
            Assert.True(b.Width < side && b.Height < side);
            Assert.InRange(b.Width * b.Height / (double)(side * side), 0.019, 0.335);
            Assert.InRange(b.Height / (double)b.Width, 0.28, 1 / 0.28);
        }
        // Area fraction uniform in 0.02–1/3: mean 0.177. log(h/w) uniform and symmetric: mean 0.
        Assert.InRange(boxes.Average(b => b.Width * b.Height / (double)(side * side)), 0.17, 0.185);
        Assert.InRange(boxes.Average(b => Math.Log(b.Height / (double)b.Width)), -0.03, 0.03);
    }

    [Fact]
    public void Erased_values_are_standard_normal_and_nothing_outside_the_box_changes()
    {
        const int width = 64, height = 48;
        var erasure = new Erasure(new PixelBox(5, 7, 30, 20), 99);
        var output = Enumerable.Repeat(7f, 2 + 3 * width * height).ToArray();
        erasure.Apply(output, 2, width, height);
        var inside = new List<float>();
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    float v = output[2 + c * width * height + y * width + x];
                    if (x >= 5 && x < 35 && y >= 7 && y < 27) inside.Add(v);
                    else Assert.Equal(7f, v);
                }
        Assert.Equal(7f, output[0]);
        Assert.Equal(3 * 30 * 20, inside.Count);
        Assert.InRange(inside.Average(), -0.1, 0.1);
        Assert.InRange(Math.Sqrt(inside.Select(v => v * (double)v).Average()), 0.93, 1.07);
    }
}
