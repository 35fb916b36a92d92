namespace EnsDsl.Planning;

/// <summary>
/// The wall-clock of a plan in epochs on a number of devices: list scheduling in dependency order, a free device always
/// taking the ready node with the longest path still below it (its own epochs and its longest chain of dependents).
/// Nodes that do not train take no time. The result lies between <see cref="PlanTotals.CriticalPathEpochs"/> (enough
/// devices) and <see cref="PlanTotals.Epochs"/> (one device).
/// </summary>
public static class Makespan
{
    /// <summary>The makespan of <paramref name="plan"/> on <paramref name="devices"/> devices, in epochs.</summary>
    /// <example><code>Makespan.Epochs(plan, devices: 8)</code></example>
    public static int Epochs(Plan plan, int devices)
    {
        if (devices < 1) throw new ArgumentOutOfRangeException(nameof(devices), devices, "at least one device");
        var order = plan.Nodes.Select((n, i) => (n.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var children = plan.Nodes.SelectMany(n => n.Parents.Distinct().Select(p => (Parent: p, Child: n.Id))).ToLookup(x => x.Parent, x => x.Child);
        var below = new Dictionary<string, int>();
        foreach (var n in plan.Nodes.Reverse())
            below[n.Id] = n.Epochs + children[n.Id].Select(c => below[c]).DefaultIfEmpty(0).Max();
        var waitingFor = plan.Nodes.ToDictionary(n => n.Id, n => n.Parents.Distinct().Count());

        // Ready nodes, longest path below first, then plan order; running nodes by finish time.
        var ready = new PriorityQueue<string, (int, int)>();
        var running = new PriorityQueue<string, int>();
        // A node that does not train finishes the moment it is ready, without a device.
        void Release(string id)
        {
            if (plan[id].Epochs == 0) Finish(id);
            else ready.Enqueue(id, (-below[id], order[id]));
        }
        void Finish(string id)
        {
            foreach (var child in children[id])
                if (--waitingFor[child] == 0) Release(child);
        }
        foreach (var n in plan.Nodes.Where(n => waitingFor[n.Id] == 0).ToList()) Release(n.Id);

        int now = 0;
        while (ready.Count > 0 || running.Count > 0)
        {
            while (ready.Count > 0 && running.Count < devices)
            {
                var id = ready.Dequeue();
                running.Enqueue(id, now + plan[id].Epochs);
            }
            running.TryDequeue(out var done, out now);
            Finish(done!);
        }
        return now;
    }
}
