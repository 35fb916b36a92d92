using System.Buffers.Binary;
using System.IO.Compression;

namespace EnsDsl.Runtime.Data;

/// <summary>
/// An idx file, the format of MNIST and Fashion-MNIST (gzipped or not): two zero bytes, a type byte (0x08: unsigned
/// bytes, the only type these datasets use), the number of dimensions, each dimension as a big-endian int32, then the
/// values. Read whole (<see cref="Read"/>) or checked from its header and length alone (<see cref="Check"/>).
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="Dimensions">Its dimensions, e.g. [60000, 28, 28].</param>
/// <param name="Values">The values, row-major; empty when only the header was read.</param>
public sealed record IdxFile(string Path, IReadOnlyList<int> Dimensions, byte[] Values)
{
    const byte UnsignedBytes = 0x08;

    /// <summary>Reads the whole file and checks it holds exactly <paramref name="dimensions"/> dimensions' worth of values.</summary>
    /// <exception cref="DatasetException">The file is not such an idx file; the message names it and says what is wrong.</exception>
    public static IdxFile Read(string path, int dimensions)
    {
        byte[] bytes;
        try { bytes = IsGzip(path) ? Gunzip(path) : File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException) { throw Bad(path, $"cannot be read: {e.Message}"); }
        var shape = Header(path, bytes, dimensions);
        long expected = HeaderLength(dimensions) + Count(shape);
        if (bytes.LongLength != expected)
            throw Bad(path, $"its header says {string.Join(" × ", shape)} values ({expected:N0} bytes with the header), but it holds {bytes.LongLength:N0} bytes");
        return new IdxFile(path, shape, bytes[HeaderLength(dimensions)..]);
    }

    /// <summary>
    /// Checks the header and the length of the file without reading its values (a gzipped file's length is the one its
    /// trailer records): the dimensions, or the problem.
    /// </summary>
    /// <exception cref="DatasetException">The file is not such an idx file.</exception>
    public static IReadOnlyList<int> Check(string path, int dimensions)
    {
        try
        {
            byte[] header = new byte[HeaderLength(dimensions)];
            long length;
            if (IsGzip(path))
            {
                using (var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress)) gzip.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
                using var raw = File.OpenRead(path);
                raw.Seek(-4, SeekOrigin.End);                        // gzip's ISIZE: the uncompressed length modulo 2^32
                Span<byte> size = stackalloc byte[4];
                raw.ReadExactly(size);
                length = BinaryPrimitives.ReadUInt32LittleEndian(size);
            }
            else
            {
                using var raw = File.OpenRead(path);
                raw.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
                length = raw.Length;
            }
            var shape = Header(path, header, dimensions);
            long expected = HeaderLength(dimensions) + Count(shape);
            if (length != (IsGzip(path) ? expected & uint.MaxValue : expected))
                throw Bad(path, $"its header says {string.Join(" × ", shape)} values ({expected:N0} bytes with the header), but it holds {length:N0} bytes");
            return shape;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException) { throw Bad(path, $"cannot be read: {e.Message}"); }
    }

    static int HeaderLength(int dimensions) => 4 + 4 * dimensions;

    static long Count(IReadOnlyList<int> shape) => shape.Aggregate(1L, (n, d) => n * d);

    static IReadOnlyList<int> Header(string path, byte[] bytes, int dimensions)
    {
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw Bad(path, "it does not start with an idx magic number (two zero bytes, a type, the number of dimensions)");
        if (bytes[2] != UnsignedBytes)
            throw Bad(path, $"its values are of idx type 0x{bytes[2]:x2}; MNIST's files hold unsigned bytes (0x08)");
        if (bytes[3] != dimensions)
            throw Bad(path, $"it has {bytes[3]} dimensions; expected {dimensions} ({(dimensions == 1 ? "labels" : "images × rows × columns")})");
        if (bytes.Length < HeaderLength(dimensions)) throw Bad(path, "it ends inside its header");
        var shape = Enumerable.Range(0, dimensions).Select(d => BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d))).ToArray();
        if (shape.Any(d => d < 0)) throw Bad(path, $"its header gives a negative dimension ({string.Join(" × ", shape)})");
        return shape;
    }

    static bool IsGzip(string path)
    {
        using var file = File.OpenRead(path);
        return file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
    }

    static byte[] Gunzip(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    static DatasetException Bad(string path, string problem) => new($"{path}: not an idx file of MNIST's kind: {problem}");
}
