namespace EnsDsl;

public static partial class Prelude
{
    /// <summary>SGD with momentum (PyTorch semantics); weight decay on every parameter.</summary>
    /// <param name="momentum">Momentum μ.</param>
    /// <param name="wd">Weight decay.</param>
    /// <param name="nesterov">Nesterov momentum.</param>
    /// <example><code>m.Train(10, Cosine(), Sgd(momentum: 0.9, wd: 5e-4), lr: 0.05)</code></example>
    public static Optimizer Sgd(double momentum = 0.9, double wd = 0, bool nesterov = false) => new EnsDsl.Sgd(momentum, wd, nesterov);

    /// <summary>
    /// Cross-entropy, optionally with label smoothing and timm's Mixup/CutMix (soft targets, per batch, switching
    /// between them with probability 0.5 when both are on): the Swin recipe is <c>CrossEntropy(0.1, mixup: 0.8, cutmix: 1.0)</c>.
    /// </summary>
    /// <param name="smoothing">Label smoothing ε in [0, 1).</param>
    /// <param name="mixup">Mixup's α; 0 turns it off.</param>
    /// <param name="cutmix">CutMix's α; 0 turns it off.</param>
    /// <example><code>Pretrained("swin-t").FineTune(Cifar10(), loss: CrossEntropy(smoothing: 0.1))
    /// m.Train(10, loss: CrossEntropy(0.1, mixup: 0.8, cutmix: 1.0))</code></example>
    public static Loss CrossEntropy(double smoothing = 0, double mixup = 0, double cutmix = 0) => new(smoothing, mixup, cutmix);

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
