using System.Collections.Specialized;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Checkpoints;

/// <summary>
/// State dicts in torch.save's format (via TorchSharp.PyBridge), so that a model trained by ensdsl goes back to
/// Python: <c>net.load_state_dict(torch.load("model.pt"))</c>.
/// </summary>
public static class PyTorchExport
{
    /// <summary>The bytes of <c>torch.save(state_dict)</c> for <paramref name="tensors"/>, in their order.</summary>
    public static byte[] Bytes(IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        var dict = new OrderedDictionary(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors) dict[name] = tensor.cpu().contiguous();
        using var stream = new MemoryStream();
        PyTorchPickler.PickleStateDict(stream, dict, leaveOpen: true);
        return stream.ToArray();
    }
}
