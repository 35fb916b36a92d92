using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Torch;

/// <summary>
/// Named tensors in one file: the magic <c>ENSDSLT1</c>, a 4-byte little-endian header length, a JSON header
/// (<c>[{"name","dtype","shape","offset","length"}]</c>), then the tensors' raw little-endian bytes. Simple enough to
/// read from any language; PyTorch-readable copies are the checkpoint issue's.
/// </summary>
public static class TensorFile
{
    static readonly byte[] Magic = "ENSDSLT1"u8.ToArray();

    /// <summary>The file bytes of <paramref name="tensors"/> (moved to the CPU, made contiguous).</summary>
    public static byte[] Serialize(IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        var entries = new JArray();
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, t) in tensors)
        {
            using var scope = NewDisposeScope();
            var bytes = t.detach().cpu().contiguous().bytes.ToArray();
            entries.Add(new JObject { ["name"] = name, ["dtype"] = t.dtype.ToString(), ["shape"] = new JArray(t.shape), ["offset"] = offset, ["length"] = bytes.LongLength });
            blobs.Add(bytes);
            offset += bytes.LongLength;
        }
        var header = Encoding.UTF8.GetBytes(entries.ToString(Formatting.None));
        using var stream = new MemoryStream();
        stream.Write(Magic);
        stream.Write(BitConverter.GetBytes(header.Length));
        stream.Write(header);
        foreach (var b in blobs) stream.Write(b);
        return stream.ToArray();
    }

    /// <summary>The tensors in file bytes (on the CPU).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a tensor file.</exception>
    public static Dictionary<string, Tensor> Deserialize(byte[] file)
    {
        if (file.Length < 12 || !file.AsSpan(0, 8).SequenceEqual(Magic))
            throw new InvalidDataException("not an ensdsl tensor file");
        int headerLength = BitConverter.ToInt32(file, 8);
        var entries = JArray.Parse(Encoding.UTF8.GetString(file, 12, headerLength));
        long dataStart = 12 + headerLength;
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var dtype = Enum.Parse<ScalarType>((string)e["dtype"]!);
            var shape = e["shape"]!.Select(d => (long)d).ToArray();
            long offset = dataStart + (long)e["offset"]!, length = (long)e["length"]!;
            if (offset + length > file.LongLength) throw new InvalidDataException("tensor file is truncated");
            var t = empty(shape, dtype);
            t.bytes = file.AsSpan((int)offset, (int)length);
            result[(string)e["name"]!] = t.DetachFromDisposeScope();
        }
        return result;
    }
}
