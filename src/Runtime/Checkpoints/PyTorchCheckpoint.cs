using System.Collections;
using Razorvine.Pickle;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Checkpoints;

/// <summary>A checkpoint that cannot be used: the message names the file and what is wrong.</summary>
public sealed class CheckpointException(string message) : Exception(message);

/// <summary>The state dict found in a checkpoint file, and the layout it came in.</summary>
/// <param name="Path">The file.</param>
/// <param name="Format">The layout, e.g. <c>{'model_state': state_dict}</c>.</param>
/// <param name="StateDict">Parameter and buffer names (any <c>module.</c> prefix removed) to tensors, on the CPU.</param>
public sealed record LoadedCheckpoint(string Path, string Format, Dictionary<string, Tensor> StateDict);

/// <summary>
/// Reads PyTorch checkpoints (<c>torch.save</c>'s zip format) in every layout the paper's authors use:
/// <c>{'model_state': sd}</c> (their BYOL files), <c>{'state_dict': sd}</c> with <c>module.</c> prefixes (Ashukha et
/// al.'s supervised ResNet-50), <c>{'model': sd}</c> (Swin) and a bare state dict. Reading never runs code from the
/// file: the pickle is interpreted by TorchSharp.PyBridge (Razorvine.Pickle), which builds tensors and plain containers
/// only, and anything else found in the file is refused.
/// </summary>
public static class PyTorchCheckpoint
{
    static readonly string[] Wrappers = ["model_state", "state_dict", "model"];

    /// <summary>True when the file starts like a PyTorch checkpoint (a zip archive, or a legacy pickle).</summary>
    public static bool LooksLike(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[2];
        return stream.Read(head) == 2 && ((head[0] == (byte)'P' && head[1] == (byte)'K') || head[0] == 0x80);
    }

    /// <summary>Loads the state dict of <paramref name="path"/>.</summary>
    /// <exception cref="CheckpointException">Missing, truncated, legacy-format, or holding something other than tensors and plain containers.</exception>
    public static LoadedCheckpoint Load(string path)
    {
        if (!File.Exists(path)) throw new CheckpointException($"{path}: no such file");
        if (!IsZip(path))
            throw new CheckpointException(LooksLike(path)
                ? $"{path}: PyTorch's legacy (pre-1.6, non-zip) format; ensdsl reads the zip format. In Python: torch.save(torch.load(\"{Path.GetFileName(path)}\"), \"new.pt\")"
                : $"{path}: not a PyTorch checkpoint (torch.save writes a zip archive)");
        Hashtable root;
        try
        {
            root = PyTorchUnpickler.UnpickleStateDict(path);
        }
        catch (PickleException e) when (e.Message.Contains("ClassDict", StringComparison.Ordinal))
        {
            var match = System.Text.RegularExpressions.Regex.Match(e.Message, @"\(for ([^)]+)\)");
            var what = match.Success ? $"a call of the Python callable {match.Groups[1].Value}" : "a Python object that is not a tensor or a plain container";
            throw new CheckpointException($"{path}: refused: the file holds {what}, which Python's pickle would run when loading it; " +
                "ensdsl reads only tensors and plain containers and runs nothing from a checkpoint");
        }
        catch (Exception e) when (e is PickleException or InvalidDataException or IOException or ArgumentException or InvalidOperationException
                                   or ICSharpCode.SharpZipLib.SharpZipBaseException or NotSupportedException or KeyNotFoundException)
        {
            throw new CheckpointException($"{path}: cannot be read as a PyTorch checkpoint ({e.GetType().Name}: {e.Message.Trim()}); is it truncated?");
        }
        Check(root, path, "");
        var (format, dict) = Unwrap(root, path);
        return new LoadedCheckpoint(path, format, dict);
    }

    static bool IsZip(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        return stream.Read(head) == 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4;
    }

    // Everything in the file must be a tensor or a plain value or container: no object of a Python class.
    static void Check(object? value, string path, string where)
    {
        switch (value)
        {
            case null or string or bool or int or long or double or float or decimal or System.Numerics.BigInteger or Tensor: return;
            case Razorvine.Pickle.Objects.ClassDict c:
                throw new CheckpointException($"{path}: refused: '{where}' is an object of the Python class {c.ClassName}; ensdsl reads only tensors and plain containers");
            case IDictionary dict:
                foreach (DictionaryEntry e in dict) Check(e.Value, path, where.Length == 0 ? $"{e.Key}" : $"{where}.{e.Key}");
                return;
            case IEnumerable items:
                int i = 0;
                foreach (var item in items) Check(item, path, $"{where}[{i++}]");
                return;
            default:
                throw new CheckpointException($"{path}: refused: '{where}' is a {value.GetType().Name}; ensdsl reads only tensors and plain containers");
        }
    }

    static (string Format, Dictionary<string, Tensor> StateDict) Unwrap(Hashtable root, string path)
    {
        string format = "a bare state dict";
        IDictionary dict = root;
        foreach (var wrapper in Wrappers)
            if (root[wrapper] is IDictionary inner)
            {
                (format, dict) = ($"{{'{wrapper}': state_dict}}", inner);
                break;
            }
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in dict)
        {
            if (e.Value is Tensor t) tensors[(string)e.Key] = t;
            else if (ReferenceEquals(dict, root)) continue;                     // a bare dict may carry other entries
            else throw new CheckpointException($"{path}: '{e.Key}' in the state dict is not a tensor");
        }
        if (tensors.Count == 0)
            throw new CheckpointException($"{path}: no state dict found (looked for {string.Join(", ", Wrappers.Select(w => $"'{w}'"))} and for tensors at the top level; found keys: {string.Join(", ", root.Keys.Cast<object>().Take(10))})");
        if (tensors.Keys.All(k => k.StartsWith("module.", StringComparison.Ordinal)))
        {
            tensors = tensors.ToDictionary(kv => kv.Key["module.".Length..], kv => kv.Value, StringComparer.Ordinal);
            format += " with module. prefixes";
        }
        return (format, tensors);
    }
}
