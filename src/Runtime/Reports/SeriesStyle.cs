using ScottPlot;

namespace EnsDsl.Runtime.Reports;

/// <summary>The look of the i-th line of a chart: ten colours, then the same colours dashed, then dotted, with other markers after thirty, so that no two lines look alike.</summary>
public static class SeriesStyle
{
    static readonly ScottPlot.Palettes.Category10 Palette = new();
    static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted];
    static readonly MarkerShape[] Markers = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp];

    /// <summary>The colour of line number <paramref name="i"/>, for what goes with it (a band, a bar).</summary>
    public static Color Colour(int i) => Palette.GetColor(i % 10);

    /// <summary>Styles <paramref name="line"/> as line number <paramref name="i"/> (from 0).</summary>
    public static void Apply(ScottPlot.Plottables.Scatter line, int i)
    {
        line.Color = Colour(i);
        line.LinePattern = Patterns[i / 10 % Patterns.Length];
        line.MarkerShape = Markers[i / 30 % Markers.Length];
        line.LineWidth = 2;
        line.MarkerSize = 7;
    }

    /// <summary>A legend beside the data when there are many lines (inside, at <paramref name="corner"/>, when few).</summary>
    public static void Legend(Plot plot, int lines, Alignment corner)
    {
        if (lines > 5) plot.ShowLegend(Edge.Right);
        else plot.ShowLegend(corner);
    }
}
