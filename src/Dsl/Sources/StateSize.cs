namespace EnsDsl;

/// <summary>
/// A network's state dict, counted: trainable parameters, float buffers (BatchNorm statistics, Swin's attention masks)
/// and 64-bit integer buffers (BatchNorm's batch counters, Swin's position indices). What a model's weights and its
/// optimizer state weigh in the store, known before anything is trained.
/// </summary>
/// <param name="Parameters">Trainable values (float32).</param>
/// <param name="FloatBuffers">Float32 buffer values.</param>
/// <param name="IntegerBuffers">Int64 buffer values.</param>
/// <example><code>Architecture.ResNet50.StateSize(classes: 100).WeightBytes   // ≈ 95 MB</code></example>
public sealed record StateSize(long Parameters, long FloatBuffers, long IntegerBuffers)
{
    /// <summary>Nothing.</summary>
    public static StateSize None { get; } = new(0, 0, 0);

    /// <summary>Bytes of the values of the state dict (float32 and int64), without file headers.</summary>
    public long WeightBytes => 4 * (Parameters + FloatBuffers) + 8 * IntegerBuffers;

    /// <summary>Both counts added.</summary>
    public static StateSize operator +(StateSize a, StateSize b) =>
        new(a.Parameters + b.Parameters, a.FloatBuffers + b.FloatBuffers, a.IntegerBuffers + b.IntegerBuffers);

    /// <summary><paramref name="n"/> times the counts.</summary>
    public static StateSize operator *(long n, StateSize a) => new(n * a.Parameters, n * a.FloatBuffers, n * a.IntegerBuffers);

    /// <summary>A k×k convolution, with or without bias.</summary>
    public static StateSize Conv(long input, long output, long kernel, bool bias = false) => new(input * output * kernel * kernel + (bias ? output : 0), 0, 0);

    /// <summary>A linear layer, with or without bias.</summary>
    public static StateSize Linear(long input, long output, bool bias = true) => new(input * output + (bias ? output : 0), 0, 0);

    /// <summary>BatchNorm: weight and bias; running mean and variance; the batch counter.</summary>
    public static StateSize BatchNorm(long channels) => new(2 * channels, 2 * channels, 1);

    /// <summary>LayerNorm: weight and bias.</summary>
    public static StateSize LayerNorm(long channels) => new(2 * channels, 0, 0);

    /// <summary>Float buffer values.</summary>
    public static StateSize Floats(long values) => new(0, values, 0);

    /// <summary>Int64 buffer values.</summary>
    public static StateSize Integers(long values) => new(0, 0, values);

    /// <summary>Trainable values outside a layer (Swin's relative position bias tables).</summary>
    public static StateSize Values(long values) => new(values, 0, 0);
}
