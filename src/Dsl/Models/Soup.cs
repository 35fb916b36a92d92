using System.Runtime.CompilerServices;

namespace EnsDsl;

/// <summary>How weights are chosen for a soup.</summary>
public enum SoupKind
{
    /// <summary>Average every member (Wortsman et al. 2022's uniform soup).</summary>
    Uniform,
    /// <summary>
    /// Add members in order of held-out accuracy, keeping each only if it raises the held-out accuracy; the members
    /// must have trained on a dataset with held-out images (<see cref="Prelude.HoldOut"/>).
    /// </summary>
    Greedy,
}

/// <summary>
/// What happens to BatchNorm running statistics of averaged or interpolated weights.
/// <see cref="Recompute"/> re-estimates them on training data with the authors' <c>update_bn</c> semantics
/// (reset, train mode, no gradients, cumulative average); <see cref="Keep"/> averages them like any weight.
/// </summary>
/// <param name="Recomputes">True to recompute.</param>
/// <param name="Batches">Batches used to recompute (null: one full pass over the training data).</param>
public sealed record BnPolicy(bool Recomputes, int? Batches = null)
{
    /// <summary>Recompute BN statistics over <paramref name="batches"/> training batches (default: a full pass).</summary>
    /// <example><code>star.Soup(bn: BnPolicy.Recompute(batches: 200))</code></example>
    public static BnPolicy Recompute(int? batches = null) => new(true, batches);

    /// <summary>Average the BN statistics with the other weights.</summary>
    public static BnPolicy Keep { get; } = new(false);

    /// <summary>The policy as it appears in a plan node's op (part of the node's id).</summary>
    /// <example><code>BnPolicy.Recompute(200).ToCanonical()   // { "batches": 200, "recompute": true }</code></example>
    public SortedDictionary<string, object?> ToCanonical() => Planning.Canon.Map(("recompute", Recomputes), ("batches", Batches));

    /// <summary>The policy back from a plan node's op entry written by <see cref="ToCanonical"/>.</summary>
    /// <example><code>var bn = BnPolicy.FromCanonical(node.Op["bn"]);</code></example>
    public static BnPolicy FromCanonical(object? op) => op is IReadOnlyDictionary<string, object?> map
        ? new(map["recompute"] is true, map["batches"] is null ? null : Convert.ToInt32(map["batches"], System.Globalization.CultureInfo.InvariantCulture))
        : throw new ArgumentException("not a BN policy entry of a plan op");

    /// <summary>A short description for plans and results.</summary>
    /// <example><code>BnPolicy.Recompute(batches: 200).Describe()   // "BN recomputed (200 batches)"</code></example>
    public string Describe() => Recomputes ? Batches is { } b ? $"BN recomputed ({b} batches)" : "BN recomputed" : "BN averaged";
}

/// <summary>
/// A model soup: weights averaged over <see cref="Members"/> (uniform, or greedy on a held-out split), then BN
/// statistics handled by <see cref="Bn"/>. A soup is a model: evaluate it, report it, or train it further.
/// </summary>
/// <param name="Members">The ingredients.</param>
/// <param name="Kind">Uniform or greedy.</param>
/// <param name="Bn">BN statistics policy.</param>
public sealed record Soup(Members Members, SoupKind Kind, BnPolicy Bn) : Model
{
    /// <inheritdoc />
    public override Architecture Arch => Members[0].Arch;

    /// <inheritdoc />
    public override Dataset Task => Members[0].Task;

    /// <inheritdoc />
    public override TrainStep Settings => Members[0].Settings;

    internal override Recipe FineTuneRecipe => Members[0].FineTuneRecipe;

    /// <summary>This soup with a name for plans and results.</summary>
    /// <example><code>star.Soup().Named("StarSSE soup")</code></example>
    public new Soup Named(string name) => this with { Name = name };
}
