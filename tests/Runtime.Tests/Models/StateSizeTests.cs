using EnsDsl.Runtime.Models;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Models;

/// <summary>The Dsl's count of each architecture's state dict (what plans estimate the store from) is the real networks'.</summary>
public class StateSizeTests
{
    [Theory]
    [InlineData("cifar-resnet8x16", 20)]
    [InlineData("cifar-resnet20x32", 100)]
    [InlineData("resnet18", 10)]
    [InlineData("resnet50", 100)]
    [InlineData("resnet50", 397)]
    [InlineData("swin-t", 100)]
    [InlineData("swin-e24-d2.2-h2.4-w5-p2-i20", 20)]
    [InlineData("swin-e24-d2-h2-w5-p4-i20", 10)]
    public void The_planned_size_of_a_network_is_its_state_dicts(string name, int classes)
    {
        var arch = Architecture.Parse(name);
        using var model = Networks.Create(arch, classes, new Generator().manual_seed(1));
        var state = model.state_dict();
        long Count(Func<ScalarType, bool> dtype) => state.Values.Where(t => dtype(t.dtype)).Sum(t => t.numel());
        var parameters = model.parameters().Sum(p => p.numel());
        var floats = Count(t => t == ScalarType.Float32) - parameters;
        var integers = Count(t => t == ScalarType.Int64);
        Assert.Equal(state.Values.Sum(t => t.numel()), parameters + floats + integers);   // no other dtype
        Assert.Equal(new StateSize(parameters, floats, integers), arch.StateSize(classes));
    }
}
