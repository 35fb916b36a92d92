using EnsDsl.Runtime.Results;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Runtime.Tests.Results;

/// <summary>SciPy's and NumPy's statistics of fixed numbers, computed at test time.</summary>
[PythonScript("Results/Fixtures/make_statistics_reference.py")]
public sealed class ScipyStatistics() : PythonFixture
{
    public JObject Reference => JObject.Parse(File.ReadAllText(this["statistics.json"]));
}

[Trait(Category.Name, Category.Python)]
public class StatisticsTests(ScipyStatistics scipy) : IClassFixture<ScipyStatistics>
{
    // SciPy's own t.ppf is good to about 1e-9 (its t.cdf at t.ppf(0.95, 4) is 0.9499999997): hence the tolerance.
    [Fact]
    public void Student_t_quantiles_equal_SciPy()
    {
        foreach (var q in scipy.Reference["quantiles"]!)
            Assert.Equal((double)q["q"]!, Statistics.StudentTQuantile((double)q["p"]!, (int)q["df"]!), 2e-8);
    }

    [Fact]
    public void Means_standard_deviations_and_paired_intervals_equal_NumPy_and_SciPy()
    {
        foreach (var pair in scipy.Reference["pairs"]!)
        {
            double[] a = [.. pair["a"]!.Select(v => (double)v)], b = [.. pair["b"]!.Select(v => (double)v)];
            var summary = Statistics.Summarize(a);
            Assert.Equal((double)pair["mean_a"]!, summary.Mean, 1e-12);
            Assert.Equal((double)pair["std_a"]!, summary.Std!.Value, 1e-12);
            var difference = Statistics.PairedDifference(a, b)!;
            Assert.Equal((double)pair["mean"]!, difference.Mean, 1e-12);
            Assert.Equal((double)pair["low"]!, difference.Low, 1e-9);
            Assert.Equal((double)pair["high"]!, difference.High, 1e-9);
            Assert.Equal(a.Length, difference.N);
        }
    }

    [Fact]
    public void One_value_has_no_spread_and_one_pair_no_interval()
    {
        var one = Statistics.Summarize([0.7]);
        Assert.Equal((1, 0.7, (double?)null), (one.N, one.Mean, one.Std));
        Assert.Null(Statistics.PairedDifference([0.7], [0.6]));
        Assert.Throws<ArgumentException>(() => Statistics.PairedDifference([0.7, 0.8], [0.6]));
        Assert.True(new Difference(0.01, 0.002, 0.02, 5, 0.95).Decided);
        Assert.False(new Difference(0.01, -0.002, 0.02, 5, 0.95).Decided);
    }
}
