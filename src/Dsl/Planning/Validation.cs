using System.Globalization;

namespace EnsDsl.Planning;

/// <summary>
/// The rules a plan must satisfy before anything runs. Each returns diagnostics located at the DSL call that
/// made the value, so errors read like compiler errors on the user's line.
/// </summary>
internal static class Validation
{
    static Diagnostic Error(Origin origin, string message, string code = DiagnosticCodes.InvalidHyperParameter) =>
        new(code, message, origin);

    static string N(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>A training step's hyper-parameters, and its head against its parent.</summary>
    public static IEnumerable<Diagnostic> Step(Trained model)
    {
        var s = model.Step;
        var at = model.Origin;
        var what = $"{model.Origin.Member}";
        if (!s.Data.HasTrainingSplit)
            yield return Error(at, $"{what}: {s.Data.Spec} is a test set for distribution shift, with no training split; train on the dataset it shifts and score on this one (model.Evaluate(data), members.Ensemble(data))");
        if (s.Epochs < 1)
            yield return Error(at, $"{what}: epochs must be ≥ 1; got {s.Epochs}");
        if (s.BatchSize < 1)
            yield return Error(at, $"{what}: batch size must be ≥ 1; got {s.BatchSize}");
        if (s.Transform is Transform.ImageNet or Transform.ImageNetTensor && s.ImageSize < 1)
            yield return Error(at, $"{what}: imageSize must be a positive number of pixels; got {s.ImageSize}");
        if (s.Transform.AtOwnSize() && s.ImageSize != Recipe.NativeSize)
            yield return Error(at, $"{what}: imageSize applies to the resizing '{Transform.ImageNet.Name()}' transform of pre-trained ResNet sources; this recipe ('{s.Transform.Name()}') trains at the images' own size");
        if (model.Explicit is { Lr: { } lr, Schedule: { IsResolved: true } given })
            yield return Error(at, $"{what}: lr: {N(lr)} conflicts with the schedule, which sets its own LR ({given.Describe()}); give one of them");
        if (!s.Schedule.IsResolved)
            yield return Error(at, $"{what}: the schedule ({s.Schedule.Describe()}) has no LR; pass lr: or give the schedule its LR");
        else
        {
            // An LR the call did not give was inherited from the model it continues: say so, or the error reads as
            // if this line had set it.
            var inherited = model.Explicit is { Lr: null, Schedule: null or { IsResolved: false } } && model.Parent is Model ? " (inherited from the model it continues; pass lr: to set it)" : "";
            foreach (var lr2 in s.Schedule.Lrs)
                if (!(lr2 > 0) || !double.IsFinite(lr2))
                    yield return Error(at, $"{what}: learning rates must be positive and finite; got {N(lr2)} in {s.Schedule.Describe()}{inherited}");
            foreach (var m in Minimums(s.Schedule))
                if (!(m >= 0) || !double.IsFinite(m))
                    yield return Error(at, $"{what}: a schedule's final LR must be ≥ 0; got {N(m)}");
        }
        if (s.Epochs >= 1 && LengthProblem(s.Schedule, s.Epochs) is { } problem)
            yield return Error(at, $"{what}: {problem}");
        foreach (var p in s.Optimizer.Problems())
            yield return Error(at, $"{what}: {p}");
        if (!(s.Loss.LabelSmoothing is >= 0 and < 1))
            yield return Error(at, $"{what}: label smoothing must be in [0, 1); got {N(s.Loss.LabelSmoothing)}");
        if (!(s.Loss.Mixup >= 0 && double.IsFinite(s.Loss.Mixup)) || !(s.Loss.CutMix >= 0 && double.IsFinite(s.Loss.CutMix)))
            yield return Error(at, $"{what}: Mixup's and CutMix's α must be ≥ 0 (0 turns one off); got mixup {N(s.Loss.Mixup)}, cutmix {N(s.Loss.CutMix)}");
        if (s.ClipGradNorm is { } clip && !(clip > 0 && double.IsFinite(clip)))
            yield return Error(at, $"{what}: clipGradNorm must be a positive number; got {N(clip)}");
        if (!(s.DropPath is >= 0 and < 1))
            yield return Error(at, $"{what}: dropPath must be in [0, 1); got {N(s.DropPath)}");
        else if (s.DropPath > 0 && model.Arch.Swin is null)
            yield return Error(at, $"{what}: dropPath applies to Swin Transformers; {model.Arch.Name} has no residual branches to drop");
        if (s.Head == Head.Keep && model.Parent is Model parent && parent.Task.Spec != s.Data.Spec)
            yield return Error(at,
                $"{what} keeps the head, which predicts the classes of {parent.Task.Spec}, but trains on {s.Data.Spec}; use FineTune to attach a new head",
                DiagnosticCodes.IncompatibleModels);
        if (!s.ResetOptimizer && s.Head == Head.New)
            yield return Error(at, $"{what}: resetOptimizer: false continues the parent's optimizer state, but the parent has no training state to continue (new head)");
    }

    /// <summary>Ingredients of a soup: one architecture, one task.</summary>
    public static IEnumerable<Diagnostic> Soup(Soup soup)
    {
        foreach (var d in SameArchitecture(soup.Members.Items, soup.Origin, "Soup")) yield return d;
        foreach (var d in SameTask(soup.Members.Items, soup.Origin, "Soup")) yield return d;
        if (soup.Bn.Batches is < 1)
            yield return Error(soup.Origin, $"Soup: BN recomputation needs at least one batch; got {soup.Bn.Batches}");
        // A greedy soup's choice would otherwise be made on images its members trained on (or on the test split).
        if (soup.Kind == SoupKind.Greedy && soup.Members.Items.Select(m => m.Task).FirstOrDefault(t => t.Split != SplitSetting.HoldOut) is { } task)
            yield return Error(soup.Origin,
                $"Soup(SoupKind.Greedy) chooses its ingredients on held-out images, but its members trained on {task.Spec}, which holds none out: " +
                $"train them on the dataset with .HoldOut() (spec {task.HoldOut().Spec}: the validation split held out, the test split still scores), or make a uniform soup");
    }

    /// <summary>Members of an ensemble predict the same classes.</summary>
    public static IEnumerable<Diagnostic> Ensemble(Ensemble ensemble) => SameTask(ensemble.Members.Items, ensemble.Origin, "Ensemble");

    /// <summary>Both ends of an interpolation can be mixed.</summary>
    public static IEnumerable<Diagnostic> Interpolation(Interpolation i)
    {
        if (i.Points < 2)
            yield return Error(i.Origin, $"Interpolate: points counts both ends and must be ≥ 2; got {i.Points}");
        foreach (var d in SameArchitecture([i.A, i.B], i.Origin, "Interpolate")) yield return d;
        foreach (var d in SameTask([i.A, i.B], i.Origin, "Interpolate")) yield return d;
    }

    /// <summary>A basin report's members can be compared with its center.</summary>
    public static IEnumerable<Diagnostic> Basin(Basin b)
    {
        if (b.Points < 2)
            yield return Error(b.Origin, $"Basin: points counts both ends and must be ≥ 2; got {b.Points}");
        foreach (var d in SameArchitecture([b.Center, .. b.Members.Items], b.Origin, "Basin")) yield return d;
    }

    /// <summary>A plane's grid can be made, and its three models (planned as <paramref name="ids"/>) span a plane.</summary>
    public static IEnumerable<Diagnostic> Plane(PlaneLandscape p, IReadOnlyList<string> ids)
    {
        if (p.Grid.Resolution < 3)
            yield return Error(p.Origin, $"Plane: resolution is the number of points along each axis and must be ≥ 3; got {p.Grid.Resolution}");
        if (!(p.Grid.Margin >= 0) || double.IsInfinity(p.Grid.Margin))
            yield return Error(p.Origin, $"Plane: margin is the fraction of the models' span added on each side and must be ≥ 0; got {N(p.Grid.Margin)}");
        if (ids.Distinct().Count() < 3)
            yield return Error(p.Origin, "Plane: the three models must be different models (two of them are the same computation), or they span no plane",
                DiagnosticCodes.IncompatibleModels);
        foreach (var d in SameArchitecture([p.A, p.B, p.C, .. p.Projected.Items], p.Origin, "Plane")) yield return d;
        foreach (var d in SameTask([p.A, p.B, p.C, .. p.Projected.Items], p.Origin, "Plane")) yield return d;
    }

    /// <summary>Members that repeat a model: an ensemble or soup of copies is that one model.</summary>
    public static Diagnostic RepeatedMember(Origin origin, string label, int times, int count) => Error(origin,
        $"{(origin.Member.Length > 0 ? origin.Member : "Members")}: {label} is {times} of the {count} members, the same model each time: an ensemble, soup or basin " +
        "of copies is that one model. Give distinct models (Seeds(n) for independent ones, Star(n, …) or Snapshots(…) for branches and cycles).",
        DiagnosticCodes.IncompatibleModels);

    /// <summary>Branches of a Star that are the same computation.</summary>
    public static Diagnostic CollapsedStar(Origin origin, int asked, int distinct) => Error(origin,
        $"{origin.Member}: {asked} branches make only {distinct} distinct model(s): every branch is the same computation " +
        "(an explicit seed inside the step?). Remove the seed so each branch derives its own, or vary it per branch.",
        DiagnosticCodes.CollapsedBranches);

    static IEnumerable<Diagnostic> SameArchitecture(IReadOnlyList<Model> models, Origin at, string what)
    {
        var archs = models.Select(m => m.Arch.Name).Distinct().ToList();
        if (archs.Count > 1)
            yield return Error(at, $"{what}: the models have different architectures ({string.Join(", ", archs)}); weights can only be mixed within one architecture",
                DiagnosticCodes.IncompatibleModels);
    }

    static IEnumerable<Diagnostic> SameTask(IReadOnlyList<Model> models, Origin at, string what)
    {
        var tasks = models.Select(m => m.Task.Spec).Distinct().ToList();
        if (tasks.Count > 1)
            yield return Error(at, $"{what}: the models were trained for different tasks ({string.Join(", ", tasks)}); their heads predict different classes",
                DiagnosticCodes.IncompatibleModels);
    }

    /// <summary>Final LRs (eta_min) of the schedule's cosine parts.</summary>
    static IEnumerable<double> Minimums(Schedule s) => s switch
    {
        CosineSchedule c => [c.Min],
        Sequence q => Minimums(q.First).Concat(Minimums(q.Second)),
        Repeat r => Minimums(r.Cycle),
        _ => [],
    };

    /// <summary>Why a schedule does not fit a span of <paramref name="epochs"/>, or null.</summary>
    static string? LengthProblem(Schedule s, int epochs) => s switch
    {
        _ when s.Epochs is { } fixedLength && fixedLength != epochs && s is not Repeat =>
            $"the schedule lasts {fixedLength} epochs ({s.Describe()}) but the step trains {epochs}; make them equal",
        Sequence q when q.First.Epochs >= epochs =>
            $"the first part of the schedule ({q.First.Describe()}) takes all {epochs} epochs and leaves none for {q.Second.Describe()}",
        Sequence q => LengthProblem(q.First, q.First.Epochs!.Value) ?? LengthProblem(q.Second, epochs - q.First.Epochs!.Value),
        Repeat r when r.Cycle.Epochs is { } c && c != r.CycleEpochs => $"a cycle of {r.CycleEpochs} epochs holds a {c}-epoch schedule",
        _ => null,
    };
}
