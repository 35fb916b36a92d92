// The C# side of bench/run.sh: the ensdsl engine or a plain TorchSharp loop, one per process, on data files shared
// with the PyTorch peer (bench/Peers/pytorch_peer.py). Both processes get the settings the ensdsl command gives
// itself (glibc's allocator thresholds here, dynamic PGO off from bench/run.sh, channels-last batches in the loops),
// so that engine / plain measures the engine and not the process. Every measurement prints
//   RESULT <section> <config> <who> <value>
// which bench/run.sh collects into its table.
//
//   data   <prefix> <count> <size> <classes>                 writes <prefix>.x (float32 N×3×S×S) and <prefix>.y (int64)
//   train  engine|plain <arch> <size> <batch> <steps> <classes> <prefix> <measurements> <threads>
//   eval   engine|plain <arch> <size> <batch> <count> <classes> <prefix> <measurements> <threads>
//   swin-train <arch> <size> <batch> <steps> <classes> <prefix> <measurements> <threads>    the Swin recipe's step (bench/swin.sh)
//   embedded <prefix>                                        writes the embedded target task's training split (memory's data)
//   memory engine|plain <epochs> <threads>                   a 20-epoch run: resident memory per epoch end, peak
//   optimizer <arch> <steps> <threads>                       one SGD step's time: the engine's, libtorch's fused and for-each kernels
using System.Diagnostics;
using EnsDsl.Runtime.Randomness;
using EnsDsl;
using EnsDsl.Bench;
using EnsDsl.Planning;
using Throughput = EnsDsl.Bench.Throughput;     // the bench's measurements, not the plan's record of a measured speed
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Training;
using static EnsDsl.Prelude;
using static TorchSharp.torch;

if (args[0] != "data") EnsDsl.Runtime.Torch.HostAllocator.Configure();     // as src/Cli/Program.cs, for the engine and the plain loop alike
return args[0] switch
{
    "data" => SharedData.Write(args[1], int.Parse(args[2]), int.Parse(args[3]), int.Parse(args[4])),
    "train" => Throughput.Train(args[1], args[2], int.Parse(args[3]), int.Parse(args[4]), int.Parse(args[5]), int.Parse(args[6]), args[7], int.Parse(args[8]), int.Parse(args[9])),
    "eval" => Throughput.Evaluate(args[1], args[2], int.Parse(args[3]), int.Parse(args[4]), int.Parse(args[5]), int.Parse(args[6]), args[7], int.Parse(args[8]), int.Parse(args[9])),
    "swin-train" => Throughput.Train("engine", args[1], int.Parse(args[2]), int.Parse(args[3]), int.Parse(args[4]), int.Parse(args[5]), args[6], int.Parse(args[7]), int.Parse(args[8]),
        SwinTraining.Step(int.Parse(args[3])), SwinTraining.DropPath),
    "embedded" => SharedData.WriteEmbeddedTarget(args[1]),
    "memory" => Memory.Run(args[1], int.Parse(args[2]), int.Parse(args[3])),
    "optimizer" => OptimizerStep.Run(args[1], int.Parse(args[2]), int.Parse(args[3])),
    _ => throw new ArgumentException($"unknown mode {args[0]}"),
};

namespace EnsDsl.Bench
{
    /// <summary>Data both sides read: seeded normal "images" (the statistics of normalised photographs) and uniform labels.</summary>
    static class SharedData
    {
        public static int Write(string prefix, int count, int size, int classes)
        {
            var generator = new Generator(7);
            using var x = randn([count, 3, size, size], generator: generator);
            using var y = randint(classes, [count], generator: generator);
            File.WriteAllBytes(prefix + ".x", x.bytes.ToArray());
            File.WriteAllBytes(prefix + ".y", y.bytes.ToArray());
            return 0;
        }

        /// <summary>The data of the memory runs: ensdsl reads it itself, the PyTorch peer from these files.</summary>
        public static int WriteEmbeddedTarget(string prefix)
        {
            var (train, _) = DataTensors.For(EmbeddedTarget());
            File.WriteAllBytes(prefix + ".x", train.Images.bytes.ToArray());
            File.WriteAllBytes(prefix + ".y", train.Labels.bytes.ToArray());
            return 0;
        }

