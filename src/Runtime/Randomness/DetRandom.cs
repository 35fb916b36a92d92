using System.Text;

namespace EnsDsl.Runtime.Randomness;

/// <summary>
/// A small deterministic random generator (SplitMix64) for data generation: the same seed gives the same numbers on
/// every machine and every .NET version, which <see cref="Random"/> does not promise.
/// </summary>
public sealed class DetRandom(ulong seed)
{
    ulong state = seed;
    double? spare;

    /// <summary>A generator for a named stream of a seed, so that streams do not overlap.</summary>
    public static DetRandom For(long seed, string stream)
    {
        ulong h = 14695981039346656037UL;                       // FNV-1a of the stream name
        foreach (var b in Encoding.UTF8.GetBytes(stream)) h = (h ^ b) * 1099511628211UL;
        return new DetRandom(Mix((ulong)seed ^ Mix(h)));
    }

    static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64() => Mix(state += 0x9E3779B97F4A7C15UL);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int Next(int n) => (int)(NextDouble() * n);

    /// <summary>Standard normal (Box–Muller).</summary>
    public double NextGaussian()
    {
        if (spare is { } s) { spare = null; return s; }
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1)), theta = 2 * Math.PI * u2;
        spare = r * Math.Sin(theta);
        return r * Math.Cos(theta);
    }

    /// <summary>Shuffles a list in place (Fisher–Yates).</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
