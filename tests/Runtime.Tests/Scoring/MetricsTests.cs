using EnsDsl.Runtime.Randomness;
using EnsDsl.Runtime.Scoring;
using Newtonsoft.Json.Linq;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Scoring;

/// <summary>
/// Metrics against hand-computed cases and against PyTorch (Fixtures/metrics_reference.json, made with Debian's
/// python3-torch by Fixtures/make_metrics_reference.py, which draws the calibrated NLL's folds with the same
/// SplitMix64 as ensdsl).
/// </summary>
public class MetricsTests
{
    static readonly JObject Fixture = JObject.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scoring", "Fixtures", "metrics_reference.json")));

    static Tensor Labels => tensor(Fixture["labels"]!.Select(v => (long)v).ToArray());

    static Tensor Member(int i)
    {
        var rows = (JArray)Fixture["members"]![i]!;
        var values = rows.SelectMany(r => r.Select(v => (float)(double)v)).ToArray();
        return tensor(values).view(rows.Count, -1);
    }

    static Tensor LogProbs(params double[][] probabilities) =>
        tensor(probabilities.SelectMany(p => p.Select(v => (float)Math.Log(v))).ToArray()).view(probabilities.Length, -1);

    public static TheoryData<string, double[][], long[], double> HandComputed => new()
    {
        // Two images, both predicted class 0 with confidence 0.8 and 0.6; the second is wrong.
        { "accuracy", [[0.8, 0.2], [0.6, 0.4]], [0, 1], 0.5 },
        { "nll", [[0.8, 0.2], [0.6, 0.4]], [0, 1], -(Math.Log(0.8) + Math.Log(0.4)) / 2 },
        // Brier: (0.2² + 0.2²) and (0.6² + 0.6²), averaged.
        { "brier", [[0.8, 0.2], [0.6, 0.4]], [0, 1], (0.08 + 0.72) / 2 },
        // ECE: 0.8 falls in bin (0.7333, 0.8], 0.6 in (0.5333, 0.6]; |0.8 − 1|/2 + |0.6 − 0|/2.
        { "ece", [[0.8, 0.2], [0.6, 0.4]], [0, 1], 0.1 + 0.3 },
        // Same bin (both in (0.8, 0.8667]): one bin of mean confidence 0.85 and accuracy 0.5.
        { "ece", [[0.85, 0.15], [0.85, 0.15]], [0, 1], 0.35 },
        // A confidence exactly on a bin edge (2/3 = 10/15) belongs to the lower bin: still |2/3 − 1|.
        { "ece", [[2.0 / 3, 1.0 / 3]], [0], 1.0 / 3 },
        // Mean per-class accuracy: class 0 has 3 images (all right), class 1 one (wrong): (1 + 0)/2, not 3/4.
        { "per-class accuracy", [[0.9, 0.1], [0.9, 0.1], [0.9, 0.1], [0.9, 0.1]], [0, 0, 0, 1], 0.5 },
    };

    [Theory]
    [MemberData(nameof(HandComputed))]
    public void Metrics_equal_hand_computed_values(string metric, double[][] probabilities, long[] labels, double expected)
    {
        using var lp = LogProbs(probabilities);
        using var y = tensor(labels);
        double actual = metric switch
        {
            "accuracy" => Metrics.Accuracy(lp, y),
            "per-class accuracy" => Metrics.Accuracy(lp, y, meanPerClass: true),
            "nll" => Metrics.Nll(lp, y),
            "brier" => Metrics.Brier(lp, y),
            "ece" => Metrics.Ece(lp, y),
            _ => throw new ArgumentException(metric),
        };
        Assert.Equal(expected, actual, 1e-6);
    }

