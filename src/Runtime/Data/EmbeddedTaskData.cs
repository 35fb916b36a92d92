using EnsDsl.Runtime.Randomness;
namespace EnsDsl.Runtime.Data;

/// <summary>
/// The embedded transfer task, generated in memory from a seed (no files, about a second).
/// <list type="bullet">
/// <item>12 random binary 5×5 "primitives". An image is 3×20×20: Gaussian noise (σ = 0.5) plus two different
/// primitives added at random non-overlapping places, each multiplied by a random colour (3 values in [0.3, 1]).</item>
/// <item>A class is an unordered pair of primitives. Of the 66 pairs, a seeded shuffle gives 40 SOURCE classes
/// (250 training and 25 test images each) and 20 disjoint TARGET classes (10 training and 50 test images each).</item>
/// </list>
/// Detectors of the primitives transfer from source to target; the target's pairs are new compositions, and with 10
/// images per class it cannot be learnt well from scratch. Source and target of one seed share their primitives.
/// </summary>
public static class EmbeddedTaskData
{
    /// <summary>Image side in pixels.</summary>
    public const int Size = 20;
    /// <summary>Colour channels.</summary>
    public const int Channels = 3;
    /// <summary>Side of a primitive.</summary>
    public const int Patch = 5;
    /// <summary>Number of primitives.</summary>
    public const int Primitives = 12;
    /// <summary>Standard deviation of the background noise.</summary>
    public const double Noise = 0.5;

    /// <summary>Images per class of each split (the Dsl's <see cref="Embedded.ImagesPerClass"/>, which plans count on).</summary>
    public static (int Train, int Test) PerClass(EmbeddedTask task) => Embedded.ImagesPerClass(task);

    /// <summary>Images per class of the held-out set (<see cref="HeldOut"/>; the Dsl's <see cref="Embedded.HeldOutPerClass"/>).</summary>
    public static int HeldOutPerClass(EmbeddedTask task) => Embedded.HeldOutPerClass(task);

    /// <summary>
    /// A held-out set of the task, for choices no member may have trained on (greedy soups): new images of the same
    /// classes from a stream of their own, so that the training split stays whole.
    /// </summary>
    public static ImageSet HeldOut(EmbeddedTask task, int seed) =>
        Render(ClassPairs(task, seed), MakePrimitives(seed), HeldOutPerClass(task), DetRandom.For(seed, $"{task.Name()}/held-out"));

    /// <summary>The splits of one task.</summary>
    public static Splits Generate(EmbeddedTask task, int seed)
    {
        var primitives = MakePrimitives(seed);
        var classes = ClassPairs(task, seed);
        var (train, test) = PerClass(task);
        var name = task.Name();
        return new Splits(
            Render(classes, primitives, train, DetRandom.For(seed, $"{name}/train")),
            Render(classes, primitives, test, DetRandom.For(seed, $"{name}/test")));
    }

    /// <summary>The 12 primitives: distinct binary patterns with at least 8 of 25 pixels set.</summary>
    internal static bool[][] MakePrimitives(int seed)
    {
        var random = DetRandom.For(seed, "primitives");
        var result = new List<bool[]>();
        while (result.Count < Primitives)
        {
            var p = Enumerable.Range(0, Patch * Patch).Select(_ => random.NextDouble() < 0.5).ToArray();
            if (p.Count(b => b) >= 8 && !result.Any(q => q.SequenceEqual(p))) result.Add(p);
        }
        return [.. result];
    }

    /// <summary>The pairs of primitives that make the classes of a task (source and target are disjoint).</summary>
    internal static (int A, int B)[] ClassPairs(EmbeddedTask task, int seed)
    {
        var pairs = new List<(int, int)>();
        for (int a = 0; a < Primitives; a++)
            for (int b = a + 1; b < Primitives; b++)
                pairs.Add((a, b));
        DetRandom.For(seed, "pairs").Shuffle(pairs);
        return task == EmbeddedTask.Source
            ? [.. pairs.Take(Embedded.SourceClasses)]
            : [.. pairs.Skip(Embedded.SourceClasses).Take(Embedded.TargetClasses)];
    }

    static ImageSet Render((int A, int B)[] classes, bool[][] primitives, int perClass, DetRandom random)
    {
        int n = classes.Length * perClass, plane = Size * Size, imageSize = Channels * plane;
        var pixels = new float[n * imageSize];
        var labels = new long[n];
        for (int c = 0, i = 0; c < classes.Length; c++)
            for (int k = 0; k < perClass; k++, i++)
            {
                labels[i] = c;
                var image = pixels.AsSpan(i * imageSize, imageSize);
                for (int j = 0; j < imageSize; j++) image[j] = (float)(Noise * random.NextGaussian());
                var (first, second) = random.NextDouble() < 0.5 ? (classes[c].A, classes[c].B) : (classes[c].B, classes[c].A);
                var (x1, y1) = (random.Next(Size - Patch + 1), random.Next(Size - Patch + 1));
                int x2, y2;
                do (x2, y2) = (random.Next(Size - Patch + 1), random.Next(Size - Patch + 1));
                while (Math.Abs(x1 - x2) < Patch && Math.Abs(y1 - y2) < Patch);
                Paste(image, primitives[first], x1, y1, random);
                Paste(image, primitives[second], x2, y2, random);
            }
        return new ImageSet(pixels, labels, Channels, Size, Size, classes.Length);
    }

    static void Paste(Span<float> image, bool[] primitive, int x, int y, DetRandom random)
    {
        for (int ch = 0; ch < Channels; ch++)
        {
            var colour = (float)(0.3 + 0.7 * random.NextDouble());
            for (int dy = 0; dy < Patch; dy++)
                for (int dx = 0; dx < Patch; dx++)
                    if (primitive[dy * Patch + dx])
                        image[ch * Size * Size + (y + dy) * Size + (x + dx)] += colour;
        }
    }
}
