using System.Collections.Immutable;

namespace EnsDsl.Planning;

/// <summary>
/// Turns reports (DSL values) into a <see cref="Plan"/>: a DAG of content-addressed nodes in which the same
/// computation written twice — in one script, or in several runs of a sweep — is one node.
/// </summary>
public static class Planner
{
    /// <summary>A report and the sweep cell it came from (null when the script ran once).</summary>
    /// <param name="Report">The script's report.</param>
    /// <param name="Sweep">The sweep cell, e.g. <c>cycleLr=0.1</c>.</param>
    public sealed record Input(Report Report, string? Sweep = null);

    /// <summary>Plans one report.</summary>
    /// <example><code>var plan = Planner.Build(Report(center.StarSnapshots(5).Ensemble()));</code></example>
    public static Plan Build(Report report) => Build([new Input(report)]);

    /// <summary>Plans several reports (the cells of a sweep) into one DAG.</summary>
    public static Plan Build(IEnumerable<Input> inputs)
    {
        var builder = new Builder();
        foreach (var input in inputs)
            foreach (var item in input.Report.Items)
                builder.AddOutput(item, input.Sweep);
        return builder.Finish();
    }

    /// <summary>
    /// The scores evaluation and ensemble nodes compute, part of their ids: a build that computes other scores plans
    /// other nodes rather than reusing stored records that lack them (training nodes are not affected).
    /// </summary>
    public const string MetricSet = "acc,nll,ece15,brier,cnll2x5";

    sealed class Builder
    {
        readonly Dictionary<string, PlanNode> nodes = new();
        readonly List<string> order = [];
        readonly Dictionary<object, string> visited = new(ReferenceEqualityComparer.Instance);
        readonly List<Diagnostic> diagnostics = [];
        readonly HashSet<Diagnostic> seenDiagnostics = [];
        readonly List<PlanOutput> outputs = [];
        readonly HashSet<string> names = new(StringComparer.Ordinal);

        public void AddOutput(IReportable item, string? sweep)
        {
            var (id, kind, name) = item switch
            {
                Ensemble e => (Ensemble(e), "ensemble", e.Name ?? e.Members.Label ?? "ensemble"),
                Soup s => (Evaluate(s, null, s.Origin), "soup", s.Name ?? SoupName(s)),
                Evaluation ev => (Evaluate(ev.Model, ev.Data, ev.Origin), "evaluation", ev.Name ?? ev.Model.Name ?? LabelOf(ev.Model)),
                Interpolation i => (Interpolation(i), "interpolation", i.Name ?? $"{NameOf(i.A)} ↔ {NameOf(i.B)}"),
                Basin b => (Basin(b), "basin", b.Name ?? $"{b.Members.Label ?? "members"} basin"),
                Model m => (Evaluate(m, null, m.Origin), "evaluation", m.Name ?? LabelOf(m)),
                _ => throw new ArgumentException($"cannot plan a {item.GetType().Name}"),
            };
            if (sweep is not null) name = $"{name} [{sweep}]";
            outputs.Add(new PlanOutput(Unique(name), kind, id, item.Origin, sweep));
        }

        public Plan Finish()
        {
            var ordered = order.Select(id => nodes[id]).ToImmutableArray();
            return new Plan(ordered, [.. outputs], [.. diagnostics], Totals(ordered));
        }

        string Unique(string name)
        {
            var candidate = name;
            for (int i = 2; !names.Add(candidate); i++) candidate = $"{name} ({i})";
            return candidate;
        }

        static string SoupName(Soup s) => $"{s.Members.Label ?? "members"} {(s.Kind == SoupKind.Greedy ? "greedy soup" : "soup")}";

        string NameOf(Model m) => m.Name ?? LabelOf(m);

        string LabelOf(Model m) => nodes[Weights(m)].Label;

        void Report(IEnumerable<Diagnostic> found)
        {
            foreach (var d in found)
                if (seenDiagnostics.Add(d)) diagnostics.Add(d);
        }

        // Adds a node, or merges it into the node with the same content.
        string Add(NodeKind kind, string label, IReadOnlyList<string> parents, int epochs, int? seed,
            SortedDictionary<string, object?> op, Origin origin, TrainStep? step = null)
        {
            var id = NodeIds.Id(kind, parents, op, seed);
            if (nodes.TryGetValue(id, out var existing))
            {
                if (origin.IsKnown && !existing.Origins.Contains(origin))
                    nodes[id] = existing with { Origins = existing.Origins.Add(origin) };
                return id;
            }
            nodes[id] = new PlanNode(id, kind, label, [.. parents], epochs, seed, op, origin.IsKnown ? [origin] : []) { Step = step };
            order.Add(id);
            return id;
        }

        string Weights(Weights w)
        {
            if (visited.TryGetValue(w, out var known)) return known;
            var id = w switch
            {
                Pretrained p => Add(NodeKind.Pretrained, p.Name ?? $"{p.Source.Name} {Path.GetFileName(p.Checkpoint)}", [], 0, null,
                    Canon.Map(("source", p.Source.Name), ("checkpoint", p.Checkpoint), ("arch", p.Arch.Name),
                        ("format", p.Source.FormatName)), p.Origin),
                Scratch s => Init(s),
                Trained t => Train(t),
                Soup s => SoupNode(s),
                _ => throw new ArgumentException($"cannot plan a {w.GetType().Name}"),
            };
            visited[w] = id;
            return id;
        }

