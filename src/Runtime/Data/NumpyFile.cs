using System.Text;
using System.Text.RegularExpressions;

namespace EnsDsl.Runtime.Data;

/// <summary>
/// An array in NumPy's <c>.npy</c> format (versions 1–3): its shape, its element type, and its bytes in C order
/// (the published distribution-shift sets are stored this way). Only what those files use is read: unsigned bytes,
/// and little-endian integers for labels.
/// </summary>
/// <param name="Shape">The array's shape.</param>
/// <param name="Descr">NumPy's type string, e.g. <c>|u1</c> or <c>&lt;i8</c>.</param>
/// <param name="Path">The file, for messages.</param>
/// <param name="DataOffset">Where the elements start.</param>
public sealed record NumpyFile(int[] Shape, string Descr, string Path, long DataOffset)
{
    /// <summary>Elements in the array.</summary>
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Reads the header of <paramref name="path"/>.</summary>
    /// <exception cref="DatasetException">Missing, not a .npy file, Fortran order, or a truncated file.</exception>
    public static NumpyFile Open(string path)
    {
        if (!File.Exists(path)) throw new DatasetException($"{path} not found");
        using var stream = File.OpenRead(path);
        var prefix = new byte[10];
        if (stream.Read(prefix, 0, 10) < 10 || prefix[0] != 0x93 || Encoding.ASCII.GetString(prefix, 1, 5) != "NUMPY")
            throw new DatasetException($"{path} is not a NumPy .npy file");
        int major = prefix[6];
        long headerLength;
        int headerStart;
        if (major == 1) { headerLength = BitConverter.ToUInt16(prefix, 8); headerStart = 10; }
        else
        {
            var extra = new byte[2];
            stream.ReadExactly(extra);
            headerLength = BitConverter.ToUInt32([prefix[8], prefix[9], extra[0], extra[1]]);
            headerStart = 12;
        }
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var text = Encoding.UTF8.GetString(header);
        var descr = Regex.Match(text, @"'descr'\s*:\s*'([^']+)'");
        var fortran = Regex.Match(text, @"'fortran_order'\s*:\s*(True|False)");
        var shape = Regex.Match(text, @"'shape'\s*:\s*\(([^)]*)\)");
        if (!descr.Success || !fortran.Success || !shape.Success)
            throw new DatasetException($"{path}: cannot read the .npy header ({text.Trim()})");
        if (fortran.Groups[1].Value == "True")
            throw new DatasetException($"{path} is stored in Fortran order; save it in C order (numpy.ascontiguousarray)");
        var dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        var file = new NumpyFile(dims, descr.Groups[1].Value, path, headerStart + headerLength);
        long expected = file.DataOffset + file.Count * file.ItemSize;
        if (new FileInfo(path).Length < expected)
            throw new DatasetException($"{path} is truncated: {new FileInfo(path).Length} bytes, its header announces {expected}");
        return file;
    }

    /// <summary>Bytes per element.</summary>
    public int ItemSize => Descr switch
    {
        "|u1" or "|i1" or "<u1" => 1,
        "<i2" or "<u2" => 2,
        "<i4" or "<u4" => 4,
        "<i8" or "<u8" => 8,
        _ => throw new DatasetException($"{Path}: elements of type '{Descr}' are not read (expected bytes or little-endian integers)"),
    };

    /// <summary>Elements <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> − 1 of an array of bytes.</summary>
    public byte[] Bytes(long start, int count)
    {
        if (ItemSize != 1) throw new DatasetException($"{Path}: expected bytes (uint8), found '{Descr}'");
        var result = new byte[count];
        using var stream = File.OpenRead(Path);
        stream.Position = DataOffset + start;
        stream.ReadExactly(result);
        return result;
    }

    /// <summary>Elements <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> − 1 of an array of integers, as longs.</summary>
    public long[] Integers(long start, int count)
    {
        int size = ItemSize;
        var raw = new byte[(long)count * size];
        using (var stream = File.OpenRead(Path))
        {
            stream.Position = DataOffset + start * size;
            stream.ReadExactly(raw);
        }
        bool signed = Descr[1] == 'i';
        return [.. Enumerable.Range(0, count).Select(i => size switch
        {
            1 => signed ? (sbyte)raw[i] : raw[i],
            2 => signed ? BitConverter.ToInt16(raw, 2 * i) : BitConverter.ToUInt16(raw, 2 * i),
            4 => signed ? BitConverter.ToInt32(raw, 4 * i) : (long)BitConverter.ToUInt32(raw, 4 * i),
            _ => BitConverter.ToInt64(raw, 8 * i),
        })];
    }
}
