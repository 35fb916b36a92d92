using System.Collections.Immutable;
using System.Globalization;

namespace EnsDsl;

/// <summary>
/// The classes a dataset keeps (spec option <c>classes=</c>), by their original index and in the order given: images of
/// other classes are left out of every split, and the kept classes are relabelled 0..k−1 in this order — the head a
/// model trains has k outputs. Two selections are equal when they keep the same classes in the same order.
/// </summary>
/// <example><code>FashionMnist().Classes([5, 6, 7, 8, 9])   // spec option classes=5..9</code></example>
public sealed record ClassSelection
{
    ClassSelection(ImmutableArray<int> indices) => Indices = indices;

    /// <summary>The original class indices, in the order of the new labels.</summary>
    public ImmutableArray<int> Indices { get; }

    /// <summary>How many classes are kept.</summary>
    public int Count => Indices.Length;

    /// <summary>The selection of <paramref name="classes"/>, in that order.</summary>
    /// <exception cref="FormatException">None given, a negative index, or one given twice.</exception>
    public static ClassSelection Of(IEnumerable<int> classes)
    {
        var indices = classes.ToImmutableArray();
        if (indices.IsEmpty) throw new FormatException("name at least one class to keep");
        if (indices.FirstOrDefault(c => c < 0) is var negative && negative < 0) throw new FormatException($"class indices start at 0, got {negative}");
        if (indices.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1) is { } twice) throw new FormatException($"class {twice.Key} is named twice");
        return new ClassSelection(indices);
    }

    /// <summary>Reads the spec form: indices and inclusive ranges separated by commas, e.g. <c>5..9</c> or <c>0,2,4..6</c>.</summary>
    /// <exception cref="FormatException">Not that form, or not a valid selection (see <see cref="Of"/>).</exception>
    public static ClassSelection Parse(string text)
    {
        if (text.Trim().Length == 0) throw new FormatException("classes=: name at least one class to keep");
        var indices = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var range = part.Split("..");
            if (range.Length == 2 && Index(range[0]) is { } from && Index(range[1]) is { } to && from <= to)
                indices.AddRange(Enumerable.Range(from, to - from + 1));
            else if (range.Length == 1 && Index(part) is { } single) indices.Add(single);
            else throw new FormatException($"classes={text}: expected class indices and ranges separated by commas, e.g. classes=5..9 or classes=0,2,4..6");
        }
        try { return Of(indices); }
        catch (FormatException e) { throw new FormatException($"classes={text}: {e.Message}"); }
    }

    static int? Index(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;

    /// <summary>The spec form: each run of consecutive ascending indices as FROM..TO, the others one by one (<c>5..9</c>, <c>9,8</c>).</summary>
    public string Spec
    {
        get
        {
            var parts = new List<string>();
            for (int i = 0; i < Indices.Length;)
            {
                int j = i;
                while (j + 1 < Indices.Length && Indices[j + 1] == Indices[j] + 1) j++;
                parts.Add(j > i ? $"{Indices[i]}..{Indices[j]}" : $"{Indices[i]}");
                i = j + 1;
            }
            return string.Join(',', parts);
        }
    }

    /// <summary>The new label of original class <paramref name="original"/>, or −1 when it is not kept.</summary>
    public int LabelOf(int original) => Indices.IndexOf(original);

    /// <inheritdoc />
    public bool Equals(ClassSelection? other) => other is not null && Indices.SequenceEqual(other.Indices);

    /// <inheritdoc />
    public override int GetHashCode() => Indices.Aggregate(17, (h, i) => unchecked(h * 31 + i));

    /// <inheritdoc />
    public override string ToString() => Spec;
}

/// <summary>
/// A class-balanced draw from a dataset's training images (spec options <c>per_class=</c> and <c>per_class_seed=</c>):
/// <see cref="Count"/> images of every class, chosen by <see cref="Seed"/> — the few-shot training set of transfer
/// papers. The test split stays whole.
/// </summary>
/// <param name="Count">Training images per class.</param>
/// <param name="Seed">The draw's seed: another seed draws other images.</param>
/// <example><code>FashionMnist().PerClass(100, seed: 2)   // spec options per_class=100&amp;per_class_seed=2</code></example>
public sealed record PerClassDraw(int Count, int Seed = 0);
