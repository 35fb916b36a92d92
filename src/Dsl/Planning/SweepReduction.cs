using System.Collections.Immutable;

namespace EnsDsl.Planning;

/// <summary>
/// A sweep's outputs, each reported once: an output whose node is the same whatever an axis's value (Local DE in a
/// sweep over the cycle LR) drops that axis from its cell, and the cells that then coincide are one output, which
/// <see cref="PlanOutput.Covers"/> the cells it stands for.
/// </summary>
public static class SweepReduction
{
    /// <summary>The outputs of a sweep's cells (named by their <see cref="PlanOutput.Title"/> alone), reduced, in first-seen order.</summary>
    public static IReadOnlyList<PlanOutput> Reduce(IReadOnlyList<PlanOutput> outputs)
    {
        var cells = new Dictionary<PlanOutput, SweepCell>(ReferenceEqualityComparer.Instance);
        foreach (var same in outputs.Where(o => o.Cell is not null).GroupBy(o => (o.Title, o.Kind)))
        {
            var members = same.ToList();
            foreach (var o in members) cells[o] = o.Cell!;
            foreach (var axis in members[0].Cell!.Values.Select(v => v.Key).ToList())
            {
                // The axis does not matter to this output when changing only it never changes the node.
                var irrelevant = members.GroupBy(o => cells[o].Without(axis)).All(g => g.Select(o => o.NodeId).Distinct().Count() == 1);
                if (irrelevant) foreach (var o in members) cells[o] = cells[o].Without(axis);
            }
        }
        // Only outputs of different cells merge: within one cell (or without a sweep), two outputs of one title are two
        // outputs, told apart by their occurrence.
        var reduced = new List<PlanOutput>();
        var seen = new Dictionary<(string, OutputKind, SweepCell?, int), int>();
        var occurrences = new Dictionary<(string, OutputKind, SweepCell?), int>();
        foreach (var o in outputs)
        {
            var occurrence = occurrences[(o.Title, o.Kind, o.Cell)] = occurrences.GetValueOrDefault((o.Title, o.Kind, o.Cell)) + 1;
            var cell = o.Cell is null ? null : cells[o] is { Values.IsEmpty: false } kept ? kept : null;
            if (o.Cell is not null && seen.TryGetValue((o.Title, o.Kind, cell, occurrence), out var at))
            {
                reduced[at] = reduced[at] with { Covers = reduced[at].Covers.Add(o.Cell) };
                continue;
            }
            seen[(o.Title, o.Kind, cell, occurrence)] = reduced.Count;
            reduced.Add(o with { Cell = cell, Covers = o.Cell is null ? [] : [o.Cell] });
        }
        return reduced;
    }
}
