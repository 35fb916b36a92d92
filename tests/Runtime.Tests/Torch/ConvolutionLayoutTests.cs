using EnsDsl.Planning;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Randomness;
using EnsDsl.Runtime.Torch;
using EnsDsl.Runtime.Training;
using TorchSharp;
using static EnsDsl.Prelude;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Torch;

/// <summary>
/// Batches enter networks channels-last on CPU while oneDNN is on (<see cref="ConvolutionLayout"/>): same results up to
/// float rounding, reproducible to the bit, parameters left in their usual layout. Each test sets oneDNN itself (the
/// process-wide setting depends on which networks other tests built before) and restores it.
/// </summary>
public class ConvolutionLayoutTests
{
    static Tensor Images(long n, long size, ulong seed) => randn([n, 3, size, size], generator: new Generator(seed));

    [Fact]
    public void Channels_last_keeps_shape_and_values_and_changes_only_the_strides()
    {
        var x = Images(4, 6, 1);
        var channelsLast = ConvolutionLayout.ToChannelsLast(x);
        Assert.Equal(x.shape, channelsLast.shape);
        Assert.True(channelsLast.eq(x).all().item<bool>());
        Assert.Equal([108L, 1, 18, 3], channelsLast.stride());
        Assert.True(ConvolutionLayout.IsChannelsLast(channelsLast));
        Assert.False(ConvolutionLayout.IsChannelsLast(x));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Batches_go_channels_last_on_cpu_only_while_oneDNN_is_on(bool oneDnn, bool channelsLast)
    {
        using var forced = CpuKernels.Forced(oneDnn);
        var batch = ConvolutionLayout.ForNetwork(Images(2, 8, 2));
        Assert.Equal(channelsLast, ConvolutionLayout.IsChannelsLast(batch));
        Assert.False(ConvolutionLayout.IsChannelsLast(ConvolutionLayout.ForNetwork(zeros(2, 3))));   // not images
    }

    /// <summary>Logits and the gradient of every parameter of one training pass, each flattened in logical order.</summary>
    static (T[] Logits, T[][] Gradients) Pass<T>(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels) where T : unmanaged
    {
        using var scope = NewDisposeScope();
        model.zero_grad();
        var logits = model.call(images);
        nn.functional.cross_entropy(logits, labels).backward();
        var gradients = model.parameters().Select(p => p.grad!.contiguous().data<T>().ToArray()).ToArray();
        return (logits.contiguous().data<T>().ToArray(), gradients);
    }

    static double Norm(IEnumerable<double> values) => Math.Sqrt(values.Sum(v => v * v));

    [Fact]
    public void A_cifar_resnet_computes_the_same_pass_channels_last_finite_and_reproducible_to_the_bit()
    {
        using var forced = CpuKernels.Forced(true);
        // The widths of the networks that keep oneDNN on (16, 32, 64 channels); a batch big enough to be split over threads.
        var model = Networks.Create(Architecture.CifarResNet(8, 16), 10, Generators.For(3, "init"));
        Assert.True(CpuKernels.MkldnnEnabled);
        model.train();
        var images = Images(64, 32, 4);
        var labels = randint(0, 10, [64], generator: new Generator(5UL));
        var (logits, gradients) = Pass<float>(model, images, labels);
        var channelsLast = ConvolutionLayout.ToChannelsLast(images);
        var (first, firstGradients) = Pass<float>(model, channelsLast, labels);

        // The same computation in another summation order. Against a float64 reference, relative errors measured (Intel
        // Xeon, 2 threads): logits 2e-7 NCHW, 7e-7 channels-last; gradients up to 3e-4 NCHW, 4e-4 channels-last (the
        // channels-last batch-norm backward sums over N·H·W sequentially: 2e-4 where NCHW's pairwise sums give 6e-7).
        var reference = Networks.Create(Architecture.CifarResNet(8, 16), 10, Generators.For(3, "init"));
        reference.to(ScalarType.Float64);
        reference.train();
        var (exactLogits, exactGradients) = Pass<double>(reference, images.to(ScalarType.Float64), labels);
        static double Error(float[] value, double[] exact) => Norm(value.Zip(exact, (a, b) => a - b)) / Norm(exact);
        foreach (var (computed, layout) in new[] { (logits, "NCHW"), (first, "channels-last") })
            Assert.True(Error(computed, exactLogits) < 1e-5, $"{layout} logits: relative error {Error(computed, exactLogits):E2}");
        foreach (var (computed, layout) in new[] { (gradients, "NCHW"), (firstGradients, "channels-last") })
            for (int i = 0; i < computed.Length; i++)
                Assert.True(Error(computed[i], exactGradients[i]) < 1e-3, $"{layout} gradient {i}: relative error {Error(computed[i], exactGradients[i]):E2}");
        Assert.NotEqual(gradients.SelectMany(g => g), firstGradients.SelectMany(g => g));   // it did run other kernels

        for (int i = 0; i < 20; i++)
        {
            var (again, againGradients) = Pass<float>(model, channelsLast, labels);
            Assert.All(againGradients.SelectMany(g => g), g => Assert.True(float.IsFinite(g)));
            Assert.Equal(first, again);
            Assert.Equal(firstGradients.SelectMany(g => g), againGradients.SelectMany(g => g));
        }
        Assert.All(model.parameters(), p => Assert.True(p.is_contiguous()));
    }

    /// <summary>A network that records the layout of every batch it is given.</summary>
    sealed class Probe : nn.Module<Tensor, Tensor>
    {
        readonly nn.Module<Tensor, Tensor> inner;
        readonly List<bool> layouts;

        public Probe(nn.Module<Tensor, Tensor> inner, List<bool> layouts) : base("Probe")
        {
            this.inner = inner;
            this.layouts = layouts;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            layouts.Add(ConvolutionLayout.IsChannelsLast(x));
            return inner.call(x);
        }
    }

    [Fact]
    public void The_trainer_the_evaluator_and_BN_recomputation_give_networks_channels_last_batches_and_keep_parameters_in_their_layout()
    {
        using var forced = CpuKernels.Forced(true);
        var data = DataTensors.For(EmbeddedTarget()).Train;
        var step = Planner.Build(Report(Scratch("cifar-resnet8x16", seed: 1).Train(1, data: EmbeddedTarget(), lr: 0.05, batchSize: 64).Evaluate()))
            .Nodes.OfType<TrainNode>().Single().Step;
        var network = Networks.Create(Architecture.CifarResNet(8, 16), data.Classes, Generators.For(1, "init"));
        var layouts = new List<bool>();
        var probe = new Probe(network, layouts);
        using var optimizer = TensorOptimizer.Create(step.Optimizer, probe.named_parameters().Select(p => (p.name, p.parameter)));
        Trainer.Run(probe, optimizer, step, 1, data, 0, CPU, _ => { }, CancellationToken.None);
        Assert.Equal(Trainer.BatchesPerEpoch(step, data.Count), layouts.Count);
        using var predictions = Evaluator.LogProbabilities(probe, data, CPU, batchSize: 100);
        Assert.Equal(Trainer.BatchesPerEpoch(step, data.Count) + 2, layouts.Count);
        WeightOps.RecomputeBatchNorm(probe, [Images(16, 20, 6), Images(16, 20, 7)]);     // a soup's BN statistics
        Assert.Equal(Trainer.BatchesPerEpoch(step, data.Count) + 4, layouts.Count);
        Assert.All(layouts, Assert.True);
        Assert.All(probe.parameters(), p => Assert.True(p.is_contiguous()));
        Assert.All(optimizer.StateDict().Values, s => Assert.True(s.is_contiguous()));
    }
}
