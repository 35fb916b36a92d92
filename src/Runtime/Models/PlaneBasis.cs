using EnsDsl.Runtime.Torch;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Models;

/// <summary>
/// The orthonormal coordinates of the plane through three state dicts a, b, c (Gram–Schmidt on u = b − a and
/// w = c − a, as Garipov et al. and model soups do): a lies at (0, 0), b at (<see cref="B"/>, 0), c at
/// (<see cref="Cx"/>, <see cref="Cy"/>). Distances and inner products are over the weights (head included, BN's running
/// statistics and the buffers a network recomputes left out); a point of the plane is mixed from a, b and c key by key
/// (<see cref="Coefficients"/>), so every tensor, buffers included, lies on the plane.
/// </summary>
/// <param name="B">‖b − a‖.</param>
/// <param name="Cx">c's coordinate along û = (b − a)/‖b − a‖.</param>
/// <param name="Cy">c's distance from the line through a and b (&gt; 0).</param>
public sealed record PlaneBasis(double B, double Cx, double Cy)
{
    /// <summary>The three models' first coordinates (a, b, c).</summary>
    public IReadOnlyList<double> Xs => [0, B, Cx];

    /// <summary>The three models' second coordinates (a, b, c).</summary>
    public IReadOnlyList<double> Ys => [0, 0, Cy];

    /// <summary>
    /// The basis of the plane through <paramref name="a"/>, <paramref name="b"/>, <paramref name="c"/>; throws
    /// <see cref="ArgumentException"/> when they lie on one line (or two of them coincide).
    /// </summary>
    public static PlaneBasis Of(IReadOnlyDictionary<string, Tensor> a, IReadOnlyDictionary<string, Tensor> b, IReadOnlyDictionary<string, Tensor> c)
    {
        var gram = Gram(a, [b, c]);
        return FromGram(gram[0][0], gram[0][1], gram[1][1]);
    }

    /// <summary>The basis from the inner products ⟨u, u⟩, ⟨u, w⟩, ⟨w, w⟩ of u = b − a and w = c − a.</summary>
    public static PlaneBasis FromGram(double uu, double uw, double ww)
    {
        if (!(uu > 0)) throw new ArgumentException("the first two models of the plane have the same weights: they span no plane");
        double b = Math.Sqrt(uu), cx = uw / b, cy2 = ww - cx * cx;
        // Relative to the larger vector: below this, rounding decides the second axis's direction.
        if (!(cy2 > 1e-12 * Math.Max(uu, ww)))
            throw new ArgumentException("the three models of the plane lie on one line (the third is a mix of the first two, or equals one): they span no plane");
        return new PlaneBasis(b, cx, Math.Sqrt(cy2));
    }

    /// <summary>
    /// The point (<paramref name="x"/>, <paramref name="y"/>) as weights of a, b and c (summing to 1):
    /// θ = a + x·û + y·v̂ = α·a + β·b + γ·c.
    /// </summary>
    public (double Alpha, double Beta, double Gamma) Coefficients(double x, double y)
    {
        double gamma = y / Cy, beta = x / B - gamma * Cx / B;
        return (1 - beta - gamma, beta, gamma);
    }

    /// <summary>
    /// Where a model lies relative to the plane, from its inner products with u and w and its squared norm, all of
    /// d = m − a: its coordinates (x, y) and its distance to the plane.
    /// </summary>
    public (double X, double Y, double Distance) Project(double du, double dw, double dd)
    {
        double x = du / B, y = (dw - Cx * x) / Cy;
        return (x, y, Math.Sqrt(Math.Max(0, dd - x * x - y * y)));
    }

    /// <summary>The weights α·a + β·b + γ·c, key by key (<see cref="WeightOps.Combine"/>; integer buffers from <paramref name="a"/>).</summary>
    public static Dictionary<string, Tensor> Mix(IReadOnlyDictionary<string, Tensor> a, IReadOnlyDictionary<string, Tensor> b, IReadOnlyDictionary<string, Tensor> c,
        (double Alpha, double Beta, double Gamma) k) => WeightOps.Combine([a, b, c], [k.Alpha, k.Beta, k.Gamma]);

    /// <summary>
    /// The inner products ⟨vᵢ − a, vⱼ − a⟩ of <paramref name="vectors"/> relative to <paramref name="a"/>, in double
    /// precision, over the weights (<see cref="WeightOps.IsWeight"/>: head included).
    /// </summary>
    public static double[][] Gram(IReadOnlyDictionary<string, Tensor> a, IReadOnlyList<IReadOnlyDictionary<string, Tensor>> vectors)
    {
        using var section = GcSafeSection.Enter();
        var gram = vectors.Select(_ => new double[vectors.Count]).ToArray();
        foreach (var (key, origin) in a)
        {
            if (!WeightOps.IsWeight(key, origin)) continue;
            using var scope = NewDisposeScope();
            var x0 = origin.to(ScalarType.Float64);
            var d = vectors.Select(v => v.TryGetValue(key, out var t) && t.shape.SequenceEqual(origin.shape)
                ? (t.to(ScalarType.Float64) - x0).flatten()
                : throw new ArgumentException($"the models of the plane differ in '{key}': they are not one architecture with one head")).ToList();
            for (int i = 0; i < d.Count; i++)
                for (int j = i; j < d.Count; j++)
                    gram[i][j] += d[i].dot(d[j]).item<double>();
        }
        for (int i = 0; i < vectors.Count; i++)
            for (int j = 0; j < i; j++) gram[i][j] = gram[j][i];
        return gram;
    }
}
