using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace EnsDsl;

/// <summary>
/// An ordered set of models, such as the members an exploration method produces. Ensemble them, soup them,
/// or analyse their basin. It is a list of <see cref="Model"/>, so LINQ works on it.
/// </summary>
/// <example><code>var sse = center.Snapshots(cycles: 5);
/// Report(sse.Ensemble(), sse.Soup(), sse.Basin());</code></example>
public sealed record Members : IReadOnlyList<Model>
{
    /// <summary>Members from models, with the name of the method that made them.</summary>
    /// <param name="items">The models, in order (ensemble-size curves use prefixes of this order).</param>
    /// <param name="label">What made them (e.g. <c>StarSSE</c>), used to name ensembles and soups.</param>
    /// <param name="origin">Where they were made.</param>
    public Members(IEnumerable<Model> items, string? label = null, Origin? origin = null)
    {
        Items = [.. items];
        Label = label;
        Origin = origin ?? Origin.None;
    }

    /// <summary>The models, in order.</summary>
    public ImmutableArray<Model> Items { get; init; }

    /// <summary>What made them (e.g. <c>SSE</c>, <c>StarSSE</c>, <c>Local DE</c>).</summary>
    public string? Label { get; init; }

    /// <summary>Where they were made.</summary>
    public Origin Origin { get; init; }

    internal StarInfo? StarOf { get; init; }

    /// <inheritdoc />
    public int Count => Items.Length;

    /// <inheritdoc />
    public Model this[int index] => Items[index];

    /// <inheritdoc />
    public IEnumerator<Model> GetEnumerator() => ((IEnumerable<Model>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>These members under another label (the default name of their ensembles and soups).</summary>
    /// <example><code>Members(a, b, c).Named("my method")</code></example>
    public Members Named(string label) => this with { Label = label };

    /// <summary>
    /// The ensemble of the members: their predicted probabilities averaged. Results include every size
    /// k = 1..K in member order.
    /// </summary>
    /// <param name="data">Evaluation data (default: the members' task, test split).</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>center.StarSnapshots(cycles: 5).Ensemble()</code></example>
    public Ensemble Ensemble(Dataset? data = null, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        new(NonEmpty(CallSite.At(file, line, nameof(Ensemble))), data) { Origin = CallSite.At(file, line, nameof(Ensemble)) };

    /// <summary>A model soup of the members (uniform by default), BN statistics recomputed by default.</summary>
    /// <param name="kind">Uniform or greedy (greedy: the members trained on a dataset with <c>.HoldOut()</c>, whose held-out images it chooses on).</param>
    /// <param name="bn">BN policy (default: recompute over one pass of the training data).</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>star.Soup()
    /// star.Soup(SoupKind.Greedy, BnPolicy.Recompute(batches: 200))</code></example>
    public Soup Soup(SoupKind kind = SoupKind.Uniform, BnPolicy? bn = null, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        new(NonEmpty(CallSite.At(file, line, nameof(Soup))), kind, bn ?? BnPolicy.Recompute()) { Origin = CallSite.At(file, line, nameof(Soup)) };

    Members NonEmpty(Origin origin) => Count > 0 ? this : throw new DslException($"{origin.Member} of no members", origin);

    /// <summary>
    /// A basin report: for every member, the loss and error barrier on the straight line to
    /// <paramref name="center"/> and the L2 distances to it and to the pre-trained weights, so that "stayed in
    /// the pre-train basin" is a measured statement.
    /// </summary>
    /// <param name="center">The reference model (default: the first member, the fine-tuned model of SSE/StarSSE).</param>
    /// <param name="points">Points on each line.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>star.Basin()</code></example>
    public Basin Basin(Model? center = null, int points = 11, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var origin = CallSite.At(file, line, nameof(Basin));
        if (Count == 0 && center is null) throw new DslException("Basin of no members", origin);
        return new(this, center ?? Items[0], points) { Origin = origin };
    }

    /// <summary>
    /// The plane through <paramref name="center"/> and the first two other members, the remaining members projected
    /// onto it: the picture of a method's models over the landscape of three of them (for SSE and StarSSE, the
    /// fine-tuned model and its first two snapshots or branches).
    /// </summary>
    /// <param name="center">The origin of the plane (default: the first member, the fine-tuned model of SSE/StarSSE).</param>
    /// <param name="resolution">Points along each axis (the plane costs resolution² evaluations).</param>
    /// <param name="margin">How far beyond the models the picture reaches, as a fraction of their span.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>sse.Plane()
    /// localDe.Plane(center: Pretrained("byol").FineTune(), resolution: 13)</code></example>
    public PlaneLandscape Plane(Model? center = null, int resolution = 9, double margin = 0.25, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var origin = CallSite.At(file, line, nameof(Plane));
        var pivot = center ?? (Count > 0 ? Items[0] : throw new DslException("Plane of no members", origin));
        var others = Items.Where(m => !ReferenceEquals(m, pivot)).ToList();
        if (others.Count < 2)
            throw new DslException($"Plane: a plane needs three models, the centre and two others; these members give {others.Count} besides the centre", origin);
        return new(pivot, others[0], others[1], new Members(others.Skip(2)), new PlaneGrid(resolution, margin), BnPolicy.Recompute(), null) { Origin = origin };
    }
}
