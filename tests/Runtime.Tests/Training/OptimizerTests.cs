using EnsDsl.Runtime.Training;
using Newtonsoft.Json.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Tests.Training;

/// <summary>
/// The engine's SGD and AdamW follow PyTorch's trajectories step by step (Fixtures/optimizer_reference.json, made with
/// Debian's python3-torch by Fixtures/make_optimizer_reference.py).
/// </summary>
public class OptimizerTests
{
    static readonly JObject Fixture = JObject.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Training", "Fixtures", "optimizer_reference.json")));

    public static TheoryData<string> Cases => [.. Fixture["cases"]!.Select(c => (string)c["name"]!)];

    static float[] Floats(JToken t) => [.. t.Select(v => (float)v)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Follows_PyTorch_step_by_step(string name)
    {
        var c = (JObject)Fixture["cases"]!.Single(x => (string?)x["name"] == name);
        var w = new Parameter(tensor(Floats(c["initial"]![0]!)).reshape(3, 4));
        var b = new Parameter(tensor(Floats(c["initial"]![1]!)));
        Optimizer spec = (string)c["optimizer"]! == "sgd"
            ? new Sgd((double)c["momentum"]!, (double)c["wd"]!, (bool)c["nesterov"]!)
            : new AdamW((double)c["wd"]!, (double)c["betas"]![0]!, (double)c["betas"]![1]!, (double)c["eps"]!, NoDecayOn1D: true);
        using var optimizer = TensorOptimizer.Create(spec, [("weight", w), ("bias", b)]);
        var lrs = c["lrs"]!.Select(v => (double)v).ToList();
        for (int k = 0; k < lrs.Count; k++)
        {
            // Gradients exactly equal to the fixture's: d/dθ Σ θ·g = g.
            w.grad?.zero_();
            b.grad?.zero_();
            var gw = tensor(Floats(c["grads"]![k]![0]!)).reshape(3, 4);
            var gb = tensor(Floats(c["grads"]![k]![1]!));
            ((w * gw).sum() + (b * gb).sum()).backward();
            double? momentum = c["momenta"] is { } m ? (double)m[k]! : null;
            optimizer.Step(lrs[k], momentum);

            var expected = Floats(c["after"]![k]![0]!).Concat(Floats(c["after"]![k]![1]!)).ToArray();
            var actual = w.data<float>().ToArray().Concat(b.data<float>().ToArray()).ToArray();
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 2e-6f + 1e-6f * Math.Abs(expected[i]),
                    $"{name}, step {k + 1}, value {i}: PyTorch {expected[i]:R}, ensdsl {actual[i]:R}");
        }
    }

    [Fact]
    public void Loaded_state_replaces_the_optimizers_own_history()
    {
        var p1 = new Parameter(tensor(new float[] { 1, -2, 3 }));
        var p2 = new Parameter(tensor(new float[] { 1, -2, 3 }));
        using var a = TensorOptimizer.Create(new Sgd(0.9, 1e-4), [("p", p1)]);
        using var b = TensorOptimizer.Create(new Sgd(0.9, 1e-4), [("p", p2)]);
        void Step(Parameter p, TensorOptimizer o, float scale) { p.grad?.zero_(); (p * p * scale).sum().backward(); o.Step(0.1); }
        Step(p1, a, 1); Step(p1, a, 1);
        Step(p2, b, 5); Step(p2, b, 5);                                     // a different history
        using (no_grad()) p2.copy_(p1);
        b.LoadStateDict(a.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.clone()));
        Step(p1, a, 1); Step(p2, b, 1);
        Assert.Equal(p1.data<float>().ToArray(), p2.data<float>().ToArray());
    }

    // Plans size the optimizer state a step leaves in the store from Optimizer.StateCopies: it is the engine's state.
    [Theory]
    [InlineData(0.9, "sgd")]
    [InlineData(0.0, "sgd")]
    [InlineData(0.9, "adamw")]
    public void The_planned_state_copies_are_the_engines_state(double momentum, string kind)
    {
        Optimizer spec = kind == "sgd" ? new Sgd(momentum) : new AdamW();
        var w = new Parameter(ones(3, 4));
        using var optimizer = TensorOptimizer.Create(spec, [("weight", w)]);
        var floats = optimizer.StateDict().Values.Where(t => t.dtype == ScalarType.Float32).Sum(t => t.numel());
        Assert.Equal(spec.StateCopies * w.numel(), floats);
        Assert.All(optimizer.StateDict().Values.Where(t => t.dtype != ScalarType.Float32), t => Assert.Equal(1, t.numel()));   // AdamW's step count
    }
}
