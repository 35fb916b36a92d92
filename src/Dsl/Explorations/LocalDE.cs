using System.Runtime.CompilerServices;
using static EnsDsl.Prelude;

namespace EnsDsl;

public static partial class Explorations
{
    /// <summary>
    /// Local Deep Ensemble: <paramref name="n"/> models fine-tuned from this same checkpoint, each with its own seed
    /// (different head initialisation, data order and augmentation).
    /// </summary>
    /// <param name="start">The pre-trained checkpoint.</param>
    /// <param name="n">Ensemble size.</param>
    /// <param name="data">Target dataset (default: the experiment's).</param>
    /// <param name="epochs">Fine-tuning epochs (default: the recipe's).</param>
    /// <param name="lr">Fine-tuning LR (default: the recipe's).</param>
    /// <param name="wd">Weight decay (default: the recipe's).</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>Pretrained("byol").LocalDE(5, epochs: 25, lr: 0.05).Ensemble()</code></example>
    public static Members LocalDE(this Weights start, int n, Dataset? data = null, int? epochs = null, double? lr = null, double? wd = null,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Method(nameof(LocalDE), file, line, () =>
            start.Star(n, w => w.FineTune(data, epochs, lr, wd)).Named("Local DE"));
}
