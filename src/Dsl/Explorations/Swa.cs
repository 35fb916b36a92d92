using System.Runtime.CompilerServices;
using static EnsDsl.Prelude;

namespace EnsDsl;

public static partial class Explorations
{
    /// <summary>
    /// SWA-style averaging: <paramref name="samples"/> consecutive stretches of <paramref name="epochs"/> epochs at a
    /// constant <paramref name="lr"/> from this model (optimizer state continued), and the uniform soup of the weights
    /// at their ends (BN recomputed).
    /// </summary>
    /// <param name="start">Where averaging starts (a trained model).</param>
    /// <param name="samples">Number of averaged weights.</param>
    /// <param name="epochs">Epochs between samples.</param>
    /// <param name="lr">The constant SWA LR (default: half the model's LR).</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>center.Swa(samples: 5, epochs: 1, lr: 0.01)</code></example>
    public static Soup Swa(this Model start, int samples, int epochs = 1, double? lr = null,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Method(nameof(Swa), file, line, () =>
        {
            if (samples < 1) throw InvalidCall($"Swa needs at least one sample; got {samples}");
            var swaLr = lr ?? start.Settings.Lr / 2;
            var iterates = start.Chain(samples, (m, i) =>
                m.Train(epochs, Constant(swaLr), resetOptimizer: false, label: $"SWA stretch {i + 1}/{samples}"));
            return iterates.Named("SWA").Soup();
        });
}
