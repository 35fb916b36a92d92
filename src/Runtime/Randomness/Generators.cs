using EnsDsl.Runtime.Randomness;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Randomness;

/// <summary>
/// Random generators derived from a node's seed, a purpose and an epoch. Because every random draw of training
/// (head initialisation, data order, augmentation) comes from such a generator, a step interrupted at an epoch end
/// resumes with exactly the randomness it would have had: only the epoch number needs saving.
/// </summary>
public static class Generators
{
    /// <summary>A fresh generator for (<paramref name="seed"/>, <paramref name="purpose"/>, <paramref name="epoch"/>).</summary>
    public static Generator For(long seed, string purpose, int epoch = 0) =>
        new(DetRandom.For(seed, $"{purpose}/{epoch}").NextUInt64() >> 1);
}
