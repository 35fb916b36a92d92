using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Randomness;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Models;

public class PlaneBasisTests
{
    static Dictionary<string, Tensor> Random(int seed, float scale = 1) => new()
    {
        ["conv.weight"] = randn(new long[] { 4, 3, 3, 3 }, generator: Generators.For(seed, "w")) * scale,
        ["bn.weight"] = randn(new long[] { 4 }, generator: Generators.For(seed, "g")),
        ["bn.running_mean"] = randn(new long[] { 4 }, generator: Generators.For(seed, "m")),
        ["bn.num_batches_tracked"] = tensor((long)seed),
        ["fc.weight"] = randn(new long[] { 3, 4 }, generator: Generators.For(seed, "fc")),
    };

    // The distance between two state dicts over the plane's coordinates (BN statistics left out), via the Gram matrix.
    static double Between(Dictionary<string, Tensor> p, Dictionary<string, Tensor> q) => Math.Sqrt(PlaneBasis.Gram(p, [q])[0][0]);

    [Fact]
    public void The_three_models_land_at_their_coordinates_and_the_coordinates_are_orthonormal()
    {
        var (a, b, c) = (Random(1), Random(2, 2), Random(3, 0.5f));
        var basis = PlaneBasis.Of(a, b, c);
        Assert.True(basis.Cy > 0);
        Assert.Equal(Between(a, b), basis.B, 9);
        Assert.Equal(Between(a, c), Math.Sqrt(basis.Cx * basis.Cx + basis.Cy * basis.Cy), 9);
        Assert.Equal(Between(b, c), Math.Sqrt(Math.Pow(basis.Cx - basis.B, 2) + basis.Cy * basis.Cy), 9);
        // Each model is the point at its coordinates: exactly its own weights (up to the float32 they are stored in).
        foreach (var (model, x, y) in new[] { (a, 0.0, 0.0), (b, basis.B, 0.0), (c, basis.Cx, basis.Cy) })
        {
            var k = basis.Coefficients(x, y);
            Assert.Equal(1, k.Alpha + k.Beta + k.Gamma, 12);
            var point = PlaneBasis.Mix(a, b, c, k);
            foreach (var key in model.Keys.Where(key => model[key].is_floating_point()))
                Assert.True(allclose(point[key], model[key], rtol: 1e-5, atol: 1e-6), key);
        }
        // Distances between any two points of the plane are their coordinates' Euclidean distances: the axes are orthonormal.
        (double X, double Y)[] at = [(-1.5, 0.3), (2.0, 4.1), (0.7, -2.2)];
        var points = at.Select(p => PlaneBasis.Mix(a, b, c, basis.Coefficients(p.X, p.Y))).ToList();
        for (int i = 0; i < at.Length; i++)
            for (int j = i + 1; j < at.Length; j++)
                Assert.Equal(Math.Sqrt(Math.Pow(at[i].X - at[j].X, 2) + Math.Pow(at[i].Y - at[j].Y, 2)), Between(points[i], points[j]), 4);
    }

    [Fact]
    public void A_model_off_the_plane_projects_to_its_foot_and_its_distance()
    {
        var (a, b, c) = (Random(1), Random(2), Random(3));
        var basis = PlaneBasis.Of(a, b, c);
        // d = the point at (1.2, −0.4) plus a step orthogonal to the plane: the residual of a fourth random direction.
        var foot = PlaneBasis.Mix(a, b, c, basis.Coefficients(1.2, -0.4));
        var e = Random(4);
        var gram = PlaneBasis.Gram(a, [b, c, e]);
        var (ex, ey, _) = basis.Project(gram[2][0], gram[2][1], gram[2][2]);
        var inPlane = PlaneBasis.Mix(a, b, c, basis.Coefficients(ex, ey));
        var d = foot.ToDictionary(kv => kv.Key, kv => kv.Value.is_floating_point() ? kv.Value + (e[kv.Key] - inPlane[kv.Key]) * 0.5 : kv.Value);
        double off = 0.5 * Between(e, inPlane);

        var g = PlaneBasis.Gram(a, [b, c, d]);
        var (x, y, distance) = basis.Project(g[2][0], g[2][1], g[2][2]);
        Assert.Equal(1.2, x, 4);
        Assert.Equal(-0.4, y, 4);
        Assert.Equal(off, distance, 4);
        // The three that span the plane are on it.
        var on = PlaneBasis.Gram(a, [b, c, c]);
        Assert.Equal(0, basis.Project(on[2][0], on[2][1], on[2][2]).Distance, 4);
    }

