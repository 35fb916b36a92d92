using System.Globalization;
using System.Text;
using EnsDsl.Planning;
using EnsDsl.Runtime.Results;
using ScottPlot;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// The picture of a plane, as Garipov et al. and the model-soups paper draw theirs: test error over the plane as a
/// smoothly shaded map with contour lines and a colour bar (viridis: ordered in lightness, so it reads in greyscale),
/// the three models that span it as labelled white discs and the projected ones as numbered grey squares (named in the
/// legend, with their distance to the plane), on axes in units of weight-space distance (equal scales, so angles and
/// distances look as they are). The grid spans every model it marks.
/// </summary>
public static class PlaneChart
{
    const int Width = 900, Height = 820;

    /// <summary>The PNG of each plane among <paramref name="items"/> in <paramref name="directory"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string experiment, IReadOnlyList<ReportedItem> items, string directory)
    {
        var planes = items.Where(i => i.Kind == OutputKind.Plane && i.Result is PlaneResult).ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var written = new List<string>();
        foreach (var item in planes)
        {
            var name = planes.Count == 1 ? ChartFiles.PlaneStem : Unique(names, $"{ChartFiles.PlaneStem}_{Slug(item.Name)}");
            written.Add(Draw(experiment, item.Name, (PlaneResult)item.Result!, Path.Combine(directory, name + ".png")));
        }
        return written;
    }

    static string Draw(string experiment, string name, PlaneResult plane, string path)
    {
        var plot = new Plot();
        int rows = plane.Y.Count, columns = plane.X.Count;
        // The heat map's first row is drawn at the top: the highest y.
        var values = new double[rows, columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) values[rows - 1 - r, c] = plane.Error[r][c];
        var (stepX, stepY) = ((plane.X[^1] - plane.X[0]) / (columns - 1), (plane.Y[^1] - plane.Y[0]) / (rows - 1));
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Smooth = true;
        // Each cell centred on its grid point.
        heatmap.Extent = new CoordinateRect(plane.X[0] - stepX / 2, plane.X[^1] + stepX / 2, plane.Y[0] - stepY / 2, plane.Y[^1] + stepY / 2);
        var colourBar = plot.Add.ColorBar(heatmap);
        colourBar.Label = "test error";

        var points = new Coordinates3d[rows, columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) points[r, c] = new Coordinates3d(plane.X[c], plane.Y[r], plane.Error[r][c]);
        var contours = plot.Add.ContourLines(points);
        contours.LineColor = Colors.White.WithAlpha(0.55);
        contours.LineWidth = 1;
        contours.LabelStyle.IsVisible = false;                       // the colour bar reads the levels; labels would cover the models

        // The three that span the plane: white discs with their names. Projected models: numbered squares, named in the
        // legend below with their distance to the plane (long names beside crowded marks would cover each other).
        var projected = 0;
        foreach (var model in plane.Models)
        {
            var marker = plot.Add.Marker(model.X, model.Y);
            (marker.Shape, marker.Size) = model.Spans ? (MarkerShape.FilledCircle, 14) : (MarkerShape.FilledSquare, 11);
            marker.MarkerStyle.FillColor = model.Spans ? Colors.White : Colors.LightGray;
            marker.MarkerStyle.OutlineColor = Colors.Black;
            marker.MarkerStyle.OutlineWidth = 1.5f;
            var text = model.Spans ? model.Label : (++projected).ToString(CultureInfo.InvariantCulture);
            var label = plot.Add.Text(text, model.X, model.Y);
            label.LabelFontSize = model.Spans ? 13 : 12;
            label.LabelBold = !model.Spans;
            label.LabelFontColor = Colors.Black;
            label.LabelBackgroundColor = Colors.White.WithAlpha(0.8);
            label.LabelPadding = 2;
            label.LabelOffsetX = 9;
            label.LabelOffsetY = -9;
            if (!model.Spans)
                plot.Legend.ManualItems.Add(new LegendItem
                {
                    LabelText = $"{projected}: {model.Label}, {F(model.DistanceToPlane)} from the plane",
                    MarkerShape = MarkerShape.FilledSquare, MarkerFillColor = Colors.LightGray, MarkerLineColor = Colors.Black, MarkerSize = 9,
                });
        }
        if (projected > 0) plot.ShowLegend(Edge.Bottom);
        plot.Axes.SquareUnits();
        plot.Axes.SetLimits(Math.Min(plane.X[0], plane.Models.Min(m => m.X)) - stepX / 2, Math.Max(plane.X[^1], plane.Models.Max(m => m.X)) + stepX / 2,
            Math.Min(plane.Y[0], plane.Models.Min(m => m.Y)) - stepY / 2, Math.Max(plane.Y[^1], plane.Models.Max(m => m.Y)) + stepY / 2);
        plot.HideGrid();
        var (a, b, c2) = (plane.Models[0].Label, plane.Models[1].Label, plane.Models[2].Label);
        plot.Title($"{experiment}: {name}\ntest error over the plane of three models ({plane.Bn} at each of {rows * columns} points)", size: 15);
        plot.XLabel($"along {b} − {a} (L2 distance in weight space)");
        plot.YLabel($"towards {c2} (L2 distance)");
        plot.SavePng(path, Width, Height);
        return path;
    }

    static string F(double x) => x.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>An item's name as a file name's part: letters and digits in lower case, other runs of characters one hyphen.</summary>
    static string Slug(string name)
    {
        var s = new StringBuilder();
        foreach (var ch in name.ToLowerInvariant())
            if (char.IsAsciiLetterOrDigit(ch)) s.Append(ch);
            else if (s.Length > 0 && s[^1] != '-') s.Append('-');
        return s.ToString().Trim('-') is { Length: > 0 } slug ? slug : "plane";
    }

    static string Unique(HashSet<string> taken, string name)
    {
        var candidate = name;
        for (int i = 2; !taken.Add(candidate); i++) candidate = $"{name}-{i}";
        return candidate;
    }
}
