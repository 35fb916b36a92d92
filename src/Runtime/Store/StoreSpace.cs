using EnsDsl.Planning;

namespace EnsDsl.Runtime.Store;

/// <summary>
/// Whether a store's filesystem has room for a plan: what its unfinished nodes add (<see cref="StoreFootprint"/>) and
/// the training state each concurrently running step keeps, against the free space.
/// </summary>
public static class StoreSpace
{
    /// <summary>Bytes free to this user on the filesystem holding <paramref name="path"/> (or its nearest existing folder).</summary>
    public static long Free(string path)
    {
        var dir = new DirectoryInfo(Path.GetFullPath(path));
        while (!dir.Exists && dir.Parent is { } parent) dir = parent;
        return new DriveInfo(dir.FullName).AvailableFreeSpace;
    }

    /// <summary>Where the filesystem holding <paramref name="path"/> is mounted (the longest mount point above it).</summary>
    public static string MountOf(string path)
    {
        var full = Path.GetFullPath(path);
        return DriveInfo.GetDrives().Select(d => d.Name)
            .Where(m => full == m.TrimEnd('/') || full.StartsWith(m.EndsWith('/') ? m : m + "/", StringComparison.Ordinal))
            .MaxBy(m => m.Length) ?? full;
    }

    /// <summary>
    /// Null when the store at <paramref name="root"/> has room for <paramref name="nodes"/> of <paramref name="plan"/>
    /// with <paramref name="slots"/> steps training at once; otherwise what the user should know and do.
    /// </summary>
    public static string? Shortfall(Plan plan, IEnumerable<PlanNode> nodes, string root, int slots)
    {
        var list = nodes.ToList();
        var finished = NodeStore.FinishedOf(list, root);      // only whether each is finished: nothing else is read at start-up
        var add = StoreFootprint.Of(plan, list.Where(n => !finished.Contains(n.Id)));
        var need = add.Bytes + slots * add.TrainingState;
        var free = Free(root);
        if (need <= free) return null;
        return $"the plan adds {(add.Exact ? "about" : "at least")} {Megabytes(add.Bytes)} to the store at {Path.GetFullPath(root)}, and each running training step needs up to " +
            $"{Megabytes(add.TrainingState)} more while it runs: {Megabytes(need)} in all, and its filesystem has {Megabytes(free)} free. Free some space " +
            "('ensdsl store gc SCRIPT...' removes what no script reaches, 'ensdsl store prune --optimizer-state' drops optimizer state), " +
            "give another --store, or run with --no-space-check";
    }

    /// <summary>Bytes in megabytes (10^6) to a tenth: what people compare with <c>df -H</c>.</summary>
    public static string Megabytes(long bytes) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB");
}
