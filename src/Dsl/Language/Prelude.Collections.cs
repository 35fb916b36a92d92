using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using EnsDsl.Overrides;

namespace EnsDsl;

public static partial class Prelude
{
    /// <summary>Members made of the given models, in order.</summary>
    /// <param name="models">The models.</param>
    /// <example><code>Members(a, b, c).Ensemble()</code></example>
    public static Members Members(params Model[] models) => new(models);

    /// <summary>Members made of a sequence of models, in order.</summary>
    /// <param name="models">The models.</param>
    /// <example><code>Members(Seeds(5).Select(s => Pretrained("byol").FineTune(seed: s))).Named("Local DE")</code></example>
    public static Members Members(IEnumerable<Model> models) => new(models);

    /// <summary>The report of an experiment: the items it shows, in order.</summary>
    /// <param name="items">Ensembles, soups, models, evaluations, interpolations, basin reports.</param>
    /// <example><code>return Report(star.Ensemble(), star.Soup());</code></example>
    public static Report Report(params IReportable[] items) => new([.. items]);

    /// <summary>The report of a sequence of items, such as the cells of a sweep.</summary>
    /// <param name="items">The items.</param>
    /// <example><code>return Report(from lr in new[] { 0.05, 0.1 } select center.StarSnapshots(5, lr: lr).Ensemble());</code></example>
    public static Report Report(IEnumerable<IReportable> items) => new([.. items]);

    /// <summary>The report of several groups of items (e.g. the cells of two sweeps).</summary>
    /// <param name="groups">The groups, concatenated in order.</param>
    /// <example><code>return Report(sseCells, starCells);</code></example>
    public static Report Report(params IEnumerable<IReportable>[] groups) => new([.. groups.SelectMany(g => g)]);

    /// <summary>
    /// Repeats an experiment once per value of a parameter, as <c>--repeat</c> does from the command line: the
    /// outputs of the repetitions are reported with their value (<c>StarSSE [seed=2]</c>), and read together as groups
    /// (mean ± std over the repetitions) with paired 95 % intervals between them. Steps that do not depend on the value
    /// are computed once.
    /// </summary>
    /// <typeparam name="T">The parameter's type.</typeparam>
    /// <param name="name">The parameter's name, as the outputs and results show it.</param>
    /// <param name="values">Its values.</param>
    /// <param name="experiment">The report made with one value.</param>
    /// <example><code>return Repeat("seed", Seeds(5), seed => Report(Center(seed).StarSnapshots(5).Ensemble(), Center(seed).Snapshots(5).Ensemble()));</code></example>
    public static Report Repeat<T>(string name, IEnumerable<T> values, Func<T, Report> experiment)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("Repeat: give the repeated parameter a name, e.g. Repeat(\"seed\", Seeds(5), seed => …)", nameof(name));
        var repetitions = values.Select(v => new Repetition(name, Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "", experiment(v))).ToImmutableArray();
        if (repetitions.Length == 0) throw new ArgumentException($"Repeat(\"{name}\", …): give at least one value", nameof(values));
        if (repetitions.Select(r => r.Value).Distinct().Count() < repetitions.Length)
            throw new ArgumentException($"Repeat(\"{name}\", …): the values repeat ({string.Join(", ", repetitions.Select(r => r.Value))}); give each once", nameof(values));
        return new Report([]) { Repetitions = repetitions };
    }

    /// <summary>The seeds 1..n (or first..first+n−1): explicit seeds for repeated runs.</summary>
    /// <param name="n">How many.</param>
    /// <param name="first">The first seed.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>from seed in Seeds(2) select Pretrained("byol").FineTune(seed: seed)</code></example>
    public static IReadOnlyList<int> Seeds(int n, int first = 1, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        n >= 1 ? [.. Enumerable.Range(first, n)] : throw new DslException($"Seeds({n}): ask for at least one seed", CallSite.At(file, line, nameof(Seeds)));

    /// <summary>
    /// A parameter of the experiment: <paramref name="default"/>, unless the command line sets it with
    /// <c>--set name=value</c>. A list (<c>--set name=[a,b]</c>) or range (<c>1..5</c>) makes it a sweep axis: the
    /// script runs once per value and the plans are merged (shared steps train once). Parameters are int, long,
    /// double, bool or string.
    /// </summary>
    /// <param name="name">The key of <c>--set</c>.</param>
    /// <param name="default">The value without an override; also fixes the parameter's type.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>var cycleLr = Param("cycleLr", 0.05);      // ensdsl plan x.csx --set cycleLr=0.1
    /// var seed = Param("seed", 1);               // --set seed=1..3 sweeps three seeds</code></example>
    public static T Param<T>(string name, T @default, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) where T : notnull =>
        EnsDsl.Overrides.Param.Resolve(name, @default, CallSite.At(file, line, nameof(Param)));

    /// <summary>Loss and error along the straight line between two models (BN recomputed at every point).</summary>
    /// <param name="a">The end at α = 0.</param>
    /// <param name="b">The end at α = 1.</param>
    /// <param name="points">Points including both ends.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>Interpolate(localDe[0], localDe[1])</code></example>
    public static Interpolation Interpolate(Model a, Model b, int points = 11, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        a.Interpolate(b, points, file, line);

    /// <summary>
    /// Test error and NLL over the plane through three models (Garipov et al., model soups): a grid of
    /// <paramref name="resolution"/>² points around them, BN recomputed at each, drawn as a contour map with the three
    /// and the <paramref name="project"/>ed models marked. Each point is a cached evaluation; <c>plan</c> shows their number.
    /// </summary>
    /// <param name="a">The origin of the plane's coordinates.</param>
    /// <param name="b">The first axis points from <paramref name="a"/> to it.</param>
    /// <param name="c">The third model spanning the plane.</param>
    /// <param name="project">Further models to place on the picture by their projection (their distance to the plane is reported).</param>
    /// <param name="resolution">Points along each axis (the plane costs resolution² evaluations).</param>
    /// <param name="margin">How far beyond the models the picture reaches, as a fraction of their span.</param>
    /// <param name="bn">BN policy at each point (default: recomputed over a pass of the training data).</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>Plane(center, localDe[1], localDe[2], project: Members(localDe[3], localDe[4]))
    /// Plane(a, b, c, resolution: 15, margin: 0.3)</code></example>
    public static PlaneLandscape Plane(Model a, Model b, Model c, Members? project = null, int resolution = 9, double margin = 0.25, BnPolicy? bn = null,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        new(a, b, c, project ?? new Members([]), new PlaneGrid(resolution, margin), bn ?? BnPolicy.Recompute(), null) { Origin = CallSite.At(file, line, nameof(Plane)) };
}
