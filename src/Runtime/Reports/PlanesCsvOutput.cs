using System.Globalization;
using System.Text;
using EnsDsl.Planning;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Store;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// planes.csv, for runs with planes: every grid point of every plane, one row each (experiment, name, x, y, test error,
/// test NLL), and every model on a plane (its coordinates and distance to it, <c>model</c> naming it), ready for a
/// contour plot of one's own (<c>pivot</c> x by y). results.json holds the same values as rows of a matrix.
/// </summary>
public sealed class PlanesCsvOutput : IRunOutput
{
    /// <summary>The file's name in the run folder.</summary>
    public const string FileName = "planes.csv";

    /// <summary>The header line.</summary>
    public const string Header = "experiment,name,x,y," + MetricNames.TestError + "," + MetricNames.TestNll + ",model,distance_to_plane";

    /// <inheritdoc />
    public OutputWritten Write(FinishedRun run, IReadOnlyList<OutputWritten> earlier)
    {
        var planes = run.Items.Where(i => i.Kind == OutputKind.Plane && i.Result is PlaneResult).ToList();
        if (planes.Count == 0) return OutputWritten.Of();
        var file = run.Shown(FileName);
        AtomicFile.Write(run.Absolute(file), Encoding.UTF8.GetBytes(Build(run.Experiment.Name, [.. planes.Select(p => (p.Name, (PlaneResult)p.Result!))])));
        return OutputWritten.Of(file);
    }

    /// <summary>The CSV text of <paramref name="planes"/>.</summary>
    public static string Build(string experiment, IReadOnlyList<(string Name, PlaneResult Plane)> planes)
    {
        var s = new StringBuilder(Header).Append('\n');
        static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        foreach (var (name, plane) in planes)
        {
            var prefix = $"{ResultsCsv.Field(experiment)},{ResultsCsv.Field(name)}";
            for (int r = 0; r < plane.Y.Count; r++)
                for (int c = 0; c < plane.X.Count; c++)
                    s.Append($"{prefix},{N(plane.X[c])},{N(plane.Y[r])},{N(plane.Error[r][c])},{N(plane.Nll[r][c])},,\n");
            foreach (var m in plane.Models)
                s.Append($"{prefix},{N(m.X)},{N(m.Y)},,,{ResultsCsv.Field(m.Label)},{N(m.DistanceToPlane)}\n");
        }
        return s.ToString();
    }
}