    static void AssertScores(JToken expected, Scores actual, Scores perClass)
    {
        Assert.Equal((double)expected["acc"]!, actual.Accuracy, 1e-9);
        Assert.Equal((double)expected["acc_per_class"]!, perClass.Accuracy, 1e-9);
        Assert.Equal((double)expected["nll"]!, actual.Nll, 2e-6);
        Assert.Equal((double)expected["ece"]!, actual.Ece, 2e-6);
        Assert.Equal((double)expected["brier"]!, actual.Brier, 2e-6);
        Assert.Equal((double)expected["temperature"]!, actual.Temperature, 1e-4 * (double)expected["temperature"]!);
        Assert.Equal((double)expected["cnll"]!, actual.CalibratedNll, 1e-5);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Member_scores_match_PyTorch(int member)
    {
        using var lp = Member(member);
        using var y = Labels;
        AssertScores(Fixture["member_scores"]![member]!, Metrics.Score(lp, y), Metrics.Score(lp, y, meanPerClass: true));
    }

    [Fact]
    public void The_ensemble_size_curve_matches_PyTorch_at_every_k()
    {
        var members = Enumerable.Range(0, 3).Select(Member).ToList();
        using var y = Labels;
        var curve = EnsembleCurve.Compute(members, y);
        var perClass = EnsembleCurve.Compute(members, y, meanPerClass: true);
        Assert.Equal([1, 2, 3], curve.Select(p => p.K));
        for (int k = 0; k < 3; k++) AssertScores(Fixture["ensembles"]![k]!, curve[k].Scores, perClass[k].Scores);
    }

    [Fact]
    public void Diversity_matches_PyTorch()
    {
        var members = Enumerable.Range(0, 3).Select(Member).ToList();
        using var y = Labels;
        using var ensemble = EnsembleCurve.Average(members);
        var diversity = MemberDiversity.Of(members, y, Metrics.Accuracy(ensemble, y));
        var expected = Fixture["diversity"]!;
        Assert.Equal((double)expected["disagreement"]!, diversity.Disagreement, 1e-9);
        Assert.Equal((double)expected["kl"]!, diversity.Kl, 1e-5);
        Assert.Equal((double)expected["gain"]!, diversity.Gain, 1e-9);
    }

    // Scores of counts are written as the fractions they are: 12/2000, not 0.339 − 0.333 = 0.006000000000000005.
    [Fact]
    public void Gain_and_disagreement_are_formed_from_counts_with_one_rounding()
    {
        const int n = 1000;
        using var y = zeros(n, dtype: ScalarType.Int64);
        Tensor Member(int correct) => nn.functional.log_softmax(stack([.. Enumerable.Range(0, n).Select(i => tensor(i < correct ? new float[] { 2, 0 } : [0, 2]))]), 1);
        using var a = Member(336);
        using var b = Member(330);
        var diversity = MemberDiversity.Of([a, b], y, ensembleAccuracy: 0.339);
        Assert.Equal("0.006", diversity.Gain.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0.006", diversity.Disagreement.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(336, Metrics.Correct(Metrics.Accuracy(a, y), n));
    }

    [Fact]
    public void Identical_members_have_no_diversity_and_their_ensemble_is_the_member()
    {
        using var member = Member(0);
        using var y = Labels;
        var diversity = MemberDiversity.Of([member, member, member], y, Metrics.Accuracy(member, y));
        Assert.Equal(0, diversity.Disagreement);
        Assert.Equal(0, diversity.Kl, 1e-9);
        using var ensemble = EnsembleCurve.Average([member, member]);
        Assert.True(ensemble.allclose(member, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Temperature_scaling_recovers_a_known_temperature()
    {
        // Labels drawn from softmax(z); predictions sharpened to softmax(3z): the NLL-optimal temperature is about 3.
        var random = new EnsDsl.Runtime.Randomness.DetRandom(7);
        int n = 20_000, c = 5;
        var z = Enumerable.Range(0, n * c).Select(_ => (float)random.NextGaussian()).ToArray();
        var labels = new long[n];
        for (int i = 0; i < n; i++)
        {
            var p = z.Skip(i * c).Take(c).Select(v => Math.Exp(v)).ToArray();
            double u = random.NextDouble() * p.Sum(), acc = 0;
            labels[i] = c - 1;
            for (int j = 0; j < c; j++) if ((acc += p[j]) > u) { labels[i] = j; break; }
        }
        using var logits = tensor(z).view(n, c);
        using var sharpened = nn.functional.log_softmax(logits * 3, 1);
        using var y = tensor(labels);
        var scores = Metrics.Score(sharpened, y);
        Assert.InRange(scores.Temperature, 2.85, 3.15);
        Assert.True(scores.CalibratedNll < scores.Nll - 0.1, $"calibrated {scores.CalibratedNll} vs raw {scores.Nll}");
    }

    [Fact]
    public void The_one_pass_expansion_gives_the_calibrated_NLL_of_direct_fits_along_a_whole_curve()
    {
        // 4,000 images, 10 classes, 8 members of different sharpness: large enough for the expansion to be used.
        var random = new EnsDsl.Runtime.Randomness.DetRandom(11);
        int n = 4000, c = 10;
        var labels = Enumerable.Range(0, n).Select(_ => (long)random.Next(c)).ToArray();
        using var y = tensor(labels);
        var members = Enumerable.Range(0, 8).Select(m =>
        {
            var logits = Enumerable.Range(0, n * c).Select(i => (float)(random.NextGaussian() * 2 + (labels[i / c] == i % c ? 2.5 : 0))).ToArray();
            return nn.functional.log_softmax(tensor(logits).view(n, c) * (0.5f + m * 0.3f), 1);
        }).ToList();
        var fast = new TemperatureScaling(n, seed: 0);
        var direct = new TemperatureScaling(n, seed: 0) { UseExpansion = false };
        var sum = new float[n * c];
        var set = PredictionSet.Like(members[0], y);
        var expanded = new List<int>();
        for (int k = 1; k <= members.Count; k++)
        {
            var values = PredictionSet.Floats(members[k - 1]);
            set.AddProbabilities(values, sum);
            set.SetProbabilitySum(sum, k);
            var (fastT, fastNll) = fast.Calibrate(set);
            var (directT, directNll) = direct.Calibrate(set);
            if (fast.LastUsedExpansion) expanded.Add(k);
            Assert.Equal(directNll, fastNll, 1e-7);
            Assert.Equal(directT, fastT, 1e-5 * directT);
        }
        Assert.True(expanded.Count >= 4, $"the expansion answered only k = [{string.Join(", ", expanded)}]");
    }

    [Fact]
    public void A_probability_of_exactly_zero_gives_finite_scores()
    {
        using var lp = tensor(new[] { 0f, float.NegativeInfinity, float.NegativeInfinity, 0f }).view(2, 2);
        using var y = tensor(new long[] { 0, 0 });
        var scores = Metrics.Score(lp, y);
        Assert.All(new[] { scores.Nll, scores.Ece, scores.Brier, scores.CalibratedNll }, v => Assert.True(double.IsFinite(v), $"{scores}"));
    }
}
