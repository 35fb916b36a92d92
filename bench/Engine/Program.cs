// Engine benchmarks, each figure measured in this process against its peer:
//   throughput — the ensdsl engine (a plan run by the local executor) vs. a plain TorchSharp loop (same network,
//                initial weights, data, batch size, flip augmentation, SGD momentum 0.9 / wd 5e-4, constant LR),
//                alternating, median of the pairs. Training throughput compares the training loops (the engine's own
//                train_images_per_second); the whole-node figure adds the engine's setup, per-epoch resumable state
//                and final test evaluation, which the plain loop does not do;
//   memory     — resident memory at every epoch end of a 20-epoch engine run; growth from epoch 2 to epoch 20.
using System.Diagnostics;
using EnsDsl.Runtime.Randomness;
using EnsDsl;
using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Training;
using static EnsDsl.Prelude;
using static TorchSharp.torch;

int pairs = args.Length > 0 ? int.Parse(args[0]) : 5;
const int Epochs = 2, BatchSize = 64;
const double Lr = 0.05;
var arch = Architecture.CifarResNet(8, 16);
var data = DataTensors.For(EmbeddedSource()).Train;
Console.WriteLine($"engine benchmarks — {Environment.ProcessorCount} cores, {get_num_threads()} torch threads, {arch.Name}, " +
                  $"embedded source task ({data.Count} images 3×20×20), batch {BatchSize}, {Epochs} epochs per measurement, {pairs} pairs");

(double Training, double Whole) Engine()
{
    var store = Directory.CreateTempSubdirectory("ensdsl-bench-").FullName;
    var model = Scratch(arch.Name, seed: 1).Train(Epochs, Constant(Lr), data: EmbeddedSource(), batchSize: BatchSize);
    var plan = Planner.Build(Report(model));
    var watch = Stopwatch.StartNew();
    var report = new LocalExecutor().Run(plan, new NodeStore(store), new ExecutionOptions(Device: "cpu"), new Quiet(), CancellationToken.None);
    var seconds = watch.Elapsed.TotalSeconds;
    Directory.Delete(store, true);
    if (!report.Succeeded) throw new InvalidOperationException(string.Join("; ", report.Failures.Select(f => f.Error)));
    var training = report.Outcomes.Single(o => o.Node.Kind == NodeKind.Train).Record!.TrainImagesPerSecond!.Value;
    return (training, Epochs * data.Count / seconds);
}

double Plain()
{
    var model = Networks.Create(arch, data.Classes, Generators.For(1, "init"));
    var optimizer = optim.SGD(model.parameters(), Lr, momentum: 0.9, weight_decay: 5e-4);
    var watch = Stopwatch.StartNew();
    model.train();
    for (int epoch = 0; epoch < Epochs; epoch++)
    {
        using var order = randperm(data.Count, generator: Generators.For(1, "order", epoch));
        using var flips = rand(data.Count, generator: Generators.For(1, "augment", epoch)).lt(0.5);
        for (int start = 0; start < data.Count; start += BatchSize)
        {
            using var scope = NewDisposeScope();
            var index = order.narrow(0, start, Math.Min(BatchSize, data.Count - start));
            var x = data.Images.index_select(0, index);
            x = where(flips.index_select(0, index).view(-1, 1, 1, 1), x.flip(3), x);
            var loss = nn.functional.cross_entropy(model.call(x), data.Labels.index_select(0, index));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
    }
    return Epochs * data.Count / watch.Elapsed.TotalSeconds;
}

static double Median(IEnumerable<double> values)
{
    var v = values.Order().ToArray();
    return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
}

Engine(); Plain();                                                   // warm-up: JIT, libtorch, data
var engine = new List<double>();
var whole = new List<double>();
var plain = new List<double>();
for (int i = 0; i < pairs; i++)
{
    var (training, node) = Engine();
    engine.Add(training);
    whole.Add(node);
    plain.Add(Plain());
    Console.WriteLine($"  pair {i + 1}: engine training {engine[^1],7:F0} img/s (whole node {whole[^1],7:F0})   plain TorchSharp {plain[^1],7:F0} img/s   ratio {engine[^1] / plain[^1]:F3}");
}
var ratios = engine.Zip(plain, (e, p) => e / p).ToList();
var wholeRatios = whole.Zip(plain, (e, p) => e / p).ToList();
Console.WriteLine($"throughput: engine training median {Median(engine):F0} img/s (min {engine.Min():F0}, max {engine.Max():F0}); plain median {Median(plain):F0} img/s " +
                  $"(min {plain.Min():F0}, max {plain.Max():F0}); ratio median {Median(ratios):F3} (min {ratios.Min():F3}, max {ratios.Max():F3}); target ≥ 0.97");
Console.WriteLine($"whole node (setup, per-epoch state, final evaluation included): median {Median(whole):F0} img/s; ratio to plain median {Median(wholeRatios):F3}");

// Memory: 20 epochs of a small model on the target task (25 small batches per epoch), RSS at each epoch end.
var memoryStore = Directory.CreateTempSubdirectory("ensdsl-bench-").FullName;
var rss = new List<double>();
var memoryPlan = Planner.Build(Report(Scratch(arch.Name, seed: 2).Train(20, data: EmbeddedTarget(), batchSize: 8)));
new LocalExecutor().Run(memoryPlan, new NodeStore(memoryStore), new ExecutionOptions(Device: "cpu"), new Quiet(_ =>
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    using var self = Process.GetCurrentProcess();
    rss.Add(self.WorkingSet64 / 1048576.0);
}), CancellationToken.None);
Directory.Delete(memoryStore, true);
Console.WriteLine($"memory: resident {rss[1]:F1} MiB after epoch 2, {rss[^1]:F1} MiB after epoch 20: growth {(rss[^1] / rss[1] - 1) * 100:+0.0;-0.0}% " +
                  $"(per epoch: {string.Join(" ", rss.Select(r => r.ToString("F0")))}); target ≤ 5%");

sealed class Quiet(Action<EpochReport>? onEpoch = null) : IRunObserver
{
    public void NodeStarted(PlanNode node) { }
    public void EpochEnded(PlanNode node, EpochReport report) => onEpoch?.Invoke(report);
    public void NodeFinished(NodeOutcome outcome) { }
    public void Note(PlanNode node, string message) { }
}
