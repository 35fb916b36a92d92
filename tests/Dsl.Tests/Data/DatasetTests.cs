namespace EnsDsl.Tests.DataSpecs;

public class DatasetTests
{
    [Theory]
    [InlineData("cifar100:datasets/cifar-100", "cifar100", 100)]
    [InlineData("cifar10:/data/cifar-10", "cifar10", 10)]
    [InlineData("sun397:datasets/sun397", "sun397", 397)]
    [InlineData("sun397:datasets/sun397?partition=2", "sun397", 397)]
    [InlineData("imagefolder:datasets/flowers", "imagefolder", null)]
    [InlineData("embedded:source", "embedded", 40)]
    [InlineData("embedded:target?seed=3", "embedded", 20)]
    [InlineData("cifar100:datasets/cifar-100?split=val", "cifar100", 100)]
    [InlineData("sun397:datasets/sun397?partition=2&split=val&corrupt=skip", "sun397", 397)]
    [InlineData("imagefolder:x?corrupt=skip", "imagefolder", null)]
    public void Specs_round_trip(string spec, string kind, int? classes)
    {
        var d = Dataset.Parse(spec);
        Assert.Equal((kind, classes, spec), (d.Kind, d.Classes, d.Spec));
        Assert.Equal(d, Dataset.Parse(d.Spec));
    }

    [Theory]
    [InlineData("datasets/cifar-100", "has no kind")]
    [InlineData("cifar1000:x", "unknown kind 'cifar1000'")]
    [InlineData("cifar100:", "no directory")]
    [InlineData("embedded:middle", "'source' or 'target'")]
    [InlineData("embedded:target?seed=-1", "non-negative integer")]
    [InlineData("cifar10:x?partition=2", "unknown option 'partition'")]
    [InlineData("cifar10:x?split=train", "split is 'val'")]
    [InlineData("cifar10:x?corrupt=ignore", "corrupt is 'error' or 'skip'")]
    public void Bad_specs_say_what_is_expected(string spec, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => Dataset.Parse(spec)).Message);

    [Fact]
    public void Validation_and_corrupt_policy_are_part_of_the_spec_only_when_set()
    {
        var data = Prelude.Cifar100("d");
        Assert.Equal("cifar100:d", data.Spec);
        Assert.Equal("cifar100:d?split=val", data.Validation().Spec);
        Assert.Equal("cifar100:d?split=val&corrupt=skip", data.Validation().SkipCorruptImages().Spec);
        Assert.Equal("sun397:s?partition=3&corrupt=skip", Prelude.Sun397("s", 3).SkipCorruptImages().Spec);
        Assert.True(Dataset.Parse("embedded:target?seed=2&split=val").Validation);
    }

    [Theory]
    [InlineData("resnet50", "resnet50", true)]
    [InlineData("swin-t", "swin-t", false)]
    [InlineData("cifar-resnet8x16", "cifar-resnet8x16", true)]
    [InlineData("cifar-resnet20", "cifar-resnet20x16", true)]
    public void Architectures_parse(string name, string canonical, bool batchNorm)
    {
        var a = Architecture.Parse(name);
        Assert.Equal((canonical, batchNorm), (a.Name, a.HasBatchNorm));
    }

    [Theory]
    [InlineData("cifar-resnet9")]
    [InlineData("resnet34")]
    public void Unknown_architectures_are_refused(string name) => Assert.Null(Architecture.TryParse(name));
}
