namespace EnsDsl.Cli.Output;

/// <summary>
/// Text fitted to a terminal's width: wrapping at spaces (a word is cut only when it alone is wider than the line)
/// and a row shortened to fit by dropping its least important parts, then shortening its label.
/// </summary>
public static class Columns
{
    /// <summary>The text as lines of at most <paramref name="width"/> characters, broken at spaces.</summary>
    public static IReadOnlyList<string> Wrap(string text, int width)
    {
        width = Math.Max(width, 1);
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length <= width) { line += " " + word; continue; }
            if (line.Length > 0) lines.Add(line);
            line = word;
            while (line.Length > width) { lines.Add(line[..width]); line = line[width..]; }
        }
        if (line.Length > 0 || lines.Count == 0) lines.Add(line);
        return lines;
    }

    /// <summary>
    /// Chunks (each kept whole, such as "acc 0.6550 ± 0.0130") packed into lines of at most <paramref name="width"/>
    /// characters, two spaces apart; a chunk wider than a line gets a line of its own.
    /// </summary>
    public static IReadOnlyList<string> Pack(IEnumerable<string> chunks, int width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var chunk in chunks.Where(c => c.Length > 0))
        {
            if (line.Length > 0 && line.Length + 2 + chunk.Length <= width) { line += "  " + chunk; continue; }
            if (line.Length > 0) lines.Add(line);
            line = chunk;
        }
        if (line.Length > 0) lines.Add(line);
        return lines;
    }

    /// <summary>The width a table of these cells (header first) needs: each column's widest cell, a gap of three, an indent of two.</summary>
    public static int TableWidth(IReadOnlyList<IReadOnlyList<string>> cells) =>
        Enumerable.Range(0, cells.Max(r => r.Count)).Sum(c => cells.Max(r => c < r.Count ? r[c].Length : 0)) + 3 * cells.Max(r => r.Count) + 2;

    /// <summary>
    /// One line of at most <paramref name="width"/> characters: the label, then as many of <paramref name="parts"/>
    /// (most important first) as fit, two spaces apart; the label is shortened with "…" only when even the first part
    /// would not fit beside its first <paramref name="minLabel"/> characters.
    /// </summary>
    public static string Fit(string label, IReadOnlyList<string> parts, int width, int minLabel = 24)
    {
        const string Gap = "  ";
        var kept = parts.ToList();
        string Join(string l) => string.Join(Gap, kept.Prepend(l));
        while (kept.Count > 0 && Join(Shorten(label, minLabel)).Length > width) kept.RemoveAt(kept.Count - 1);
        var room = width - (kept.Count == 0 ? 0 : Join("").Length);
        return Join(Shorten(label, Math.Max(room, 1)));
    }

    static string Shorten(string text, int width) => text.Length <= width ? text : width <= 1 ? text[..width] : text[..(width - 1)] + "…";
}