        public static TensorSplit Read(string prefix, int size, int classes)
        {
            var xBytes = File.ReadAllBytes(prefix + ".x");
            var yBytes = File.ReadAllBytes(prefix + ".y");
            var x = empty([xBytes.Length / 4 / (3 * size * size), 3, size, size], ScalarType.Float32).DetachFromDisposeScope();
            x.bytes = xBytes;
            var y = empty([yBytes.Length / 8], ScalarType.Int64).DetachFromDisposeScope();
            y.bytes = yBytes;
            return new TensorSplit(x, y, classes);
        }
    }

    /// <summary>
    /// Training and evaluation throughput. A training measurement builds a fresh model and optimizer, trains them on
    /// one batch (warm-up: kernels chosen, buffers and the optimizer's state allocated, as on every side), then times
    /// one epoch with them. An evaluation measurement times the whole test set after a warm-up batch.
    /// </summary>
    static class Throughput
    {
        const double Lr = 0.05, Momentum = 0.9, Wd = 1e-4;      // the authors' BYOL fine-tune (SGD, wd 1e-4)

        static string Config(string arch, int size, int batch) => $"{arch}@{size}px,b{batch}";

        /// <summary>
        /// Timed epochs of the engine (with <paramref name="step"/>, by default the authors' SGD step, and a Swin's
        /// <paramref name="dropPath"/>) or of the plain loop.
        /// </summary>
        public static int Train(string who, string arch, int size, int batch, int steps, int classes, string prefix, int measurements, int threads,
            TrainStep? step = null, double dropPath = 0)
        {
            set_num_threads(threads);
            var data = SharedData.Read(prefix, size, classes);
            if (data.Count != batch * steps) throw new ArgumentException($"{prefix} holds {data.Count} images, not {batch}×{steps}");
            var warmUp = (TensorSplit)data.Subset([.. Enumerable.Range(0, batch)]);
            for (int i = 0; i < measurements; i++)
            {
                var seconds = who == "engine" ? Engine(arch, data, warmUp, step ?? SgdStep(batch), dropPath) : Plain(arch, data, warmUp, batch);
                Console.WriteLine($"RESULT train {Config(arch, size, batch)} {who} {data.Count / seconds:F3}");
            }
            return 0;
        }

        static nn.Module<Tensor, Tensor> Model(string arch, int classes, double dropPath = 0) =>
            Networks.Create(Architecture.Parse(arch), classes, Generators.For(1, "init"), dropPath);

        static TrainStep SgdStep(int batch) => new(EmbeddedSource(), 1, new ConstantSchedule(Lr), false, new Sgd(Momentum, Wd), batch, Head.New,
            true, 1, Lr, new Loss(), Transform.None, 0, null, false, false, "bench");

        // The engine's training loop as the executor's TrainRunner calls it: Trainer, TensorOptimizer, TensorSplit.
        static double Engine(string arch, TensorSplit data, TensorSplit warmUp, TrainStep step, double dropPath)
        {
            using var model = Model(arch, data.Classes, dropPath);
            using var optimizer = TensorOptimizer.Create(step.Optimizer, model.named_parameters().Select(p => (p.name, p.parameter)));
            Trainer.Run(model, optimizer, step, 1, warmUp, 0, CPU, _ => { }, CancellationToken.None);
            var watch = Stopwatch.StartNew();
            Trainer.Run(model, optimizer, step, 1, data, 0, CPU, _ => { }, CancellationToken.None);
            return watch.Elapsed.TotalSeconds;
        }

        static double Plain(string arch, TensorSplit data, TensorSplit warmUp, int batch)
        {
            using var model = Model(arch, data.Classes);
            using var optimizer = PlainLoop.Sgd(model);
            PlainLoop.Epoch(model, optimizer, warmUp, batch, new Generator(1));
            var watch = Stopwatch.StartNew();
            PlainLoop.Epoch(model, optimizer, data, batch, new Generator(1));
            return watch.Elapsed.TotalSeconds;
        }

        public static int Evaluate(string who, string arch, int size, int batch, int count, int classes, string prefix, int measurements, int threads)
        {
            set_num_threads(threads);
            var data = SharedData.Read(prefix, size, classes);
            if (data.Count != count) throw new ArgumentException($"{prefix} holds {data.Count} images, not {count}");
            using var model = Model(arch, classes);
            Func<TensorSplit, Tensor> evaluate = who == "engine" ? d => Evaluator.LogProbabilities(model, d, CPU, batch) : d => PlainEvaluation(model, d, batch);
            evaluate((TensorSplit)data.Subset([.. Enumerable.Range(0, Math.Min(batch, count))])).Dispose();
            for (int i = 0; i < measurements; i++)
            {
                var watch = Stopwatch.StartNew();
                evaluate(data).Dispose();
                Console.WriteLine($"RESULT eval {Config(arch, size, batch)} {who} {count / watch.Elapsed.TotalSeconds:F3}");
            }
            return 0;
        }

