using static EnsDsl.Prelude;
using static EnsDsl.Tests.TestSupport;

namespace EnsDsl.Tests.Planning;

/// <summary>Invalid plans, each reported with a code, a message and the line of the DSL call that caused it.</summary>
public class ValidationTests
{
    static readonly Pretrained Byol = Pretrained("byol");
    static Model Center => Byol.FineTune(epochs: 10, lr: 0.05, seed: 1);

    public record Case(string Name, Func<Report> Build, int Line, string Code, string Message)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases => new()
    {
        new("non-positive LR", () => Report(Byol.FineTune(lr: -0.1).Evaluate()), Line(), "ENS0201", "positive and finite"),
        new("NaN LR", () => Report(Byol.FineTune(lr: double.NaN).Evaluate()), Line(), "ENS0201", "positive and finite; got NaN"),
        new("infinite weight decay", () => Report(Byol.FineTune(wd: double.PositiveInfinity).Evaluate()), Line(), "ENS0201", "weight decay must be ≥ 0; got Infinity"),
        new("NaN cycle LR", () => Report(Center.StarSnapshots(cycles: 3, lr: double.NaN).Ensemble()), Line(), "ENS0201", "positive and finite; got NaN"),
        new("a non-finite number no rule names", () => Report(Byol.FineTune(optimizer: AdamW(eps: double.PositiveInfinity)).Evaluate()), Line(), "ENS0201", "FineTune: Infinity is not a value a plan can hold; every number must be finite"),
        new("zero LR", () => Report(Byol.FineTune(lr: 0).Evaluate()), Line(), "ENS0201", "positive and finite"),
        new("zero epochs", () => Report(Byol.FineTune(epochs: 0).Evaluate()), Line(), "ENS0201", "epochs must be ≥ 1"),
        new("zero batch size", () => Report(Byol.FineTune(batchSize: 0).Evaluate()), Line(), "ENS0201", "batch size"),
        new("momentum ≥ 1", () => Report(Byol.FineTune(optimizer: Sgd(momentum: 1.5)).Evaluate()), Line(), "ENS0201", "momentum must be in [0, 1)"),
        new("negative weight decay", () => Report(Byol.FineTune(wd: -1e-4).Evaluate()), Line(), "ENS0201", "weight decay"),
        new("negative cycle LR", () => Report(Center.Snapshots(cycles: 3, lr: -0.05).Ensemble()), Line(), "ENS0201", "positive and finite"),
        new("cycle of zero epochs", () => Report(Center.StarSnapshots(cycles: 3, epochs: 0).Ensemble()), Line(), "ENS0201", "epochs must be ≥ 1"),
        new("warm-up as long as the cycle", () => Report(Center.Snapshots(cycles: 3, epochs: 4, warmup: 4).Ensemble()), Line(), "ENS0201", "leaves none"),
        new("schedule longer than the step", () => Report(Byol.FineTune(epochs: 10, schedule: Cosine(25, lr: 0.1)).Evaluate()), Line(), "ENS0201", "but the step trains 10"),
        new("lr and a schedule with its own LR", () => Report(Byol.FineTune(lr: 0.1, schedule: Cosine(lr: 0.05)).Evaluate()), Line(), "ENS0201", "conflicts with the schedule"),
        new("soup across architectures", () => Report(Members(Center, Pretrained("byol", arch: "resnet18").FineTune(epochs: 10, lr: 0.05)).Soup()), Line(), "ENS0202", "different architectures"),
        new("soup across tasks", () => Report(Members(Center, Byol.FineTune(Cifar10(), epochs: 10, lr: 0.05)).Soup()), Line(), "ENS0202", "different tasks"),
        new("greedy soup without held-out images", () => Report(Members(Center, Center.Train(2)).Soup(SoupKind.Greedy)), Line(), "ENS0201", "trained on cifar100:datasets/cifar-100, which holds none out: train them on the dataset with .HoldOut() (spec cifar100:datasets/cifar-100?split=holdout"),
        new("greedy soup choosing on the validation setting's test split", () => Report(Members(Byol.FineTune(Cifar100().Validation()), Byol.FineTune(Cifar100().Validation(), seed: 3)).Soup(SoupKind.Greedy)), Line(), "ENS0201", "which holds none out"),
        new("training on a distribution-shift test set", () => Report(Byol.FineTune(Cifar100C("fog", 3)).Evaluate()), Line(), "ENS0201", "is a test set for distribution shift, with no training split"),
        new("ensemble across tasks", () => Report(Members(Center, Byol.FineTune(Cifar10(), epochs: 10, lr: 0.05)).Ensemble()), Line(), "ENS0202", "different tasks"),
        new("interpolation across architectures", () => Report(Interpolate(Center, Pretrained("byol", arch: "resnet18").FineTune(epochs: 10, lr: 0.05))), Line(), "ENS0202", "different architectures"),
        new("interpolation of one point", () => Report(Interpolate(Center, Center.Train(2), points: 1)), Line(), "ENS0201", "points"),
        new("a plane of two points a side", () => Report(Plane(Center, Center.Train(2), Center.Train(3), resolution: 2)), Line(), "ENS0201", "resolution is the number of points along each axis and must be ≥ 3"),
        new("a plane with a negative margin", () => Report(Plane(Center, Center.Train(2), Center.Train(3), margin: -0.1)), Line(), "ENS0201", "margin is the fraction of the models' span"),
        new("a plane through a model twice", () => Report(Plane(Center, Center.Train(2), Center)), Line(), "ENS0202", "the three models must be different models"),
        new("a plane across architectures", () => Report(Plane(Center, Center.Train(2), Pretrained("byol", arch: "resnet18").FineTune(epochs: 10, lr: 0.05))), Line(), "ENS0202", "different architectures"),
        new("a plane projecting a model of another task", () => Report(Plane(Center, Center.Train(2), Center.Train(3), project: Members(Byol.FineTune(Cifar10(), epochs: 10, lr: 0.05)))), Line(), "ENS0202", "different tasks"),
        new("Train keeps a head for other classes", () => Report(Center.Train(5, data: Cifar10()).Evaluate()), Line(), "ENS0202", "use FineTune"),
        new("continuing a missing optimizer state", () => Report(Byol.Train(5, resetOptimizer: false).Evaluate()), Line(), "ENS0201", "no training state"),
        new("non-positive image size", () => Report(Byol.FineTune(imageSize: 0).Evaluate()), Line(), "ENS0201", "imageSize must be a positive"),
        new("image size at the images' own size", () => Report(Scratch("cifar-resnet8x16").FineTune(EmbeddedTarget(), imageSize: 32).Evaluate()), Line(), "ENS0201", "trains at the images' own size"),
        new("label smoothing of 1", () => Report(Byol.FineTune(loss: CrossEntropy(smoothing: 1)).Evaluate()), Line(), "ENS0201", "label smoothing must be in [0, 1)"),
        new("negative Mixup α", () => Report(Byol.FineTune(loss: CrossEntropy(mixup: -0.8)).Evaluate()), Line(), "ENS0201", "Mixup's and CutMix's α must be ≥ 0"),
        new("non-positive gradient clipping", () => Report(Byol.FineTune(clipGradNorm: 0).Evaluate()), Line(), "ENS0201", "clipGradNorm must be a positive number"),
        new("drop-path of 1", () => Report(Pretrained("swin-t").FineTune(dropPath: 1).Evaluate()), Line(), "ENS0201", "dropPath must be in [0, 1)"),
        new("drop-path on a ResNet", () => Report(Byol.FineTune(dropPath: 0.1).Evaluate()), Line(), "ENS0201", "dropPath applies to Swin Transformers"),
        new("star branches that collapse", () => Report(Center.Star(3, m => m.Train(5, seed: 7)).Ensemble()), Line(), "ENS0203", "3 branches make only 1 distinct"),
        new("an ensemble of one model repeated", () => Report(Members(Center, Center, Center).Ensemble()), Line(), "ENS0202", "fine-tune is 3 of the 3 members, the same model each time"),
        new("a soup of a model and its copy", () => Report(Members(Center, Center.Train(2), Center).Soup()), Line(), "ENS0202", "is 2 of the 3 members"),
        new("two calls of one computation", () => Report(Members(Byol.FineTune(seed: 4), Byol.FineTune(seed: 4)).Ensemble()), Line(), "ENS0202", "the same model each time"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_the_error_at_the_line_that_caused_it(Case c)
    {
        var plan = EnsDsl.Planning.Planner.Build(c.Build());
        Assert.False(plan.IsValid, $"{c.Name}: no error");
        var error = Assert.Single(plan.Diagnostics, d => d.Code == c.Code);
        Assert.Contains(c.Message, error.Message);
        Assert.Equal(c.Line, error.Origin.Line);
        Assert.EndsWith("ValidationTests.cs", error.Origin.File);
    }

    public static TheoryData<string, Func<object>, int, string> Impossible => new()
    {
        { "zero cycles", () => Center.Snapshots(cycles: 0), Line(), "must be ≥ 1" },
        { "negative chain", () => Center.Chain(-1, m => m.Train(1)), Line(), "at least one step" },
        { "no seeds", () => Seeds(0), Line(), "at least one seed" },
        { "unknown source", () => Pretrained("byl"), Line(), "did you mean 'byol'?" },
        { "unknown architecture", () => Scratch("resnet51"), Line(), "did you mean 'resnet50'?" },
        { "unknown dataset kind", () => Data("cifar1000:x"), Line(), "unknown kind 'cifar1000'" },
        { "nothing follows an open-ended schedule", () => Cosine().Then(Constant(0.1)), Line(), "no fixed length" },
        { "soup of no members", () => Members().Soup(), Line(), "Soup of no members" },
    };

    [Theory]
    [MemberData(nameof(Impossible))]
    public void Calls_that_cannot_build_a_value_throw_at_their_line(string name, Func<object> call, int line, string message)
    {
        var e = Assert.Throws<DslException>(call);
        Assert.Contains(message, e.Message);
        Assert.True(line == e.Origin.Line, $"{name}: reported at line {e.Origin.Line}, expected {line}");
    }

    [Fact]
    public void All_errors_are_reported_at_once()
    {
        var plan = EnsDsl.Planning.Planner.Build(Report(Byol.FineTune(lr: -1).Evaluate(), Byol.FineTune(epochs: 0).Evaluate()));
        Assert.Equal(2, plan.Diagnostics.Length);
    }
}
