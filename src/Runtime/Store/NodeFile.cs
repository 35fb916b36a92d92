namespace EnsDsl.Runtime.Store;

/// <summary>The result files a node can hold in its store folder (beside its <c>node.json</c>).</summary>
public enum NodeFile
{
    /// <summary><c>weights.tensors</c>: a model's weights (<c>ensdsl export</c> writes them in <c>torch.save</c>'s format for PyTorch).</summary>
    Weights,
    /// <summary><c>optimizer.tensors</c>: a training step's final optimizer state (for steps that continue it).</summary>
    Optimizer,
    /// <summary><c>predictions.tensors</c>: test-set log-probabilities and labels.</summary>
    Predictions,
}

/// <summary>A file written into a node's folder, as its record lists it.</summary>
/// <param name="File">Which file.</param>
/// <param name="Sha256">Its checksum.</param>
public sealed record StoredFile(NodeFile File, string Sha256);

/// <summary>The file names of <see cref="NodeFile"/>: the one place they are spelled.</summary>
public static class NodeFiles
{
    /// <summary>The file's name in the node's folder.</summary>
    /// <example><code>NodeFile.Weights.FileName()   // "weights.tensors"</code></example>
    public static string FileName(this NodeFile file) => file switch
    {
        NodeFile.Weights => "weights.tensors",
        NodeFile.Optimizer => "optimizer.tensors",
        NodeFile.Predictions => "predictions.tensors",
        _ => throw new ArgumentOutOfRangeException(nameof(file)),
    };

    /// <summary>The result file named <paramref name="fileName"/>, or null for any other file of a node's folder.</summary>
    /// <example><code>NodeFiles.FromName("optimizer.tensors")   // NodeFile.Optimizer</code></example>
    public static NodeFile? FromName(string fileName) =>
        Enum.GetValues<NodeFile>().Where(f => f.FileName() == fileName).Select(f => (NodeFile?)f).FirstOrDefault();

    /// <summary>True when <paramref name="record"/> lists <paramref name="file"/>.</summary>
    public static bool Has(this NodeRecord record, NodeFile file) => record.Files.ContainsKey(file.FileName());
}
