namespace EnsDsl.Planning;

/// <summary>
/// A training speed a store measured: images per second of a finished step of <see cref="Arch"/> at
/// <see cref="ImageSize"/> (0: the images' own size) and <see cref="BatchSize"/>, on a <see cref="Device"/> type.
/// </summary>
/// <param name="Arch">Architecture name.</param>
/// <param name="ImageSize">Training image size (0: the images' own).</param>
/// <param name="BatchSize">Batch size.</param>
/// <param name="Device">Device type: <c>cpu</c> or <c>cuda</c>.</param>
/// <param name="ImagesPerSecond">Measured training throughput.</param>
public sealed record Throughput(string Arch, int ImageSize, int BatchSize, string Device, double ImagesPerSecond)
{
    /// <summary>True when it measured steps like <paramref name="node"/>'s: same architecture, image size and batch size.</summary>
    public bool Fits(TrainNode node) => Arch == node.Arch.Name && ImageSize == node.Step.ImageSize && BatchSize == node.Step.BatchSize;
}

/// <summary>How long a plan's unfinished training should take, from the throughput its store measured.</summary>
/// <param name="Seconds">Estimated seconds for the steps that have a measurement.</param>
/// <param name="Steps">Unfinished training steps.</param>
/// <param name="Estimated">Of them, the ones with a measured throughput and a known training-set size.</param>
/// <param name="Devices">The device types the measurements came from.</param>
public sealed record TimeEstimate(double Seconds, int Steps, int Estimated, IReadOnlyList<string> Devices)
{
    /// <summary>
    /// The estimate for <paramref name="plan"/>'s steps left in <paramref name="store"/>: for each, its epochs left
    /// times its training images per epoch, at the median throughput measured for steps like it.
    /// </summary>
    public static TimeEstimate Of(Plan plan, StoreState store)
    {
        var left = plan.Nodes.OfType<TrainNode>().Where(n => !store.Finished.Contains(n.Id)).ToList();
        double seconds = 0;
        int estimated = 0;
        var devices = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var node in left)
        {
            var measured = store.Measured.Where(m => m.Fits(node)).ToList();
            if (measured.Count == 0 || node.Step.Data.TrainImages is not { } images) continue;
            var speed = Median(measured.Select(m => m.ImagesPerSecond));
            seconds += (node.Epochs - store.EpochsSaved.GetValueOrDefault(node.Id)) * (double)images / speed;
            estimated++;
            foreach (var m in measured) devices.Add(m.Device);
        }
        return new TimeEstimate(seconds, left.Count, estimated, [.. devices]);
    }

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
