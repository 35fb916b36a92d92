using EnsDsl.Runtime.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Models;

/// <summary>Weights that do not make a classifier of the architecture: the message says which keys or shapes disagree.</summary>
public sealed class WeightsMismatchException(string message) : Exception(message);

/// <summary>
/// A classifier rebuilt from stored weights: what the runners (evaluation, soups, paths) and <c>ensdsl eval</c> share.
/// </summary>
public static class Classifier
{
    /// <summary>
    /// A network of <paramref name="arch"/> holding <paramref name="weights"/> (whose head fixes the class count), on
    /// <paramref name="device"/>, in eval mode.
    /// </summary>
    /// <exception cref="WeightsMismatchException">The weights have no head, or do not fit the architecture.</exception>
    public static nn.Module<Tensor, Tensor> FromWeights(Architecture arch, IReadOnlyDictionary<string, Tensor> weights, Device device)
    {
        var head = $"{arch.HeadPrefix}weight";
        if (!weights.TryGetValue(head, out var fc))
            throw new WeightsMismatchException($"no '{head}' tensor: these are not the weights of a classifier that ensdsl knows");
        var model = Networks.Create(arch, (int)fc.shape[0], Generators.For(0, "load"));
        var fit = StateDictFit.Of(weights, model.state_dict());
        if (!fit.Fits)
        {
            model.Dispose();
            throw new WeightsMismatchException($"the weights do not fit a {arch.Name}: {fit.Describe()}");
        }
        Networks.Load(model, weights);
        model.to(device);
        model.eval();
        return model;
    }
}
