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
    [InlineData("cifar10:x?split=holdout", "cifar10", 10)]
    [InlineData("cifar100c:datasets/cifar100c?corruption=fog&severity=3", "cifar100c", 100)]
    [InlineData("cifar10c:x?corruption=gaussian_noise&severity=5", "cifar10c", 10)]
    [InlineData("cifar10.1:datasets/cifar10_1", "cifar10.1", 10)]
    [InlineData("cifar10.1:x?version=6", "cifar10.1", 10)]
    [InlineData("embedded:target?seed=1&split=holdout&corrupt=skip", "embedded", 20)]
    [InlineData("fashion-mnist:/usr/share/datasets/fashion-mnist", "fashion-mnist", 10)]
    [InlineData("mnist:datasets/mnist", "mnist", 10)]
    [InlineData("fashion-mnist:d?classes=5..9", "fashion-mnist", 5)]
    [InlineData("fashion-mnist:d?classes=9,3,0..1&per_class=20&per_class_seed=2&split=holdout", "fashion-mnist", 4)]
    [InlineData("cifar100:d?per_class=10", "cifar100", 100)]
    [InlineData("imagefolder:f?classes=1,0&per_class=3&corrupt=skip", "imagefolder", 2)]
    [InlineData("sun397:s?partition=2&classes=0..9&per_class=5", "sun397", 10)]
    [InlineData("cifar10c:x?corruption=fog&severity=2&classes=3,5", "cifar10c", 2)]
    public void Specs_round_trip(string spec, string kind, int? classes)
    {
        var d = Dataset.Parse(spec);
        Assert.Equal((kind, classes, spec), (d.Kind, d.NumberOfClasses, d.Spec));
        Assert.Equal(d, Dataset.Parse(d.Spec));
    }

    [Theory]
    [InlineData("datasets/cifar-100", "has no kind")]
    [InlineData("cifar1000:x", "unknown kind 'cifar1000'")]
    [InlineData("cifar100:", "no directory")]
    [InlineData("embedded:middle", "'source' or 'target'")]
    [InlineData("embedded:target?seed=-1", "non-negative integer")]
    [InlineData("cifar10:x?partition=2", "unknown option 'partition'")]
    [InlineData("cifar10:x?split=train", "split is 'test' (the default), 'val' (a validation split instead of the test split) or 'holdout'")]
    [InlineData("cifar10:x?corrupt=ignore", "corrupt is 'error' or 'skip'")]
    [InlineData("cifar100c:x?corruption=fgo&severity=3", "unknown corruption 'fgo'; the published ones: brightness, contrast")]
    [InlineData("cifar100c:x?corruption=fog&severity=6", "severity runs from 1 to 5, got 6")]
    [InlineData("cifar100c:x?corruption=fog", "give the severity (severity=1..5)")]
    [InlineData("cifar10c:x?severity=1", "name the corruption")]
    [InlineData("cifar10.1:x?version=5", "CIFAR-10.1's version is 4 or 6")]
    [InlineData("fashion-mnist:", "no directory")]
    [InlineData("fashion-mnist:d?classes=5..10", "fashion-mnist has classes 0..9; there is no class 10")]
    [InlineData("cifar10:d?classes=", "name at least one class")]
    [InlineData("cifar10:d?classes=3,4,3", "classes=3,4,3: class 3 is named twice")]
    [InlineData("cifar10:d?classes=5..3", "expected class indices and ranges separated by commas")]
    [InlineData("cifar10:d?classes=a", "expected class indices and ranges separated by commas")]
    [InlineData("cifar10:d?per_class=0", "per_class=0: draw at least one training image per class")]
    [InlineData("cifar100:d?per_class=501", "per_class=501: cifar100 has 500 training images per class")]
    [InlineData("fashion-mnist:d?per_class=6001", "per_class=6001: fashion-mnist has 6,000 training images per class")]
    [InlineData("cifar10:d?per_class_seed=3", "per_class_seed= is the seed of a per_class= draw")]
    [InlineData("cifar10.1:x?per_class=5", "cifar10.1 has no training images to draw from")]
    [InlineData("embedded:target?per_class=11", "per_class=11: embedded has 10 training images per class")]
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
        Assert.Equal("cifar100:d?split=holdout", data.HoldOut().Spec);
        Assert.Equal(SplitSetting.HoldOut, Dataset.Parse("cifar10:x?split=holdout").Split);
        Assert.False(data.HoldOut().Validation);
    }

    [Fact]
    public void Subsets_change_the_spec_only_when_set_and_count_the_images_they_keep()
    {
        var fashion = Prelude.FashionMnist();
        Assert.Equal("fashion-mnist:/usr/share/datasets/fashion-mnist", fashion.Spec);
        Assert.Equal((60_000, 10_000), (fashion.TrainImages, fashion.ScoredImages));
        var target = fashion.Classes([5, 6, 7, 8, 9]).PerClass(20, seed: 1);
        Assert.Equal("fashion-mnist:/usr/share/datasets/fashion-mnist?classes=5..9&per_class=20&per_class_seed=1", target.Spec);
        Assert.Equal((5, 100, 5_000), (target.NumberOfClasses, target.TrainImages, target.ScoredImages));
        Assert.Equal(target, Dataset.Parse(target.Spec));
        Assert.NotEqual(target, fashion.Classes([5, 6, 7, 8, 9]).PerClass(20, seed: 2));
        Assert.NotEqual(fashion.Classes([5, 6]), fashion.Classes([6, 5]));                     // the order gives the labels
        Assert.Equal(fashion.Classes([1, 0]), fashion.Classes([1, 0]));
        Assert.Equal("cifar10:d?classes=9,8,0..2", Prelude.Cifar10("d").Classes([9, 8, 0, 1, 2]).Spec);
        Assert.Equal((1, 3), (ClassSelection.Parse("5..9").LabelOf(6), ClassSelection.Parse("0,2,9,7").LabelOf(7)));
        Assert.Equal(-1, ClassSelection.Parse("5..9").LabelOf(4));
        // MNIST's digits are not balanced: whole splits are known, a subset's image count is not.
        Assert.Equal((60_000, (int?)null, 40), (Prelude.Mnist().TrainImages, Prelude.Mnist().Classes([0, 1]).TrainImages, Prelude.Mnist().Classes([0, 1]).PerClass(20).TrainImages));
        Assert.Null(fashion.Classes([0, 1]).Validation().ScoredImages);                          // the validation split's size is the files'
    }

    [Theory]
    [InlineData("classes", "Classes: class indices start at 0, got -1")]
    [InlineData("classes-unknown", "Classes: fashion-mnist has classes 0..9; there is no class 12")]
    [InlineData("classes-none", "Classes: name at least one class to keep")]
    [InlineData("per-class", "PerClass: per_class=7000: fashion-mnist has 6,000 training images per class")]
    [InlineData("per-class-shift", "PerClass: per_class=5: cifar10.1 has no training images to draw from")]
    public void Subset_members_refuse_what_cannot_be_drawn_at_their_line(string what, string message)
    {
        var e = Assert.Throws<DslException>(() => what switch
        {
            "classes" => Prelude.FashionMnist().Classes([3, -1]),
            "classes-unknown" => Prelude.FashionMnist().Classes([0, 12]),
            "classes-none" => Prelude.FashionMnist().Classes([]),
            "per-class" => Prelude.FashionMnist().PerClass(7000),
            _ => Prelude.Cifar10_1().PerClass(5),
        });
        Assert.Contains(message, e.Message);
        Assert.Equal(DiagnosticCodes.InvalidHyperParameter, e.Code);
        Assert.EndsWith("DatasetTests.cs", e.Origin.File);
    }

    [Fact]
    public void Shift_sets_are_made_by_name_and_a_wrong_name_is_located_with_the_published_ones()
    {
        Assert.Equal("cifar100c:datasets/cifar100c?corruption=fog&severity=3", Prelude.Cifar100C("fog", 3).Spec);
        Assert.Equal("cifar10.1:datasets/cifar10_1", Prelude.Cifar10_1().Spec);
        Assert.Equal(19, Prelude.CifarCorruptions.Count);
        Assert.All(Prelude.CifarCorruptions, c => Assert.False(Prelude.Cifar10C(c, 1).HasTrainingSplit));
        var e = Assert.Throws<DslException>(() => Prelude.Cifar100C("fgo", 3));
        Assert.Contains("Cifar100C: unknown corruption 'fgo'", e.Message);
        Assert.Equal(DiagnosticCodes.InvalidHyperParameter, e.Code);
    }

    [Theory]
    [InlineData("resnet50", "resnet50", true)]
    [InlineData("swin-t", "swin-t", false)]
    [InlineData("cifar-resnet8x16", "cifar-resnet8x16", true)]
    [InlineData("cifar-resnet20", "cifar-resnet20x16", true)]
    [InlineData("swin-e24-d2.2-h2.4-w5-p2-i20", "swin-e24-d2.2-h2.4-w5-p2-i20", false)]
    [InlineData("swin-e96-d2.2.6.2-h3.6.12.24-w7-p4-i224", "swin-t", false)]      // Swin-Tiny by its layout
    public void Architectures_parse(string name, string canonical, bool batchNorm)
    {
        var a = Architecture.Parse(name);
        Assert.Equal((canonical, batchNorm), (a.Name, a.HasBatchNorm));
    }

    [Theory]
    [InlineData("resnet50", "fc.")]
    [InlineData("cifar-resnet8x16", "fc.")]
    [InlineData("swin-t", "head.")]
    [InlineData("swin-e24-d2.2-h2.4-w5-p2-i20", "head.")]
    public void Heads_are_named_as_in_each_layout(string name, string prefix) => Assert.Equal(prefix, Architecture.Parse(name).HeadPrefix);

    [Theory]
    [InlineData("cifar-resnet9")]
    [InlineData("resnet34")]
    [InlineData("swin-e24-d2.2-h2-w5-p2-i20")]          // two stages, one head count
    [InlineData("swin-e24-d2.2-h2.4-w4-p2-i20")]        // 10×10 tokens are not tiled by 4×4 windows
    [InlineData("swin-e24-d2.2-h5.4-w5-p2-i20")]        // width 24 is not split by 5 heads
    [InlineData("swin-e24-d2.2.2-h2.4.8-w5-p2-i20")]    // 5×5 tokens cannot be merged
    [InlineData("swin-e24-d2.2-h2.4-w5-p3-i20")]        // 20 px is not a multiple of the patch
    public void Unknown_architectures_are_refused(string name) => Assert.Null(Architecture.TryParse(name));

    [Theory]
    [InlineData("swin-e24-d2.2-h2.4-w4-p2-i20", "stage 1's 10×10 token grid is not tiled by 4×4 windows")]
    [InlineData("swin-e24-d2.2-h5.4-w5-p2-i20", "stage 1's width 24 is not divisible by its 5 heads")]
    [InlineData("swin-e24-d2.2.2-h2.4.8-w5-p2-i20", "stage 2's 5×5 token grid cannot be merged")]
    public void A_Swin_layout_that_cannot_be_built_says_why(string name, string problem) =>
        Assert.Contains(problem, SwinLayout.TryParse(name)!.Problem());
}
