namespace EnsDsl.Runtime.Data;

/// <summary>
/// scikit-learn's <c>train_test_split(indices, test_size=n, stratify=labels, random_state=seed)</c> (its
/// <c>StratifiedShuffleSplit</c>, scikit-learn 1.2), reproduced index for index, order included: the authors take
/// CIFAR's validation split this way with seed 42. Per class, the images are permuted and the first ones go to train,
/// the next to the validation split; the per-class counts follow scikit-learn's <c>_approximate_mode</c>.
/// </summary>
public static class StratifiedSplit
{
    /// <summary>The authors' seed.</summary>
    public const uint AuthorsSeed = 42;

    /// <summary>The train and validation indices of <paramref name="labels"/>, with <paramref name="validationCount"/> images in validation.</summary>
    /// <exception cref="ArgumentException">A class with fewer than 2 images, or fewer images on a side than there are classes (scikit-learn refuses them too).</exception>
    public static (int[] Train, int[] Validation) Split(IReadOnlyList<long> labels, int validationCount, uint seed = AuthorsSeed)
    {
        int n = labels.Count, trainCount = n - validationCount;
        var classes = labels.Distinct().Order().ToArray();
        var classOf = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        var members = classes.Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < n; i++) members[classOf[labels[i]]].Add(i);   // a stable sort by class, as np.argsort(kind="mergesort")
        var counts = members.Select(m => (long)m.Count).ToArray();
        if (counts.Min() < 2)
            throw new ArgumentException($"class {classes[Array.IndexOf(counts, counts.Min())]} has fewer than 2 images: it cannot be split");
        if (trainCount < classes.Length || validationCount < classes.Length)
            throw new ArgumentException($"{classes.Length} classes need at least {classes.Length} images on each side of the split (train {trainCount}, validation {validationCount})");

        var random = new NumpyRandomState(seed);
        var trainPerClass = ApproximateMode(counts, trainCount, random);
        var validationPerClass = ApproximateMode([.. counts.Zip(trainPerClass, (c, t) => c - t)], validationCount, random);
        var train = new List<int>(trainCount);
        var validation = new List<int>(validationCount);
        for (int c = 0; c < classes.Length; c++)
        {
            var permutation = random.Permutation(members[c].Count);
            for (int k = 0; k < trainPerClass[c]; k++) train.Add(members[c][permutation[k]]);
            for (int k = (int)trainPerClass[c]; k < trainPerClass[c] + validationPerClass[c]; k++) validation.Add(members[c][permutation[k]]);
        }
        var trainArray = train.ToArray();
        var validationArray = validation.ToArray();
        random.Shuffle(trainArray);
        random.Shuffle(validationArray);
        return (trainArray, validationArray);
    }

    // scikit-learn's _approximate_mode: the floor of each class's share, then the largest remainders get one more,
    // ties broken by a seeded choice.
    static long[] ApproximateMode(long[] counts, int draws, NumpyRandomState random)
    {
        double total = counts.Sum();
        var continuous = counts.Select(c => c / total * draws).ToArray();
        var floored = continuous.Select(Math.Floor).ToArray();
        int needed = (int)(draws - floored.Sum());
        if (needed > 0)
        {
            var remainder = continuous.Zip(floored, (c, f) => c - f).ToArray();
            foreach (var value in remainder.Distinct().OrderDescending())
            {
                var tied = Enumerable.Range(0, remainder.Length).Where(i => remainder[i] == value).ToArray();
                int now = Math.Min(tied.Length, needed);
                var chosen = random.Permutation(tied.Length).Take(now).Select(i => tied[i]);
                foreach (var i in chosen) floored[i] += 1;
                needed -= now;
                if (needed == 0) break;
            }
        }
        return [.. floored.Select(f => (long)f)];
    }
}
