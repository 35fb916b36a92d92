using EnsDsl.Runtime.Imaging;
using EnsDsl.Runtime.Training;
using static EnsDsl.Prelude;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Training;

/// <summary>
/// The one dataset cache: nodes that read a dataset share one copy, in every form they read it; past its budget it lets
/// the least recently used datasets go without taking them from a node still reading them.
/// </summary>
public sealed class DatasetCacheTests : IDisposable
{
    readonly long budget = DatasetCache.Budget;

    public DatasetCacheTests() => DatasetCache.Clear();

    public void Dispose()
    {
        DatasetCache.Budget = budget;
        DatasetCache.Clear();
    }

    // Embedded target tasks of different seeds: different datasets of the same size.
    static Dataset Task(int seed) => EmbeddedTarget(seed);

    static long BytesOf(Dataset data)
    {
        DatasetCache.Clear();
        DatasetCache.Budget = long.MaxValue;
        DataTensors.For(data);
        var bytes = DatasetCache.HeldBytes;
        DatasetCache.Clear();
        return bytes;
    }

    [Fact]
    public void Every_reader_of_a_dataset_gets_the_same_tensors()
    {
        var (train, test) = DataTensors.For(Task(1));
        Assert.Same(train, DataTensors.For(Task(1)).Train);
        var (stepTrain, stepTest) = TrainingData.For(Task(1), Transform.Flip, 0, LoaderOptions.Default);
        Assert.Same(train.Images, ((TensorSplit)stepTrain).Images);          // the step's form shares the tensors
        Assert.Same(test.AllLabels, ((TensorSplit)stepTest).AllLabels);
        Assert.Same(stepTrain, TrainingData.For(Task(1), Transform.Flip, 0, LoaderOptions.Default).Train);
        Assert.Equal([Task(1).Spec], DatasetCache.Held);
    }

    [Fact]
    public void Past_its_budget_the_least_recently_used_dataset_goes_first()
    {
        var one = BytesOf(Task(1));
        Assert.True(one > 0);
        DatasetCache.Budget = 2 * one + one / 2;                  // room for two
        DataTensors.For(Task(1));
        DataTensors.For(Task(2));
        DataTensors.For(Task(1));                                  // 1 used after 2
        DataTensors.For(Task(3));
        Assert.Equal([Task(1).Spec, Task(3).Spec], DatasetCache.Held);
        Assert.True(DatasetCache.HeldBytes <= DatasetCache.Budget, $"{DatasetCache.HeldBytes} bytes held, budget {DatasetCache.Budget}");
    }

    [Fact]
    public void A_dataset_let_go_stays_whole_for_a_node_reading_it_and_reads_again_equal()
    {
        var one = BytesOf(Task(1));
        DatasetCache.Budget = one;                                 // room for one
        var (train, _) = DataTensors.For(Task(1));
        DataTensors.For(Task(2));
        Assert.Equal([Task(2).Spec], DatasetCache.Held);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var sum = train.Images.sum();                        // still readable by the node that holds it
        var again = DataTensors.For(Task(1)).Train;
        Assert.NotSame(train, again);
        Assert.True(train.Images.allclose(again.Images, rtol: 0, atol: 0), "a dataset read again is the same data");
        Assert.True(train.AllLabels.allclose(again.AllLabels, rtol: 0, atol: 0));
    }

    [Fact]
    public void The_dataset_asked_for_stays_even_when_it_alone_exceeds_the_budget()
    {
        DatasetCache.Budget = 1;
        DataTensors.For(Task(1));
        DataTensors.For(Task(2));
        Assert.Equal([Task(2).Spec], DatasetCache.Held);
    }
}
