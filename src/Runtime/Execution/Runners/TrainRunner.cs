using EnsDsl.Planning;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Randomness;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Torch;
using EnsDsl.Runtime.Training;
using Newtonsoft.Json.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace EnsDsl.Runtime.Execution.Runners;

/// <summary>
/// A training step: the parent's weights (with a new, seeded head when the step says so), the optimizer fresh or
/// continued, resumed from the last epoch end if a previous run was interrupted; at every epoch end the state is
/// saved; at the end the model is evaluated on the test split (predictions cached for evaluation nodes).
/// </summary>
static class TrainRunner
{
    public static NodeRecord Run(TrainNode node, RunContext context)
    {
        var step = node.Step;
        var store = context.Store;
        long seed = node.Seed!.Value;
        var (train, test) = TrainingData.For(step, context.Loader);
        var (model, optimizer, start, trainSeconds, images) = Prepare(node, context, train.Classes);
        using var ownedModel = model;
        using var ownedOptimizer = optimizer;
        // The authors' mixed precision is CUDA fp16 autocast with a gradient scaler; the engine does not have it yet.
        if (step.Amp) context.Observer.Note(node, "the recipe asks for mixed precision (CUDA fp16 autocast); the engine trains this step in fp32, which changes speed and memory, not the method");

        Trainer.Run(model, optimizer, step, seed, train, start, context.Device, report =>
        {
            if (context.TestEveryEpoch && report.Epoch < step.Epochs)       // the last epoch's test scores follow below
            {
                using var epochTest = Evaluator.LogProbabilities(model, test, context.Device);
                report = report with { Test = Evaluator.Metrics(epochTest, test.Labels) };
            }
            trainSeconds += report.Seconds;
            images += report.ImagesPerSecond * report.Seconds;
            if (report.Epoch < step.Epochs)
                using (GcSafeSection.Enter())
                    store.WriteTrainState(node.Id, report.Epoch, State(model, optimizer),
                        new JObject { ["train_seconds"] = trainSeconds, ["train_images"] = images });
            context.Observer.EpochEnded(node, report);
        }, context.Cancellation, progress => context.Observer.BatchDone(node, progress));

        foreach (var (split, data) in new[] { ("training", train), ("test", test) })
            if (data.Skipped.Count > 0)
                context.Observer.Note(node, $"{data.Skipped.Count} corrupt {split} image(s) left out (first: {data.Skipped.Values.Order(StringComparer.Ordinal).First()})");
        using var logProbabilities = Evaluator.LogProbabilities(model, test, context.Device);
        using var saving = GcSafeSection.Enter();
        var (accuracy, nll) = Evaluator.Metrics(logProbabilities, test.Labels);
        StoredFile[] files =
        [
            store.WriteTensors(node.Id, NodeFile.Weights, model.state_dict()),
            store.WriteTensors(node.Id, NodeFile.Optimizer, optimizer.StateDict()),
            Predictions.Write(store, node.Id, logProbabilities, test.Labels),
        ];
        return NodeRunner.Record(node, files, new Dictionary<string, double> { [MetricNames.TestAccuracy] = accuracy, [MetricNames.TestNll] = nll },
            new TrainResult(step.Data.Spec), trainSeconds, images / Math.Max(trainSeconds, 1e-9))
            with
        { Setup = new TrainedWith(node.Arch.Name, step.ImageSize, step.BatchSize, context.Device.type.ToString().ToLowerInvariant()) };
    }

    /// <summary>The model and optimizer the step starts from: the parent's weights (new head if asked), or the saved state of an interrupted run.</summary>
    static (nn.Module<Tensor, Tensor> Model, TensorOptimizer Optimizer, int Start, double TrainSeconds, double Images) Prepare(TrainNode node, RunContext context, int classes)
    {
        using var section = GcSafeSection.Enter();
        var step = node.Step;
        var store = context.Store;
        var parent = context.Finished(node.Parents[0]);
        var model = Networks.Create(node.Arch, classes, Generators.For(node.Seed!.Value, "init"), step.DropPath);
        var parentWeights = store.ReadTensors(parent, NodeFile.Weights);
        LoadParent(model, node.Arch.HeadPrefix, parentWeights, step.Head, classes, context.Plan[node.Parents[0]].Label);
        if (step.Head == Head.New && parentWeights.TryGetValue($"{node.Arch.HeadPrefix}weight", out var oldHead) && oldHead.shape[0] != classes)
            context.Observer.Note(node, $"new {classes}-class head (the weights of {context.Plan[node.Parents[0]].Label} end in a {oldHead.shape[0]}-class head)");
        model.to(context.Device);
        var optimizer = TensorOptimizer.Create(step.Optimizer, model.named_parameters().Select(p => (p.name, p.parameter)));
        if (!step.ResetOptimizer)
        {
            if (!parent.Has(NodeFile.Optimizer))
                throw new NodeFailure($"resetOptimizer: false, but {context.Plan[node.Parents[0]].Label} has no optimizer state to continue (dropped by 'ensdsl store prune --optimizer-state'?); a local 'ensdsl run' of the script trains it again");
            optimizer.LoadStateDict(store.ReadTensors(parent, NodeFile.Optimizer));
        }
        var saved = store.ReadTrainState(node.Id, out var discarded);
        if (discarded is not null) context.Observer.Note(node, $"saved training state discarded ({discarded}); starting the step again");
        if (saved is not { } state) return (model, optimizer, 0, 0, 0);
        Networks.Load(model, Prefixed(state.Tensors, "model."));
        optimizer.LoadStateDict(Prefixed(state.Tensors, "optim."));
        context.Observer.Note(node, $"resuming after epoch {state.EpochsDone} of {step.Epochs}");
        return (model, optimizer, state.EpochsDone, (double?)state.Info["train_seconds"] ?? 0, (double?)state.Info["train_images"] ?? 0);
    }

    static void LoadParent(nn.Module<Tensor, Tensor> model, string headPrefix, Dictionary<string, Tensor> parent, Head head, int classes, string parentLabel)
    {
        if (head == Head.Keep && parent.TryGetValue($"{headPrefix}weight", out var fc) && fc.shape[0] != classes)
            throw new NodeFailure($"the head of {parentLabel} predicts {fc.shape[0]} classes, the data has {classes}: fine-tune to attach a new head");
        // A new head replaces the parent's: its keys are neither loaded nor required.
        var weights = head == Head.New
            ? parent.Where(kv => !kv.Key.StartsWith(headPrefix, StringComparison.Ordinal)).ToDictionary()
            : parent;
        var fit = StateDictFit.Of(weights, model.state_dict(), head == Head.New ? headPrefix : null);
        if (!fit.Fits)
            throw new NodeFailure($"the weights of {parentLabel} do not fit this architecture ({fit.Describe(5)})");
        Networks.Load(model, weights, strict: false);
    }

    static IEnumerable<KeyValuePair<string, Tensor>> State(nn.Module model, TensorOptimizer optimizer) =>
        model.state_dict().Select(kv => KeyValuePair.Create("model." + kv.Key, kv.Value))
            .Concat(optimizer.StateDict().Select(kv => KeyValuePair.Create("optim." + kv.Key, kv.Value)));

    static Dictionary<string, Tensor> Prefixed(Dictionary<string, Tensor> tensors, string prefix) =>
        tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
}
