using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Training;

/// <summary>
/// An optimizer as PyTorch defines it, whose whole state is a set of named tensors, so that it is saved at every
/// epoch end, restored exactly on resume, reset at cycle boundaries (a fresh optimizer, as the authors'
/// <c>reset_optim_state</c>), or continued into a following step. The LR (and, for cyclic schedules, the momentum)
/// is given at every step by the plan's schedule.
/// </summary>
public abstract class TensorOptimizer : IDisposable
{
    /// <summary>The parameters, by name, in a fixed order.</summary>
    protected IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }

    /// <summary>The state tensors, by name (created zero, updated in place, never inside a dispose scope).</summary>
    protected Dictionary<string, Tensor> State { get; } = new(StringComparer.Ordinal);

    /// <summary>An optimizer over <paramref name="parameters"/>.</summary>
    protected TensorOptimizer(IEnumerable<(string Name, Parameter Parameter)> parameters) => Parameters = [.. parameters];

    /// <summary>Applies one update with the gradients in the parameters' <c>.grad</c>.</summary>
    /// <param name="lr">The learning rate of this step.</param>
    /// <param name="momentum">A momentum imposed by the schedule (CyclicLR's cycle_momentum), or null.</param>
    public abstract void Step(double lr, double? momentum = null);

    /// <summary>The optimizer's state, to save.</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict() => State;

    /// <summary>Restores state saved by <see cref="StateDict"/>.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> saved)
    {
        using var noGrad = no_grad();
        foreach (var (name, tensor) in State)
            tensor.copy_(saved.TryGetValue(name, out var value) ? value
                : throw new InvalidDataException($"optimizer state has no '{name}'"));
    }

    /// <summary>Creates (zeroed) state tensors shaped like each parameter.</summary>
    protected void AddStateLike(string suffix)
    {
        foreach (var (name, p) in Parameters)
            State[$"{name}.{suffix}"] = zeros_like(p).DetachFromDisposeScope();
    }

    /// <summary>An optimizer for the plan's spec.</summary>
    public static TensorOptimizer Create(Optimizer spec, IEnumerable<(string Name, Parameter Parameter)> parameters) => spec switch
    {
        Sgd s => new SgdOptimizer(parameters, s),
        AdamW a => new AdamWOptimizer(parameters, a),
        _ => throw new NotSupportedException($"optimizer {spec.Describe()}"),
    };

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in State.Values) t.Dispose();
        State.Clear();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// PyTorch's SGD (dampening 0): g ← ∇ + wd·θ; b ← μ·b + g; θ ← θ − lr·(Nesterov ? g + μ·b : b). The buffer starts at
/// zero, which gives PyTorch's first step b = g exactly.
/// </summary>
public sealed class SgdOptimizer : TensorOptimizer
{
    readonly Sgd spec;

    /// <summary>SGD with the plan's hyper-parameters.</summary>
    public SgdOptimizer(IEnumerable<(string, Parameter)> parameters, Sgd spec) : base(parameters)
    {
        this.spec = spec;
        if (spec.Momentum != 0) AddStateLike("momentum_buffer");
    }

    /// <inheritdoc />
    public override void Step(double lr, double? momentum = null)
    {
        double mu = momentum ?? spec.Momentum;
        using var noGrad = no_grad();
        foreach (var (name, p) in Parameters)
        {
            using var scope = NewDisposeScope();
            if (p.grad is not { } grad) continue;
            var g = spec.Wd != 0 ? grad.add(p, alpha: spec.Wd) : grad;
            if (State.TryGetValue($"{name}.momentum_buffer", out var buffer))
            {
                buffer.mul_(mu).add_(g);
                g = spec.Nesterov ? g.add(buffer, alpha: mu) : buffer;
            }
            p.add_(g, alpha: -lr);
        }
    }
}

/// <summary>
/// PyTorch's AdamW (torch 1.12/1.13 single-tensor path, no AMSGrad): θ ← θ·(1 − lr·wd); m ← β₁m + (1−β₁)g;
/// v ← β₂v + (1−β₂)g²; θ ← θ − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε). With NoDecayOn1D, 1-D parameters (biases,
/// norms) and position tables get no weight decay.
/// </summary>
public sealed class AdamWOptimizer : TensorOptimizer
{
    readonly AdamW spec;
    readonly Tensor step;

    /// <summary>AdamW with the plan's hyper-parameters.</summary>
    public AdamWOptimizer(IEnumerable<(string, Parameter)> parameters, AdamW spec) : base(parameters)
    {
        this.spec = spec;
        AddStateLike("exp_avg");
        AddStateLike("exp_avg_sq");
        step = zeros(1, dtype: ScalarType.Float64).DetachFromDisposeScope();
        State["step"] = step;
    }

    bool Decays(string name, Parameter p) =>
        !(spec.NoDecayOn1D && (p.dim() <= 1 || name.Contains("absolute_pos_embed", StringComparison.Ordinal)
                               || name.Contains("relative_position_bias_table", StringComparison.Ordinal)));

    /// <inheritdoc />
    public override void Step(double lr, double? momentum = null)
    {
        using var noGrad = no_grad();
        step.add_(1);
        double t = step.item<double>();
        double bias1 = 1 - Math.Pow(spec.Beta1, t), bias2Sqrt = Math.Sqrt(1 - Math.Pow(spec.Beta2, t));
        foreach (var (name, p) in Parameters)
        {
            using var scope = NewDisposeScope();
            if (p.grad is not { } grad) continue;
            if (spec.Wd != 0 && Decays(name, p)) p.mul_(1 - lr * spec.Wd);
            var m = State[$"{name}.exp_avg"];
            var v = State[$"{name}.exp_avg_sq"];
            m.mul_(spec.Beta1).add_(grad, alpha: 1 - spec.Beta1);
            v.mul_(spec.Beta2).addcmul_(grad, grad, value: 1 - spec.Beta2);
            var denom = (v.sqrt() / bias2Sqrt).add_(spec.Eps);
            p.addcdiv_(m, denom, value: -(lr / bias1));
        }
    }
}