        static Tensor PlainEvaluation(nn.Module<Tensor, Tensor> model, TensorSplit data, int batch)
        {
            model.eval();
            using var noGrad = no_grad();
            var parts = new List<Tensor>();
            for (int start = 0; start < data.Count; start += batch)
            {
                using var scope = NewDisposeScope();
                var x = PlainLoop.ChannelsLast(data.Images.narrow(0, start, Math.Min(batch, data.Count - start)));
                parts.Add(nn.functional.log_softmax(model.call(x), 1).MoveToOuterDisposeScope());
            }
            var all = cat(parts, 0);
            foreach (var p in parts) p.Dispose();
            return all;
        }
    }

    /// <summary>
    /// Resident memory over a 20-epoch training run of cifar-resnet8x16 on the embedded target task (batch 8, so many
    /// small batches): the engine as users run it (a plan through the local executor: per-epoch resumable state in the
    /// store, the final evaluation), or a plain TorchSharp loop. The PyTorch peer trains on the same tensors.
    /// </summary>
    static class Memory
    {
        public const string Arch = "cifar-resnet8x16";
        public const int Batch = 8;

        public static int Run(string who, int epochs, int threads)
        {
            set_num_threads(threads);
            var rss = new List<double>();
            var anonymous = new List<double>();
            void Sample()
            {
                rss.Add(Status("VmRSS"));
                anonymous.Add(Status("RssAnon"));
            }
            if (who == "engine")
            {
                var store = Directory.CreateTempSubdirectory("ensdsl-bench-").FullName;
                var plan = Planner.Build(Report(Scratch(Arch, seed: 2).Train(epochs, Constant(0.05), Sgd(0.9, 1e-4), data: EmbeddedTarget(), batchSize: Batch)));
                var report = new LocalExecutor().Run(plan, new NodeStore(store), new ExecutionOptions(Device: "cpu"), new EpochHook(Sample), CancellationToken.None);
                Directory.Delete(store, true);
                if (!report.Succeeded) throw new InvalidOperationException(string.Join("; ", report.Failures.Select(f => f.Error)));
            }
            else
            {
                var (train, _) = DataTensors.For(EmbeddedTarget());     // the engine's executor loads its own
                using var model = Networks.Create(Architecture.Parse(Arch), train.Classes, Generators.For(2, "init"));
                using var optimizer = PlainLoop.Sgd(model);
                for (int epoch = 0; epoch < epochs; epoch++)
                {
                    PlainLoop.Epoch(model, optimizer, train, Batch, new Generator((ulong)epoch));
                    Sample();
                }
            }
            Console.WriteLine($"RESULT memory-epoch2 {Arch} {who} {rss[1]:F1}");
            Console.WriteLine($"RESULT memory-epoch{epochs} {Arch} {who} {rss[^1]:F1}");
            Console.WriteLine($"RESULT memory-growth {Arch} {who} {(rss[^1] / rss[1] - 1) * 100:F2}");
            Console.WriteLine($"RESULT memory-peak {Arch} {who} {Status("VmHWM"):F1}");
            Console.WriteLine($"RESULT memory-anonymous-epoch{epochs} {Arch} {who} {anonymous[^1]:F1}");
            Console.WriteLine($"RESULT memory-end {Arch} {who} {Status("VmRSS"):F1}");
            Console.WriteLine($"RESULT memory-anonymous-end {Arch} {who} {Status("RssAnon"):F1}");
            return 0;
        }

