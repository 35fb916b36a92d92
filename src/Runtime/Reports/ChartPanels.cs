namespace EnsDsl.Runtime.Reports;

/// <summary>A line as a panel draws it: its series and its legend text.</summary>
/// <param name="Series">The data.</param>
/// <param name="Label">The legend text (in a panel of one method, the cell alone).</param>
public sealed record ChartLine(ChartSeries Series, string Label);

/// <summary>One panel of a chart: its heading (null when the chart is one panel), its coloured lines, and the references that every panel repeats in grey.</summary>
/// <param name="Heading">What the panel's lines share (a method, or the value of another parameter), or null.</param>
/// <param name="Lines">The lines, coloured by <see cref="SeriesStyle"/>.</param>
/// <param name="References">Lines to compare with (Local DE, Global DE), drawn in grey.</param>
public sealed record ChartPanel(string? Heading, IReadOnlyList<ChartLine> Lines, IReadOnlyList<ChartLine> References);

/// <summary>
/// How a chart's lines are laid out: on one panel while they stay readable, else one panel per method (or per value
/// of another swept parameter), each with the references, so that no panel has more than a few lines on top of each
/// other.
/// </summary>
public static class ChartPanels
{
    /// <summary>The most lines one panel shows before the chart is split into panels.</summary>
    public const int MaxLines = 8;

    /// <summary>
    /// The panels of a chart of <paramref name="lines"/> and <paramref name="references"/>: one panel when there are at
    /// most <see cref="MaxLines"/> lines or they all share a panel; otherwise one panel per distinct
    /// <paramref name="panelOf"/> of the lines, in first-seen order, each labelling its lines by
    /// <paramref name="labelInPanel"/> and repeating every reference.
    /// </summary>
    /// <example><code>ChartPanels.Split(swept, [localDe, globalDe], s => s.Title, s => s.Cell.Label)</code></example>
    public static IReadOnlyList<ChartPanel> Split(IReadOnlyList<ChartSeries> lines, IReadOnlyList<ChartSeries> references,
        Func<ChartSeries, string> panelOf, Func<ChartSeries, string> labelInPanel)
    {
        IReadOnlyList<ChartLine> refs = [.. references.Select(r => new ChartLine(r, r.Name))];
        var keys = lines.Select(panelOf).Distinct().ToList();
        if (lines.Count <= MaxLines || keys.Count < 2)
            return [new ChartPanel(null, [.. lines.Select(l => new ChartLine(l, l.Name))], refs)];
        return [.. keys.Select(key => new ChartPanel(key, [.. lines.Where(l => panelOf(l) == key).Select(l => new ChartLine(l, labelInPanel(l)))], refs))];
    }

    /// <summary>
    /// The panels of a chart of output curves (ensemble sizes, interpolation paths): in a sweep, the outputs without a
    /// cell (the same in every cell) are the references and the others are split by method.
    /// </summary>
    public static IReadOnlyList<ChartPanel> OfCurves(IReadOnlyList<ChartSeries> series)
    {
        var swept = series.Any(s => !s.Cell.Values.IsEmpty);
        return swept
            ? Split([.. series.Where(s => !s.Cell.Values.IsEmpty)], [.. series.Where(s => s.Cell.Values.IsEmpty)], s => s.Title, s => s.Cell.Label)
            : [new ChartPanel(null, [.. series.Select(s => new ChartLine(s, s.Name))], [])];     // no cells to group by: every line its own
    }

    /// <summary>The grid a number of panels is drawn on: one row up to three panels, else as square as it goes.</summary>
    public static (int Rows, int Columns) Grid(int panels)
    {
        var columns = panels <= 3 ? panels : (int)Math.Ceiling(Math.Sqrt(panels));
        return ((panels + columns - 1) / columns, columns);
    }
}
