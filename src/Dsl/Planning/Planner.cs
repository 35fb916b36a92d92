using System.Globalization;
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
    /// <param name="Cell">The sweep cell, e.g. <c>cycleLr=0.1</c>.</param>
    public sealed record Input(Report Report, SweepCell? Cell = null);

    /// <summary>Plans one report.</summary>
    /// <example><code>var plan = Planner.Build(Report(center.StarSnapshots(5).Ensemble()));</code></example>
    public static Plan Build(Report report) => Build([new Input(report)]);

    /// <summary>Plans several reports (the cells of a sweep) into one DAG.</summary>
    public static Plan Build(IEnumerable<Input> inputs)
    {
        var builder = new Builder();
        foreach (var input in inputs) Add(builder, input.Report, input.Cell);
        return builder.Finish();
    }

    // A report's items in its cell, then its repetitions', each in the cell extended by its value.
    static void Add(Builder builder, Report report, SweepCell? cell)
    {
        foreach (var item in report.Items) builder.AddOutput(item, cell);
        foreach (var r in report.Repetitions)
            Add(builder, r.Report, new SweepCell([.. cell?.Values ?? [], new CellValue(r.Name, r.Value)]));
    }

    /// <summary>The parameters that <c>Repeat</c> repeats over in <paramref name="report"/>, outermost first.</summary>
    public static IReadOnlyList<string> RepeatedParameters(Report report) =>
        [.. report.Repetitions.Select(r => r.Name).Concat(report.Repetitions.SelectMany(r => RepeatedParameters(r.Report))).Distinct()];

    sealed class Builder
    {
        readonly Dictionary<string, PlanNode> nodes = new();
        readonly List<string> order = [];
        readonly Dictionary<object, string> visited = new(ReferenceEqualityComparer.Instance);
        readonly List<Diagnostic> diagnostics = [];
        readonly HashSet<Diagnostic> seenDiagnostics = [];
        readonly List<PlanOutput> outputs = [];
        readonly HashSet<string> names = new(StringComparer.Ordinal);

        public void AddOutput(IReportable item, SweepCell? cell)
        {
            var (id, kind, name) = item switch
            {
                Ensemble e => (Ensemble(e), OutputKind.Ensemble, e.Name ?? e.Members.Label ?? "ensemble"),
                Soup s => (Evaluate(s, null, s.Origin), OutputKind.Soup, s.Name ?? SoupName(s)),
                Evaluation ev => (Evaluate(ev.Model, ev.Data, ev.Origin), OutputKind.Evaluation, ev.Name ?? ev.Model.Name ?? LabelOf(ev.Model)),
                Interpolation i => (Interpolation(i), OutputKind.Interpolation, i.Name ?? $"{NameOf(i.A)} ↔ {NameOf(i.B)}"),
                Basin b => (Basin(b), OutputKind.Basin, b.Name ?? $"{b.Members.Label ?? "members"} basin"),
                PlaneLandscape p => (Plane(p), OutputKind.Plane, p.Name ?? $"plane of {NameOf(p.A)}, {NameOf(p.B)}, {NameOf(p.C)}"),
                Model m => (Evaluate(m, null, m.Origin), OutputKind.Evaluation, m.Name ?? LabelOf(m)),
                _ => throw new ArgumentException($"cannot plan a {item.GetType().Name}"),
            };
            outputs.Add(new PlanOutput(name, kind, id, item.Origin, cell) { Title = name });       // named in Finish
        }

        public Plan Finish()
        {
            var ordered = order.Select(id => nodes[id]).ToImmutableArray();
            var reported = SweepReduction.Reduce(outputs).Select(o => o with { Name = Unique(o.Cell is null ? o.Title : $"{o.Title} [{o.Cell.Label}]") });
            return new Plan(ordered, [.. reported], [.. diagnostics], Totals(ordered));
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
        string Add(PlanNode node, Origin origin)
        {
            var id = Canonical(() => NodeIds.Of(node), origin, $"invalid-{order.Count}");
            if (nodes.TryGetValue(id, out var existing))
            {
                if (origin.IsKnown && !existing.Origins.Contains(origin))
                    nodes[id] = existing with { Origins = existing.Origins.Add(origin) };
                return id;
            }
            nodes[id] = node with { Id = id, Origins = origin.IsKnown ? [origin] : [] };
            order.Add(id);
            return id;
        }

        // An id or a derived seed of a node that may hold a NaN or an infinity from the script (lr: double.NaN), which
        // has no canonical form: a located error, unless validation has already said what is wrong at this line, and
        // a placeholder in its place (a plan with errors never runs).
        T Canonical<T>(Func<T> compute, Origin origin, T placeholder)
        {
            try { return compute(); }
            catch (NonFiniteNumberException e)
            {
                if (!diagnostics.Any(d => d.Severity == Severity.Error && d.Origin == origin))
                    Report([new Diagnostic(DiagnosticCodes.InvalidHyperParameter,
                        $"{origin.Member}: {e.Value.ToString(CultureInfo.InvariantCulture)} is not a value a plan can hold; every number must be finite", origin)]);
                return placeholder;
            }
        }

        ModelNode ModelOf(string id) => (ModelNode)nodes[id];

        string Weights(Weights w)
        {
            if (visited.TryGetValue(w, out var known)) return known;
            var id = w switch
            {
                Pretrained p => Add(new PretrainedNode(p.Source, p.Checkpoint)
                    { Label = p.Name ?? $"{p.Source.Name} {Path.GetFileName(p.Checkpoint)}", Arch = p.Arch }, p.Origin),
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
            var node = new InitNode { Label = s.Name ?? $"init {s.Arch.Name}", Arch = s.Arch };
            return Add(node with { Seed = s.Seed ?? NodeIds.DerivedSeed(node, s.Branch) }, s.Origin);
        }

        string Train(Trained t)
        {
            var parent = Weights(t.Parent);
            Report(Validation.Step(t));
            var node = new TrainNode(t.Step) { Label = t.Name ?? t.Step.Label, Parents = [parent], Arch = ModelOf(parent).Arch };
            var seed = t.Step.Seed ?? Canonical(() => NodeIds.DerivedSeed(node, t.Parent.Branch), t.Origin, 0);
            return Add(node with { Seed = seed }, t.Origin);
        }

        string SoupNode(Soup s)
        {
            var members = Members(s.Members, s.Origin);
            Report(Validation.Soup(s));
            var first = ModelOf(members[0]);
            var training = first.Training ?? throw new InvalidOperationException($"soup member {first.Label} has no training step");
            return Add(new SoupNode(s.Kind, s.Bn, training)
                { Label = s.Name ?? SoupName(s), Parents = [.. members], Arch = first.Arch }, s.Origin);
        }

        IReadOnlyList<string> Members(Members members, Origin use)
        {
            var ids = members.Items.Select(Weights).ToList();
            if (members.StarOf is { } star)
            {
                var branchIds = members.Items.Skip(members.Count - star.Branches).Select(Weights).Distinct().Count();
                if (branchIds < star.Branches) Report([Validation.CollapsedStar(members.Origin, star.Branches, branchIds)]);
            }
            else if (ids.GroupBy(id => id).FirstOrDefault(g => g.Count() > 1) is { } repeated)
                Report([Validation.RepeatedMember(members.Origin.IsKnown ? members.Origin : use, nodes[repeated.Key].Label, repeated.Count(), ids.Count)]);
            return ids;
        }

        string Evaluate(Model m, Dataset? data, Origin origin)
        {
            var model = Weights(m);
            return Add(new EvaluateNode(data ?? m.Task) { Label = $"evaluate {nodes[model].Label}", Parents = [model] }, origin);
        }

        string Ensemble(Ensemble e)
        {
            var evaluations = e.Members.Items.Select(m => Evaluate(m, e.Data, e.Origin)).ToList();
            Members(e.Members, e.Origin);
            Report(Validation.Ensemble(e));
            return Add(new EnsembleNode(e.Data ?? e.Members[0].Task) { Label = e.Name ?? $"ensemble of {e.Members.Count}", Parents = [.. evaluations] }, e.Origin);
        }

        string Interpolation(Interpolation i)
        {
            var a = Weights(i.A);
            var b = Weights(i.B);
            Report(Validation.Interpolation(i));
            return Add(new InterpolateNode(i.Points, i.Data ?? i.A.Task, i.Bn) { Label = i.Name ?? $"{nodes[a].Label} ↔ {nodes[b].Label}", Parents = [a, b] }, i.Origin);
        }

        string Basin(Basin b)
        {
            var center = Weights(b.Center);
            var members = Members(b.Members, b.Origin);
            Report(Validation.Basin(b));
            return Add(new BasinNode(b.Points, b.Center.Task) { Label = b.Name ?? $"basin of {b.Members.Count}", Parents = [center, .. members] }, b.Origin);
        }

        string Plane(PlaneLandscape p)
        {
            ImmutableArray<string> three = [Weights(p.A), Weights(p.B), Weights(p.C)];
            var projected = p.Projected.Items.Select(Weights).ToList();
            Report(Validation.Plane(p, three));
            var data = p.Data ?? p.A.Task;
            var label = p.Name ?? $"plane of {nodes[three[0]].Label}, {nodes[three[1]].Label}, {nodes[three[2]].Label}";
            var frame = Add(new PlaneFrameNode(p.Grid, projected.Count) { Label = $"{label}: frame", Parents = [.. three, .. projected] }, p.Origin);
            var points = new List<string>();
            for (int row = 0; row < p.Grid.Resolution; row++)
                for (int column = 0; column < p.Grid.Resolution; column++)
                    points.Add(Add(new PlanePointNode(row, column, data, p.Bn) { Label = $"{label} at ({column}, {row})", Parents = [.. three, frame] }, p.Origin));
            return Add(new PlaneNode(p.Grid, data, p.Bn) { Label = label, Parents = [frame, .. points] }, p.Origin);
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
