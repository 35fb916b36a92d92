namespace EnsDsl;

public static partial class Prelude
{
    /// <summary>SGD with momentum (PyTorch semantics); weight decay on every parameter.</summary>
    /// <param name="momentum">Momentum μ.</param>
    /// <param name="wd">Weight decay.</param>
    /// <param name="nesterov">Nesterov momentum.</param>
    /// <example><code>m.Train(10, Cosine(), Sgd(momentum: 0.9, wd: 5e-4), lr: 0.05)</code></example>
    public static Optimizer Sgd(double momentum = 0.9, double wd = 0, bool nesterov = false) => new EnsDsl.Sgd(momentum, wd, nesterov);

    /// <summary>AdamW with decoupled weight decay; by default no decay on 1-D parameters (biases, norms).</summary>
    /// <param name="wd">Weight decay.</param>
    /// <param name="beta1">First-moment decay.</param>
    /// <param name="beta2">Second-moment decay.</param>
    /// <param name="eps">Epsilon.</param>
    /// <param name="noDecayOn1D">Exempt 1-D parameters from weight decay.</param>
    /// <example><code>Pretrained("swin-t").FineTune(optimizer: AdamW(wd: 0.05))</code></example>
    public static Optimizer AdamW(double wd = 0.01, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, bool noDecayOn1D = true) =>
        new EnsDsl.AdamW(wd, beta1, beta2, eps, noDecayOn1D);
}
