using EnsDsl.Planning;

namespace EnsDsl;

/// <summary>
/// An optimizer as PyTorch defines it, without its LR (the schedule gives the LR at every tick).
/// </summary>
/// <example><code>Sgd(momentum: 0.9, wd: 1e-4)
/// AdamW(wd: 0.25)</code></example>
public abstract record Optimizer
{
    /// <summary>The weight decay.</summary>
    public abstract double WeightDecay { get; }

    /// <summary>The same optimizer with another weight decay.</summary>
    public abstract Optimizer WithWeightDecay(double wd);

    /// <summary>A one-line description, e.g. <c>SGD m=0.9 wd=1e-4</c>.</summary>
    public abstract string Describe();

    /// <summary>The canonical form hashed into node ids.</summary>
    public abstract SortedDictionary<string, object?> ToCanonical();

    /// <summary>How many parameter-sized tensors its state holds (SGD with momentum: 1; AdamW: 2), for store sizes.</summary>
    public abstract int StateCopies { get; }

    /// <summary>Problems with the hyper-parameters, as messages (empty when valid).</summary>
    public abstract IEnumerable<string> Problems();

    /// <inheritdoc />
    public override string ToString() => Describe();

    private protected static string G(double v) => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Stochastic gradient descent with momentum, PyTorch's semantics: the buffer b ← μ·b + g (+ wd·θ in g), and
/// Nesterov's variant when asked. Weight decay applies to every parameter, BN and biases included, as in the
/// authors' ResNet recipes.
/// </summary>
/// <param name="Momentum">μ, in [0, 1).</param>
/// <param name="Wd">L2 weight decay added to the gradient.</param>
/// <param name="Nesterov">Use Nesterov momentum.</param>
public sealed record Sgd(double Momentum = 0.9, double Wd = 0, bool Nesterov = false) : Optimizer
{
    /// <summary>The momentum buffer, when there is momentum.</summary>
    public override int StateCopies => Momentum != 0 ? 1 : 0;
    /// <inheritdoc />
    public override double WeightDecay => Wd;
    /// <inheritdoc />
    public override Optimizer WithWeightDecay(double wd) => this with { Wd = wd };
    /// <inheritdoc />
    public override string Describe() => $"SGD m={G(Momentum)}{(Nesterov ? " nesterov" : "")} wd={G(Wd)}";
    /// <inheritdoc />
    public override SortedDictionary<string, object?> ToCanonical() =>
        Canon.Map(("type", "sgd"), ("momentum", Momentum), ("wd", Wd), ("nesterov", Nesterov));
    /// <inheritdoc />
    public override IEnumerable<string> Problems()
    {
        if (!(Momentum >= 0 && Momentum < 1)) yield return $"SGD momentum must be in [0, 1); got {Momentum}";
        if (!(Wd >= 0) || double.IsInfinity(Wd)) yield return $"weight decay must be ≥ 0; got {Wd}";
        if (Nesterov && Momentum == 0) yield return "Nesterov momentum needs momentum > 0";
    }
}

/// <summary>
/// AdamW with decoupled weight decay (PyTorch's semantics), as in the Swin recipe. With
/// <see cref="NoDecayOn1D"/>, 1-D parameters (biases, norms) and position tables get no decay.
/// </summary>
/// <param name="Wd">Decoupled weight decay.</param>
/// <param name="Beta1">First-moment decay.</param>
/// <param name="Beta2">Second-moment decay.</param>
/// <param name="Eps">Denominator epsilon.</param>
/// <param name="NoDecayOn1D">Exempt 1-D parameters and position tables from weight decay.</param>
public sealed record AdamW(double Wd = 0.01, double Beta1 = 0.9, double Beta2 = 0.999, double Eps = 1e-8, bool NoDecayOn1D = true) : Optimizer
{
    /// <summary>The first and second moments.</summary>
    public override int StateCopies => 2;
    /// <inheritdoc />
    public override double WeightDecay => Wd;
    /// <inheritdoc />
    public override Optimizer WithWeightDecay(double wd) => this with { Wd = wd };
    /// <inheritdoc />
    public override string Describe() => $"AdamW β=({G(Beta1)},{G(Beta2)}) wd={G(Wd)}{(NoDecayOn1D ? " (no decay on 1-D)" : "")}";
    /// <inheritdoc />
    public override SortedDictionary<string, object?> ToCanonical() => Canon.Map(("type", "adamw"), ("wd", Wd),
        ("beta1", Beta1), ("beta2", Beta2), ("eps", Eps), ("no_decay_1d", NoDecayOn1D));
    /// <inheritdoc />
    public override IEnumerable<string> Problems()
    {
        if (!(Beta1 >= 0 && Beta1 < 1) || !(Beta2 >= 0 && Beta2 < 1)) yield return $"AdamW betas must be in [0, 1); got ({Beta1}, {Beta2})";
        if (!(Eps > 0)) yield return $"AdamW eps must be > 0; got {Eps}";
        if (!(Wd >= 0) || double.IsInfinity(Wd)) yield return $"weight decay must be ≥ 0; got {Wd}";
    }
}
