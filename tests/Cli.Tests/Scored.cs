namespace EnsDsl.Cli.Tests;

/// <summary>Properties every reported score has, whatever the draw.</summary>
static class Scored
{
    /// <summary>An accuracy over <paramref name="images"/> test images is a whole number of them out of that many.</summary>
    public static void AccuracyOver(int images, double accuracy, string what = "accuracy")
    {
        var correct = accuracy * images;
        Assert.True(accuracy is >= 0 and <= 1 && Math.Abs(correct - Math.Round(correct)) < 1e-6, $"{what} {accuracy} is not a count of {images} test images");
    }
}
