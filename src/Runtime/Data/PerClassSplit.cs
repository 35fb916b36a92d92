namespace EnsDsl.Runtime.Data;

/// <summary>
/// The authors' SUN-397 validation split (<c>split_targets_by_class</c> in their <c>data/get_datasets.py</c>): for each
/// class in label order, scikit-learn's <c>train_test_split(indices_of_the_class, train_size=n, random_state=42)</c>,
/// re-seeded for every class; its n images go to validation, the others stay in training. Reproduced index for index,
/// order included: a <c>ShuffleSplit</c> permutes the class's images with <c>RandomState(42)</c>, takes the first
/// (count − n) as its complement and the next n as its draw.
/// </summary>
public static class PerClassSplit
{
    /// <summary>The train and validation indices of <paramref name="labels"/>, <paramref name="perClass"/> images of every class in validation.</summary>
    /// <exception cref="ArgumentException">A class with no more than <paramref name="perClass"/> images (scikit-learn refuses an empty complement too).</exception>
    public static (int[] Train, int[] Validation) Split(IReadOnlyList<long> labels, int perClass, uint seed = StratifiedSplit.AuthorsSeed)
    {
        var train = new List<int>(labels.Count);
        var validation = new List<int>();
        foreach (var label in labels.Distinct().Order())
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == label).ToArray();   // np.where: ascending
            if (members.Length <= perClass)
                throw new ArgumentException($"class {label} has {members.Length} images: {perClass} for validation leave none for training");
            var permutation = new NumpyRandomState(seed).Permutation(members.Length);
            int rest = members.Length - perClass;
            train.AddRange(permutation.Take(rest).Select(k => members[k]));
            validation.AddRange(permutation.Skip(rest).Select(k => members[k]));
        }
        return ([.. train], [.. validation]);
    }
}
