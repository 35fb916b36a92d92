using System.Security.Cryptography;

namespace EnsDsl.Runtime.Store;

/// <summary>
/// Whole-file writes that a crash (even SIGKILL) cannot leave half done: the bytes go to a temporary file in the same
/// folder, are flushed to disk, and the file is renamed over the target.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically; returns their SHA-256 (hex).</summary>
    public static string Write(string path, byte[] bytes)
    {
        var temp = $"{path}{TempMarker}{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException e)
        {
            // A write that fails (a full disk) leaves nothing behind; one killed mid-write leaves its temporary file to
            // the next writer of the folder (NodeStore removes them when it takes a node's lock).
            try { File.Delete(temp); } catch (IOException) { }
            if (StoreFullException.IsNoSpace(e)) throw new StoreFullException(path, e);
            throw;
        }
        return Sha256(bytes);
    }

    /// <summary>What names a temporary file: <c>FILE.tmp-PID-GUID</c>.</summary>
    public const string TempMarker = ".tmp-";

    /// <summary>The SHA-256 of bytes, in lower-case hex.</summary>
    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
