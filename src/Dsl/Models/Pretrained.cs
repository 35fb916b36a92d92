namespace EnsDsl;

/// <summary>
/// Weights loaded from a pre-trained checkpoint of a named source. It has no head for the target task:
/// fine-tune it (<c>FineTune</c>), or branch from it (<c>Star</c>, Local DE).
/// </summary>
/// <param name="Source">The registered source (architecture, file format, recipe).</param>
/// <param name="Checkpoint">Path of the checkpoint file.</param>
/// <param name="Architecture">Architecture of the weights (the source's unless overridden).</param>
public sealed record Pretrained(PretrainedSource Source, string Checkpoint, Architecture Architecture) : Weights
{
    /// <inheritdoc />
    public override Architecture Arch => Architecture;

    internal override Recipe FineTuneRecipe => Source.Recipe;

    /// <summary>This checkpoint with a name for plans and results.</summary>
    /// <example><code>Pretrained("byol").Named("BYOL #1")</code></example>
    public Pretrained Named(string name) => this with { Name = name };
}
