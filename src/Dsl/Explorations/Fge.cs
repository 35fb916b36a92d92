using System.Runtime.CompilerServices;
using static EnsDsl.Prelude;

namespace EnsDsl;

public static partial class Explorations
{
    /// <summary>
    /// Fast Geometric Ensembling (Garipov et al. 2018) as the authors' <c>cosine+fge</c> runs it: this model plus
    /// <paramref name="cycles"/> − 1 sequential cycles of <paramref name="epochs"/> epochs, each a triangular LR cycle
    /// between 0.01·<paramref name="lr"/> and <paramref name="lr"/> evaluated per batch, with momentum cycled
    /// 0.9→0.8→0.9 as PyTorch's CyclicLR does by default.
    /// </summary>
    /// <param name="start">The fine-tuned model.</param>
    /// <param name="cycles">Ensemble size, this model included.</param>
    /// <param name="epochs">Cycle length (default: the model's epochs).</param>
    /// <param name="lr">Cycle top LR (default: the model's LR).</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>center.Fge(cycles: 5, epochs: 4, lr: 0.05).Ensemble()</code></example>
    public static Members Fge(this Model start, int cycles, int? epochs = null, double? lr = null,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Method(nameof(Fge), file, line, () =>
        {
            if (cycles < 1) throw InvalidCall($"Fge: cycles counts members including this model and must be ≥ 1; got {cycles}");
            var c = epochs ?? start.Settings.Epochs;
            var top = lr ?? start.Settings.Lr;
            var members = cycles == 1 ? Members(start) : Members(start, start.Chain(cycles - 1, (m, i) =>
                m.Train(c, Triangular(0.01 * top, top, cycleMomentum: true), perBatch: true, label: $"FGE cycle {i + 2}/{cycles}")));
            return members.Named("FGE");
        });
}