        string Init(Scratch s)
        {
            var op = Canon.Map(("arch", s.Arch.Name));
            var seed = s.Seed ?? NodeIds.DerivedSeed(NodeKind.Init, [], op, s.Branch);
            return Add(NodeKind.Init, s.Name ?? $"init {s.Arch.Name}", [], 0, seed, op, s.Origin);
        }

        string Train(Trained t)
        {
            var parent = Weights(t.Parent);
            Report(Validation.Step(t));
            var op = t.Step.ToCanonical();
            var seed = t.Step.Seed ?? NodeIds.DerivedSeed(NodeKind.Train, [parent], op, t.Parent.Branch);
            return Add(NodeKind.Train, t.Name ?? t.Step.Label, [parent], Math.Max(t.Step.Epochs, 0), seed, op, t.Origin, t.Step);
        }

        string SoupNode(Soup s)
        {
            var members = Members(s.Members);
            Report(Validation.Soup(s));
            var op = Canon.Map(("kind", s.Kind.ToString().ToLowerInvariant()),
                ("bn", s.Bn.ToCanonical()),
                ("data", s.Members[0].Task.Spec));
            if (s.Kind == SoupKind.Greedy) op["held_out"] = "10% per class of train, seed 0";
            return Add(NodeKind.Soup, s.Name ?? SoupName(s), members, 0, null, op, s.Origin);
        }

        IReadOnlyList<string> Members(Members members)
        {
            var ids = members.Items.Select(Weights).ToList();
            if (members.StarOf is { } star)
            {
                var branchIds = members.Items.Skip(members.Count - star.Branches).Select(Weights).Distinct().Count();
                if (branchIds < star.Branches) Report([Validation.CollapsedStar(members.Origin, star.Branches, branchIds)]);
            }
            return ids;
        }

        string Evaluate(Model m, Dataset? data, Origin origin)
        {
            var model = Weights(m);
            var d = data ?? m.Task;
            var op = Canon.Map(("data", d.Spec), ("split", "test"), ("mean_per_class", d.MeanPerClassAccuracy), ("metrics", MetricSet));
            return Add(NodeKind.Evaluate, $"evaluate {nodes[model].Label}", [model], 0, null, op, origin);
        }

        string Ensemble(Ensemble e)
        {
            var evaluations = e.Members.Items.Select(m => Evaluate(m, e.Data, e.Origin)).ToList();
            Members(e.Members);
            Report(Validation.Ensemble(e));
            var d = e.Data ?? e.Members[0].Task;
            var op = Canon.Map(("data", d.Spec), ("mean_per_class", d.MeanPerClassAccuracy), ("combine", "mean_probabilities"), ("metrics", MetricSet));
            return Add(NodeKind.Ensemble, e.Name ?? $"ensemble of {e.Members.Count}", evaluations, 0, null, op, e.Origin);
        }

        string Interpolation(Interpolation i)
        {
            var a = Weights(i.A);
            var b = Weights(i.B);
            Report(Validation.Interpolation(i));
            var d = i.Data ?? i.A.Task;
            var op = Canon.Map(("points", i.Points), ("data", d.Spec),
                ("bn", i.Bn.ToCanonical()));
            return Add(NodeKind.Interpolate, i.Name ?? $"{nodes[a].Label} ↔ {nodes[b].Label}", [a, b], 0, null, op, i.Origin);
        }

        string Basin(Basin b)
        {
            var center = Weights(b.Center);
            var members = Members(b.Members);
            Report(Validation.Basin(b));
            // "measures" names what the report computes, so a build that measures differently plans another node.
            var op = Canon.Map(("points", b.Points), ("data", b.Center.Task.Spec), ("measures", "barriers(bn recomputed),l2 to center,l2 to own start,l2 pairwise"));
            return Add(NodeKind.Basin, b.Name ?? $"basin of {b.Members.Count}", [center, .. members], 0, null, op, b.Origin);
        }

        PlanTotals Totals(ImmutableArray<PlanNode> ordered)
        {
            var epochs = ordered.Sum(n => n.Epochs);
            var finish = new Dictionary<string, int>();
            foreach (var n in ordered)
                finish[n.Id] = n.Epochs + (n.Parents.Length == 0 ? 0 : n.Parents.Max(p => finish[p]));
            var critical = finish.Count == 0 ? 0 : finish.Values.Max();
            // Without sharing: each report item trains everything it needs in a run of its own, as the authors'
            // scripts run each sweep cell; an item whose needs another item's run covers (a soup or a basin report
            // of an ensemble's members) adds nothing.
            var closures = outputs
                .Select(o => Closure(o.NodeId).Where(id => nodes[id].Epochs > 0).ToHashSet())
                .DistinctBy(ids => string.Join(",", ids.Order(StringComparer.Ordinal)))
                .ToList();
            var runs = closures.Where(c => !closures.Any(other => other != c && c.IsSubsetOf(other)));
            var withoutSharing = runs.Sum(ids => ids.Sum(id => nodes[id].Epochs));
            return new PlanTotals(epochs, withoutSharing, critical);
        }

        HashSet<string> Closure(string id)
        {
            var seen = new HashSet<string>();
            var stack = new Stack<string>([id]);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                if (!seen.Add(current)) continue;
                foreach (var p in nodes[current].Parents) stack.Push(p);
            }
            return seen;
        }
    }
}
