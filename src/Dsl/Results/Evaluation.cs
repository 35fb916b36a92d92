namespace EnsDsl;

/// <summary>One model evaluated on the test split of <see cref="Data"/> (accuracy, NLL, ECE, …).</summary>
/// <param name="Model">The model.</param>
/// <param name="Data">Evaluation data; null means the model's task.</param>
public sealed record Evaluation(Model Model, Dataset? Data) : IReportable
{
    /// <inheritdoc />
    public string? Name { get; init; }

    /// <inheritdoc />
    public Origin Origin { get; init; } = Origin.None;

    /// <summary>This evaluation with a name for results.</summary>
    /// <example><code>center.Evaluate().Named("fine-tuned")</code></example>
    public Evaluation Named(string name) => this with { Name = name };
}