        // MiB, from /proc/self/status. VmRSS: resident now; VmHWM: its peak; RssAnon: the part that is not mapped files.
        // libtorch's first kernels page in some 200 MB of its 500 MB libtorch_cpu.so, which VmRSS counts and RssAnon
        // does not.
        static double Status(string key) =>
            File.ReadLines("/proc/self/status").Where(l => l.StartsWith(key + ":", StringComparison.Ordinal))
                .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).Single();
    }

    /// <summary>
    /// The plain TorchSharp peer, written as a TorchSharp user tuning for speed would: torch.optim.SGD (the authors'
    /// momentum 0.9 and weight decay 1e-4), a dispose scope per batch, the running loss and accuracy kept on the device
    /// and read once at the epoch end (as the engine and the PyTorch peer do), batches channels-last.
    /// </summary>
    static class PlainLoop
    {
        /// <summary>
        /// The batch stored channels-last, which oneDNN's convolutions read without reordering (TorchSharp has no
        /// memory_format argument; this is the usual way to write it).
        /// </summary>
        public static Tensor ChannelsLast(Tensor x) => x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

        public static optim.Optimizer Sgd(nn.Module model) => optim.SGD(model.parameters(), 0.05, momentum: 0.9, weight_decay: 1e-4);

        public static void Epoch(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, TensorSplit data, int batch, Generator generator)
        {
            model.train();
            using var order = randperm(data.Count, generator: generator);
            using var lossSum = zeros(1, dtype: ScalarType.Float64);
            using var correct = zeros(1, dtype: ScalarType.Int64);
            for (int start = 0; start < data.Count; start += batch)
            {
                using var scope = NewDisposeScope();
                var index = order.narrow(0, start, Math.Min(batch, data.Count - start));
                var x = ChannelsLast(data.Images.index_select(0, index));
                var y = data.Labels.index_select(0, index);
                optimizer.zero_grad();
                var logits = model.call(x);
                var loss = nn.functional.cross_entropy(logits, y);
                loss.backward();
                optimizer.step();
                lossSum.add_(loss.detach().to(ScalarType.Float64) * x.shape[0]);
                correct.add_(logits.detach().argmax(1).eq(y).sum());
            }
            _ = lossSum.item<double>() + correct.item<long>();
        }
    }

    /// <summary>
    /// The profile's question about the optimizer (docs/benchmarks/throughput.md): how long one SGD step (momentum 0.9,
    /// wd 1e-4) over a network's parameters takes with the engine's per-parameter step, and with libtorch's fused
    /// (<c>_fused_sgd_</c>) and for-each kernels, reached through TorchScript since TorchSharp exposes neither.
    /// </summary>
    static class OptimizerStep
    {
        const string Script = """
            def fused(params: List[Tensor], grads: List[Tensor], bufs: List[Tensor], wd: float, mu: float, lr: float):
                torch._fused_sgd_(params, grads, bufs, weight_decay=wd, momentum=mu, lr=lr, dampening=0.0, nesterov=False, maximize=False, is_first_step=False)

            def foreach(params: List[Tensor], grads: List[Tensor], bufs: List[Tensor], wd: float, mu: float, lr: float):
                g = torch._foreach_add(grads, params, alpha=wd)
                torch._foreach_mul_(bufs, mu)
                torch._foreach_add_(bufs, g)
                torch._foreach_add_(params, bufs, alpha=-lr)

            """;                                       // TorchScript's parser needs the final newline

        public static int Run(string arch, int steps, int threads)
        {
            set_num_threads(threads);
            using var model = Networks.Create(Architecture.Parse(arch), 100, Generators.For(1, "init"));
            var named = model.named_parameters().ToList();
            foreach (var (_, p) in named) p.grad = randn_like(p);
            using var engine = TensorOptimizer.Create(new Sgd(0.9, 1e-4), named.Select(p => (p.name, p.parameter)));
            using var unit = jit.compile(Script);
            var parameters = named.Select(p => (Tensor)p.parameter).ToArray();
            var gradients = named.Select(p => p.parameter.grad!).ToArray();
            var buffers = named.Select(p => zeros_like(p.parameter)).ToArray();
            for (int round = 0; round < 3; round++)
                foreach (var kind in new[] { "engine", "fused", "foreach" })
                {
                    var watch = Stopwatch.StartNew();
                    for (int i = 0; i < steps; i++)
                        if (kind == "engine") engine.Step(0.05);
                        else using (no_grad()) unit.invoke(kind, parameters, gradients, buffers, 1e-4, 0.9, 0.05);
                    Console.WriteLine($"RESULT sgd-step-ms {arch} {kind} {watch.Elapsed.TotalMilliseconds / steps:F2}");
                }
            return 0;
        }
    }

    sealed class EpochHook(Action onEpoch) : IRunObserver
    {
        public void NodeStarted(PlanNode node) { }
        public void EpochEnded(PlanNode node, EpochReport report) => onEpoch();
        public void NodeFinished(NodeOutcome outcome) { }
        public void Note(PlanNode node, string message) { }
    }
}
