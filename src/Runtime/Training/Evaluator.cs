using EnsDsl.Runtime.Torch;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace EnsDsl.Runtime.Training;

/// <summary>Test-set predictions and the metrics computed from them.</summary>
public static class Evaluator
{
    /// <summary>Log-probabilities (N × classes, float32, CPU) of <paramref name="model"/> on <paramref name="data"/>.</summary>
    public static Tensor LogProbabilities(Module<Tensor, Tensor> model, DataSplit data, Device device, int batchSize = 500)
    {
        model.eval();
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        foreach (var (images, labels) in data.Batches(batchSize))
        {
            using var section = GcSafeSection.Enter();
            using var batch = images;
            using var batchLabels = labels;
            using var scope = NewDisposeScope();
            parts.Add(functional.log_softmax(model.call(ConvolutionLayout.ForNetwork(images.to(device))), 1).cpu().MoveToOuterDisposeScope());
        }
        var result = cat(parts, 0).DetachFromDisposeScope();
        foreach (var p in parts) p.Dispose();
        return result;
    }

    /// <summary>Accuracy and mean negative log-likelihood of log-probabilities against labels.</summary>
    public static (double Accuracy, double Nll) Metrics(Tensor logProbabilities, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var accuracy = logProbabilities.argmax(1).eq(labels).to(ScalarType.Float64).mean().item<double>();
        var nll = -logProbabilities.to(ScalarType.Float64).gather(1, labels.view(-1, 1)).mean().item<double>();
        return (accuracy, nll);
    }
}
