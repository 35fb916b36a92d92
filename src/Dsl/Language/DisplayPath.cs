namespace EnsDsl;

/// <summary>How a path is shown to the user: relative to the folder they work in when it lies below it, else whole.</summary>
public static class DisplayPath
{
    /// <summary>
    /// <paramref name="path"/> relative to <paramref name="directory"/> when it lies below it, else as given.
    /// </summary>
    /// <example><code>DisplayPath.Of("/home/me/exp/runs/quickstart", "/home/me/exp")   // "runs/quickstart"</code></example>
    public static string Of(string path, string? directory)
    {
        if (directory is null || !Path.IsPathRooted(path)) return path;
        var relative = Path.GetRelativePath(directory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
