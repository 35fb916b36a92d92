using System.Runtime.CompilerServices;

namespace EnsDsl;

public static partial class Prelude
{
    /// <summary>
    /// Global Deep Ensemble: one model fine-tuned from each of the first <paramref name="n"/> checkpoints of a source
    /// (independent pre-trainings). The upper reference of the paper.
    /// </summary>
    /// <param name="source">The source's name.</param>
    /// <param name="n">Ensemble size.</param>
    /// <param name="data">Target dataset (default: the experiment's).</param>
    /// <param name="epochs">Fine-tuning epochs.</param>
    /// <param name="lr">Fine-tuning LR.</param>
    /// <param name="wd">Weight decay.</param>
    /// <param name="seed">Seed of the first fine-tuning; member i uses seed + i, so every member has its own (derived per checkpoint when omitted).</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>GlobalDE("byol", 5, epochs: 25, lr: 0.05).Ensemble()</code></example>
    public static Members GlobalDE(string source, int n, Dataset? data = null, int? epochs = null, double? lr = null, double? wd = null,
        int? seed = null, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Method(nameof(GlobalDE), file, line, () =>
            Members(Checkpoints(source, n).Select((c, i) => Pretrained(source, c).FineTune(data, epochs, lr, wd, seed + i))).Named("Global DE"));
}
