namespace EnsDsl.Runtime.Store;

/// <summary>
/// Whether the store's per-node locks (flock on <c>nodes/ID/.lock</c>) keep processes on different hosts apart, as
/// Slurm jobs sharing a store need. They do on a local filesystem (for one host), NFSv4 and NFSv3 with NLM (Linux
/// sends flock to the server as a whole-file lock), Lustre mounted with <c>-o flock</c>, GPFS and CephFS. They do not
/// on NFS mounted with <c>nolock</c> or <c>local_lock=flock|all</c>, or Lustre without <c>flock</c> (its
/// <c>localflock</c> locks only within a client); BeeGFS shares them only with <c>tuneUseGlobalFileLocks</c>, which
/// its mount options do not show.
/// </summary>
public static class StoreLocks
{
    /// <summary>Why locks in the store at <paramref name="root"/> cannot keep two hosts' processes apart, or null when they can, as far as this host can tell.</summary>
    public static string? Problem(string root)
    {
        var probe = Path.Combine(root, ".lock-probe");
        using (new FileStream(probe, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            try
            {
                using var second = new FileStream(probe, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return "a second lock on a locked file was granted: its filesystem ignores flock";
            }
            catch (IOException e) when (e.HResult == 11) { }      // EWOULDBLOCK: the lock holds
        }
        return Mount(root) is { } m ? Judge(m.Type, m.Options) : null;
    }

    /// <summary>What a filesystem of type <paramref name="type"/> mounted with <paramref name="options"/> does to flock across hosts; null when it shares the locks.</summary>
    public static string? Judge(string type, IReadOnlyCollection<string> options) => type switch
    {
        "nfs" or "nfs4" when options.Contains("nolock") => $"it is {type} mounted with nolock: locks are local to each host",
        "nfs" or "nfs4" when options.FirstOrDefault(o => o is "local_lock=flock" or "local_lock=all") is { } local => $"it is {type} mounted with {local}: flock locks are local to each host",
        "lustre" when !options.Contains("flock") => $"it is Lustre mounted without -o flock ({(options.Contains("localflock") ? "localflock locks only within one client" : "flock is refused or local")})",
        _ => null,
    };

    /// <summary>The type and options (mount and superblock) of the mount that holds <paramref name="path"/>, from /proc/self/mountinfo.</summary>
    public static (string Type, IReadOnlyCollection<string> Options)? Mount(string path)
    {
        const string table = "/proc/self/mountinfo";
        if (!File.Exists(table)) return null;
        var full = Path.GetFullPath(path);
        (string Point, string Type, string[] Options)? best = null;
        foreach (var line in File.ReadLines(table))
        {
            // "36 35 98:0 /root /mnt/point rw,noatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro"
            var dash = line.IndexOf(" - ", StringComparison.Ordinal);
            if (dash < 0) continue;
            var before = line[..dash].Split(' ');
            var after = line[(dash + 3)..].Split(' ');
            if (before.Length < 6 || after.Length < 3) continue;
            var point = before[4].Replace("\\040", " ", StringComparison.Ordinal);
            var inside = point == "/" || full == point || full.StartsWith(point + "/", StringComparison.Ordinal);
            if (inside && (best is null || point.Length >= best.Value.Point.Length))
                best = (point, after[0], [.. before[5].Split(','), .. after[2].Split(',')]);
        }
        return best is { } b ? (b.Type, b.Options) : null;
    }
}
