namespace EnsDsl.Runtime.Store;

/// <summary>
/// A store write found its filesystem full (ENOSPC, or the user's quota: EDQUOT). Nothing of the write is left; a run
/// stops its other nodes so that a run after freeing space resumes from their last saved epoch.
/// </summary>
public sealed class StoreFullException : IOException
{
    /// <summary>The file whose write failed.</summary>
    public string File { get; }

    /// <summary>Where the filesystem is mounted.</summary>
    public string Mount { get; }

    /// <summary>Bytes free when it failed.</summary>
    public long Free { get; }

    /// <summary>For a failed write of <paramref name="file"/>.</summary>
    public StoreFullException(string file, IOException cause) : base($"no space left on the filesystem of {file}", cause)
    {
        File = file;
        var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        Mount = StoreSpace.MountOf(folder);
        Free = Directory.Exists(folder) ? StoreSpace.Free(folder) : 0;
    }

    // errno values .NET on Linux reports as the HResult of such an IOException.
    const int NoSpace = 28, QuotaExceeded = 122;

    /// <summary>True when <paramref name="e"/> says the filesystem (or the user's quota) is full.</summary>
    public static bool IsNoSpace(IOException e) => e.HResult is NoSpace or QuotaExceeded
        || e.Message.Contains("No space left on device", StringComparison.Ordinal) || e.Message.Contains("Disk quota exceeded", StringComparison.Ordinal);
}
