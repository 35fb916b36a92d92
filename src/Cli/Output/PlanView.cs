using EnsDsl.Planning;
using EnsDsl.Host.Scripting;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EnsDsl.Cli.Output;

/// <summary>
/// The human view of a plan: the models as a tree from their sources (each training step under the model it
/// starts from), the report items, and the totals.
/// </summary>
public static class PlanView
{
    /// <summary>Writes the plan of <paramref name="experiment"/>.</summary>
    public static void Write(IAnsiConsole console, Experiment experiment, StoreState store, int? devices = null)
    {
        var plan = experiment.Plan;
        var script = DisplayPath.Of(experiment.ScriptPath, Environment.CurrentDirectory);
        var sweep = experiment.Cells.Count(c => c is not null) is var cells and > 0 ? $", {cells} sweep cells" : "";
        console.MarkupLine($"[bold]{Markup.Escape(script)}[/]: {plan.Nodes.Length} nodes, {plan.Outputs.Length} outputs{sweep}");
        console.WriteLine();

        var children = plan.Nodes
            .Where(IsModel)
            .SelectMany(n => n.Parents.Take(n is SoupNode ? 0 : 1).Select(p => (Parent: p, Child: n)))
            .ToLookup(x => x.Parent, x => x.Child);
        var tree = new Tree(new Markup("[bold]models[/]")) { Guide = TreeGuide.Line };
        foreach (var root in plan.Nodes.Where(n => n is PretrainedNode or InitNode or SoupNode))
            Add(tree.AddNode(Line(root, null)), root, children);
        console.Write(tree);
        console.WriteLine();

        var table = new Table { Border = TableBorder.Simple };
        table.AddColumns("output", "kind", "what", "written at");
        foreach (var o in plan.Outputs)
            table.AddRow(Markup.Escape(o.Name), o.Kind.Name(), Markup.Escape(Describe(plan, plan[o.NodeId])),
                o.Origin.IsKnown ? Markup.Escape($"{DisplayPath.Of(o.Origin.File, Environment.CurrentDirectory)}:{o.Origin.Line}") : "");
        console.Write(table);

        var t = plan.Totals;
        var cached = store.EpochsCached(plan);
        var stored = cached > 0 || store.NodesCached(plan) > 0
            ? $"{t.Epochs} epochs in the plan: [green]{cached} in the store[/] ({store.NodesCached(plan)} of {plan.Nodes.Length} nodes finished), [bold]{store.EpochsToTrain(plan)}[/] to train"
            : $"[bold]{t.Epochs}[/] epochs to train";
        console.MarkupLine($"{stored}; {t.EpochsWithoutSharing} without sharing ([green]{t.EpochsSaved} saved[/]); critical path [bold]{t.CriticalPathEpochs}[/] epochs if independent branches run in parallel.");
        var time = store.TimeToTrain(plan);
        if (time.Estimated > 0)
            console.MarkupLine($"Training: about [bold]{Durations.Format(TimeSpan.FromSeconds(time.Seconds))}[/] for {time.Estimated} of the {time.Steps} steps left, " +
                $"at the speed this store measured for steps like them ({string.Join(", ", time.Devices)}){(time.Estimated < time.Steps ? "; the others have no measurement yet" : "")}.");
        else if (time.Steps > 0)
            console.MarkupLine("Training time: no estimate yet (the store has measured no step of the same architecture, image size and batch size).");
        var add = store.ToAdd(plan);
        console.MarkupLine($"Store: adds {(add.Exact ? "about" : "at least")} [bold]{Sizes.Format(add.Bytes)}[/] (weights {Sizes.Format(add.Weights)}, optimizer state {Sizes.Format(add.OptimizerState)}, " +
            $"predictions {Sizes.Format(add.Predictions)}); a running training step needs up to {Sizes.Format(add.TrainingState)} more.");
        if (devices is { } n)
            console.MarkupLine($"On {n} device(s): [bold]{Makespan.Epochs(plan, n)}[/] epochs of wall-clock (each node on one device, in dependency order, longest path first).");
        var errors = plan.Diagnostics.Count(d => d.Severity == Severity.Error);
        if (errors > 0) console.MarkupLine($"[red]{errors} validation error(s), listed above: the plan cannot run.[/]");
    }

    static bool IsModel(PlanNode n) => n is ModelNode;

    static void Add(TreeNode parent, PlanNode node, ILookup<string, PlanNode> children)
    {
        foreach (var child in children[node.Id])
            Add(parent.AddNode(Line(child, node)), child, children);
    }

    static IRenderable Line(PlanNode n, PlanNode? parent)
    {
        var text = n switch
        {
            PretrainedNode p => $"[bold]{Markup.Escape(n.Label)}[/] (pre-trained {p.Arch.Name})",
            InitNode => $"[bold]{Markup.Escape(n.Label)}[/] (random init, seed {n.Seed})",
            SoupNode s => $"[bold]{Markup.Escape(n.Label)}[/] ({s.SoupKind.Name()} soup of {n.Parents.Length})",
            TrainNode t => Markup.Escape(TrainLine(t, parent)),
            _ => Markup.Escape(n.Label),
        };
        return new Markup($"{text}  [grey]{n.Id[..8]}[/]");
    }

    static string TrainLine(TrainNode n, PlanNode? parent)
    {
        var s = n.Step;
        var parts = new List<string> { n.Label, $"{s.Epochs} ep", s.Schedule.Describe() + (s.PerBatch ? " per batch" : "") };
        var p = (parent as TrainNode)?.Step;
        if (p is null || p.Data.Spec != s.Data.Spec) parts.Add(s.Data.Spec);
        if (p is null || p.Optimizer != s.Optimizer) parts.Add(s.Optimizer.Describe());
        if (p is null || p.BatchSize != s.BatchSize) parts.Add($"batch {s.BatchSize}");
        if (!s.ResetOptimizer) parts.Add("optimizer state continued");
        parts.Add($"seed {n.Seed}");
        return string.Join("  ", parts);
    }

    static string Describe(Plan plan, PlanNode n) => n switch
    {
        EnsembleNode => $"{n.Parents.Length} members, sizes 1..{n.Parents.Length}",
        EvaluateNode when plan[n.Parents[0]] is SoupNode soup =>
            $"{soup.SoupKind.Name()} soup of {soup.Parents.Length}, {soup.NormalisationNote}",
        EvaluateNode => $"model: {plan[n.Parents[0]].Label}",
        InterpolateNode i => $"{plan[n.Parents[0]].Label} ↔ {plan[n.Parents[1]].Label}, {i.Points} points",
        BasinNode => $"{n.Parents.Length - 1} members vs {plan[n.Parents[0]].Label}",
        PlaneNode p when plan[n.Parents[0]] is PlaneFrameNode frame =>
            $"{p.Grid.Resolution}×{p.Grid.Resolution} grid: {p.Grid.Points} evaluations ({p.Bn.Describe()} at each)" +
            (frame.Projected > 0 ? $", {frame.Projected} model(s) projected" : ""),
        _ => n.Label,
    };
}
