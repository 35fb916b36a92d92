using System.Runtime.InteropServices;

namespace EnsDsl.Runtime.Runs;

/// <summary>
/// A run's default output folder, <c>runs/NAME/TIMESTAMP</c>, claimed atomically: two runs of one script started in
/// the same second get two folders (the second <c>TIMESTAMP-2</c>, and so on) instead of writing into one and losing
/// a result.
/// </summary>
public static class RunFolder
{
    /// <summary>The folder, under the working directory, that holds every script's runs.</summary>
    public const string Root = "runs";

    /// <summary>
    /// Creates and returns (relative to <paramref name="workingDirectory"/>) the first free folder among
    /// <c>runs/NAME/yyyyMMdd-HHmmss</c>, <c>…-2</c>, <c>…-3</c>, … for a run started at <paramref name="started"/>.
    /// </summary>
    /// <example><code>RunFolder.Claim(".", "quickstart", DateTimeOffset.Now)   // "runs/quickstart/20261130-171500"</code></example>
    public static string Claim(string workingDirectory, string name, DateTimeOffset started)
    {
        var parent = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.Combine(workingDirectory, parent));
        var stamp = started.ToString("yyyyMMdd-HHmmss");
        for (int k = 1; ; k++)
        {
            var folder = Path.Combine(parent, k == 1 ? stamp : $"{stamp}-{k}");
            if (Create(Path.Combine(workingDirectory, folder))) return folder;
        }
    }

    // mkdir(2) fails with EEXIST when the folder exists, so of two processes creating the same folder exactly one
    // succeeds (Directory.CreateDirectory succeeds for both).
    static bool Create(string path)
    {
        if (MakeDirectory(path, Convert.ToUInt32("777", 8)) == 0) return true;
        int errno = Marshal.GetLastPInvokeError();
        return errno == AlreadyExists ? false
            : throw new IOException($"cannot create the run folder {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    const int AlreadyExists = 17;      // EEXIST on Linux

    [DllImport("libc", EntryPoint = "mkdir", SetLastError = true)]
    static extern int MakeDirectory([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
