namespace EnsDsl.Runtime.Data;

/// <summary>
/// NumPy's legacy <c>RandomState(seed)</c> — MT19937 seeded with an integer, <c>permutation</c> by NumPy's
/// Fisher–Yates with masked rejection sampling — enough to reproduce scikit-learn's seeded splits index for index.
/// </summary>
public sealed class NumpyRandomState
{
    readonly uint[] mt = new uint[624];
    int position;

    /// <summary><c>numpy.random.RandomState(seed)</c>.</summary>
    public NumpyRandomState(uint seed)
    {
        mt[0] = seed;
        for (int i = 1; i < 624; i++) mt[i] = 1812433253u * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (uint)i;
        position = 624;
    }

    /// <summary>The next 32 random bits (MT19937's <c>genrand_int32</c>).</summary>
    public uint NextUInt32()
    {
        if (position == 624)
        {
            for (int i = 0; i < 624; i++)
            {
                uint y = (mt[i] & 0x80000000u) | (mt[(i + 1) % 624] & 0x7fffffffu);
                mt[i] = mt[(i + 397) % 624] ^ (y >> 1) ^ ((y & 1u) != 0 ? 0x9908b0dfu : 0u);
            }
            position = 0;
        }
        uint v = mt[position++];
        v ^= v >> 11;
        v ^= (v << 7) & 0x9d2c5680u;
        v ^= (v << 15) & 0xefc60000u;
        return v ^ (v >> 18);
    }

    /// <summary>Uniform in [0, <paramref name="max"/>] (NumPy's <c>random_interval</c>).</summary>
    public uint Interval(uint max)
    {
        if (max == 0) return 0;
        uint mask = max;
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max) { }
        return value;
    }

    /// <summary>Shuffles in place as <c>RandomState.shuffle</c> does a one-dimensional array.</summary>
    public void Shuffle<T>(T[] items)
    {
        for (int i = items.Length - 1; i >= 1; i--)
        {
            int j = (int)Interval((uint)i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary><c>RandomState.permutation(n)</c>.</summary>
    public int[] Permutation(int n)
    {
        var items = Enumerable.Range(0, n).ToArray();
        Shuffle(items);
        return items;
    }
}