    [Fact]
    public void Three_models_on_one_line_span_no_plane_and_say_so()
    {
        var (a, b) = (Random(1), Random(2));
        var c = WeightOps.Interpolate(a, b, 0.3);
        var e = Assert.Throws<ArgumentException>(() => PlaneBasis.Of(a, b, c));
        Assert.Contains("lie on one line", e.Message);
        Assert.Contains("the same weights", Assert.Throws<ArgumentException>(() => PlaneBasis.Of(a, a, b)).Message);
    }

    [Fact]
    public void The_plane_its_grid_and_its_points_match_a_PyTorch_computation_on_the_same_state_dicts()
    {
        // Fixtures/plane_reference.json, made by Fixtures/make_plane_reference.py with Debian's python3-torch: the plane
        // built on the flat parameter vector as Garipov et al.'s code builds it.
        var fixture = JObject.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Models", "Fixtures", "plane_reference.json")));
        var states = fixture["states"]!.Select(s => ((JObject)s).Properties().ToDictionary(p => p.Name, p =>
            tensor(p.Value["values"]!.Select(v => (double)v).ToArray(), p.Value["shape"]!.Select(d => (long)d).ToArray())
                .to((string)p.Value["dtype"]! == "torch.int64" ? ScalarType.Int64 : ScalarType.Float32))).ToList();
        var (a, b, c, d) = (states[0], states[1], states[2], states[3]);
        var basis = PlaneBasis.Of(a, b, c);
        var coordinates = fixture["coordinates"]!.Select(p => (X: (double)p[0]!, Y: (double)p[1]!)).ToList();
        static void Near(double expected, double actual) => Assert.Equal(expected, actual, 1e-9 * Math.Max(1, Math.Abs(expected)));
        Near(coordinates[1].X, basis.B);
        Near(coordinates[2].X, basis.Cx);
        Near(coordinates[2].Y, basis.Cy);
        var grid = new PlaneGrid((int)fixture["resolution"]!, (double)fixture["margin"]!);
        Assert.All(fixture["x"]!.Zip(grid.Axis(basis.Xs)), p => Near((double)p.First!, p.Second));
        Assert.All(fixture["y"]!.Zip(grid.Axis(basis.Ys)), p => Assert.Equal((double)p.First!, p.Second, 1e-9 * 20));    // b's y is 1e-15, not 0, there

        foreach (var point in fixture["points"]!)
        {
            var (x, y) = (grid.Axis(basis.Xs)[(int)point["column"]!], grid.Axis(basis.Ys)[(int)point["row"]!]);
            var k = basis.Coefficients(x, y);
            double[] mix = [.. point["mix"]!.Select(v => (double)v)];
            Near(mix[0], k.Alpha); Near(mix[1], k.Beta); Near(mix[2], k.Gamma);
            var weights = PlaneBasis.Mix(a, b, c, k);
            foreach (var parameter in ((JObject)point["parameters"]!).Properties())
            {
                var expected = tensor(parameter.Value.Select(v => (double)v).ToArray());
                Assert.True(allclose(weights[parameter.Name].to(ScalarType.Float64).flatten(), expected, rtol: 1e-5, atol: 1e-5), parameter.Name);
            }
            // Buffers are mixed with the same weights (the BN statistics a recomputation then replaces); the counter is a's.
            var mean = a["1.running_mean"].to(ScalarType.Float64) * k.Alpha + b["1.running_mean"].to(ScalarType.Float64) * k.Beta + c["1.running_mean"].to(ScalarType.Float64) * k.Gamma;
            Assert.True(allclose(weights["1.running_mean"].to(ScalarType.Float64), mean, rtol: 1e-5, atol: 1e-6));
            Assert.Equal(a["1.num_batches_tracked"].item<long>(), weights["1.num_batches_tracked"].item<long>());
        }

        var gram = PlaneBasis.Gram(a, [b, c, d]);
        var (px, py, distance) = basis.Project(gram[2][0], gram[2][1], gram[2][2]);
        Near((double)fixture["projected"]!["x"]!, px);
        Near((double)fixture["projected"]!["y"]!, py);
        Near((double)fixture["projected"]!["distance"]!, distance);
    }
}
