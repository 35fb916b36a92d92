// Ensemble-size curve benchmark: K = 50 members' cached predictions for 10,000 test images of 100 classes (the
// issue's target: the whole curve, k = 1..50, every score including the calibrated NLL, in ≤ 0.5 s). Measured in
// this process, repeated, median and spread, with two peers: the same curve without the calibrated NLL, and one
// ensemble of 50 scored once (what a single-point evaluation costs).
using System.Diagnostics;
using EnsDsl.Runtime.Scoring;
using static TorchSharp.torch;

int repeats = args.Length > 0 ? int.Parse(args[0]) : 7;
const int K = 50, N = 10_000, C = 100;
var generator = manual_seed(1);
var labels = randint(0, C, [N], dtype: ScalarType.Int64, generator: generator);
// Members share a signal and differ by noise, so the ensemble improves with k as real ones do.
var signal = randn([N, C], generator: generator) + nn.functional.one_hot(labels, C).to(ScalarType.Float32) * 2.5f;
var members = Enumerable.Range(0, K)
    .Select(_ => nn.functional.log_softmax((signal + randn([N, C], generator: generator) * 1.5f) * 1.3f, 1))
    .ToList();
Console.WriteLine($"scoring benchmark — {Environment.ProcessorCount} cores, {get_num_threads()} torch threads; K = {K}, N = {N}, classes = {C}; {repeats} repeats");

static double Seconds(Action action)
{
    var watch = Stopwatch.StartNew();
    action();
    return watch.Elapsed.TotalSeconds;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

IReadOnlyList<CurvePoint> curve = [];
void Full() => curve = EnsembleCurve.Compute(members, labels);
// The same curve without the calibrated NLL: incremental averaging and the per-row scores only.
void WithoutCalibration()
{
    var set = PredictionSet.Like(members[0], labels);
    var sum = new float[N * C];
    var member = new float[N * C];
    for (int k = 1; k <= K; k++)
    {
        using (var values = members[k - 1].contiguous())
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(values.bytes).CopyTo(member);
        System.Numerics.Tensors.TensorPrimitives.Exp(member, member);
        System.Numerics.Tensors.TensorPrimitives.Add(sum, member, sum);
        set.SetProbabilitySum(sum, k);
        _ = (set.Accuracy(false), set.Nll(), set.Ece(), set.Brier());
    }
}
// One pass of the temperature objective over all rows: the unit the calibrated NLL is paid in.
double ObjectivePass()
{
    var set = Metrics.Load(members[0], labels);
    var watch = Stopwatch.StartNew();
    for (int i = 0; i < 20; i++) set.Objective([], [1.0]);
    return watch.Elapsed.TotalMilliseconds / 20;
}
void OnePoint()
{
    using var averaged = EnsembleCurve.Average(members);
    _ = Metrics.Score(averaged, labels);
}

Full(); WithoutCalibration(); OnePoint();                      // warm-up
var (full, plain, single) = (new List<double>(), new List<double>(), new List<double>());
for (int i = 0; i < repeats; i++)
{
    full.Add(Seconds(Full));
    plain.Add(Seconds(WithoutCalibration));
    single.Add(Seconds(OnePoint));
    Console.WriteLine($"  repeat {i + 1}: full curve {full[^1]:F3} s   without cNLL {plain[^1]:F3} s   one ensemble of 50 {single[^1]:F3} s");
}
Console.WriteLine($"full curve (acc, NLL, ECE, Brier, cNLL at every k): median {Median(full):F3} s (min {full.Min():F3}, max {full.Max():F3}); target ≤ 0.5 s");
Console.WriteLine($"curve without cNLL: median {Median(plain):F3} s; one ensemble of 50, all scores: median {Median(single):F3} s; " +
                  $"full curve / one point = {Median(full) / Median(single):F1}×");
Console.WriteLine($"one pass of the temperature objective over {N} × {C}: {ObjectivePass():F2} ms");
Console.WriteLine($"curve: k=1 acc {curve[0].Scores.Accuracy:F4} cNLL {curve[0].Scores.CalibratedNll:F4}; k=50 acc {curve[^1].Scores.Accuracy:F4} cNLL {curve[^1].Scores.CalibratedNll:F4}");
