using static TorchSharp.torch;

namespace EnsDsl.Runtime.Store;

/// <summary>Test-set predictions as a node stores them (<see cref="NodeFile.Predictions"/>); dispose to free both tensors.</summary>
/// <param name="LogProbabilities">Log-probabilities, N × classes.</param>
/// <param name="Labels">Labels, N.</param>
public sealed record Predictions(Tensor LogProbabilities, Tensor Labels) : IDisposable
{
    const string LogProbabilitiesKey = "log_probs", LabelsKey = "labels";

    /// <summary>Writes predictions into node <paramref name="id"/>'s folder (the tensors stay the caller's).</summary>
    public static StoredFile Write(NodeStore store, string id, Tensor logProbabilities, Tensor labels) =>
        store.WriteTensors(id, NodeFile.Predictions,
            new Dictionary<string, Tensor> { [LogProbabilitiesKey] = logProbabilities, [LabelsKey] = labels });

    /// <summary>The predictions of a finished node.</summary>
    public static Predictions ReadFrom(NodeStore store, NodeRecord record)
    {
        var tensors = store.ReadTensors(record, NodeFile.Predictions);
        return new(tensors[LogProbabilitiesKey], tensors[LabelsKey]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        LogProbabilities.Dispose();
        Labels.Dispose();
    }
}
