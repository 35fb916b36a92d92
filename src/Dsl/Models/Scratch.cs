namespace EnsDsl;

/// <summary>
/// A random initialisation of an architecture (PyTorch's default initialisers), for models trained from
/// scratch: the embedded task's pre-trainings, or a from-scratch baseline on the target.
/// </summary>
/// <param name="Architecture">What to initialise.</param>
/// <param name="Seed">Initialisation seed; derived from the branch when null.</param>
public sealed record Scratch(Architecture Architecture, int? Seed = null) : Weights
{
    /// <inheritdoc />
    public override Architecture Arch => Architecture;

    internal override Recipe FineTuneRecipe => Recipe.SmallImages;

    /// <summary>This initialisation with a name for plans and results.</summary>
    /// <example><code>Scratch("cifar-resnet8x16", seed: 1).Named("from scratch")</code></example>
    public Scratch Named(string name) => this with { Name = name };
}
