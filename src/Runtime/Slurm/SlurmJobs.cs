using System.Collections.Immutable;
using EnsDsl.Planning;

namespace EnsDsl.Runtime.Slurm;

/// <summary>One Slurm job of a run: the nodes it computes, in plan order, and the jobs it must wait for.</summary>
/// <param name="Index">Its position in the run's list of jobs (0-based).</param>
/// <param name="Name">A name for <c>squeue</c>: the label of its main node.</param>
/// <param name="Nodes">The node ids it computes; their parents are in this job, in an earlier one, or done.</param>
/// <param name="After">The jobs it starts after (<c>--dependency=afterok:…</c>).</param>
/// <param name="Epochs">The epochs it trains.</param>
/// <param name="AfterAny">
/// Start when the jobs <paramref name="After"/> have ended, whatever their outcome (<c>afterany</c>), rather than
/// only when all succeeded (<c>afterok</c>): the last job's, so that a failed step does not stop the evaluations of the
/// others.
/// </param>
public sealed record SlurmJob(int Index, string Name, ImmutableArray<string> Nodes, ImmutableArray<int> After, int Epochs, bool AfterAny = false)
{
    /// <summary>The Slurm dependency type of <see cref="After"/>.</summary>
    public string DependencyType => AfterAny ? "afterany" : "afterok";
}

/// <summary>How training steps are grouped into Slurm jobs.</summary>
public enum Packing
{
    /// <summary>A job per training step.</summary>
    None,
    /// <summary>
    /// A linear chain of training steps (a step whose one training child has no other training parent, such as SSE's
    /// cycles, or a fine-tuning and the one step after it) is one job: on a busy cluster every job waits its turn in
    /// the queue, and a chain of dependent jobs waits once per step.
    /// </summary>
    Chains,
}

/// <summary>Packings by the names users write (<c>--pack</c>, <c>slurm.pack</c>, <c>ENSDSL_SLURM_PACK</c>).</summary>
public static class PackingNames
{
    /// <summary>The name of <paramref name="packing"/>: <c>none</c>, <c>chains</c>.</summary>
    public static string Name(this Packing packing) => packing.ToString().ToLowerInvariant();

    /// <summary>The packing named <paramref name="name"/> (any case), or null.</summary>
    public static Packing? Parse(string name) =>
        Enum.GetValues<Packing>().Cast<Packing?>().FirstOrDefault(p => p!.Value.Name() == name.Trim().ToLowerInvariant());
}

/// <summary>
/// How a plan becomes Slurm jobs. Every training step not done in the store is a job of its own (they are what costs
/// GPU hours, and independent ones, such as a StarSSE's branches or a sweep's cells, run at once), or, packed
/// (<see cref="Packing.Chains"/>), every linear chain of them; a checkpoint load, an initialisation or a soup that a
/// step starts from goes into the first job that needs it. A plane's grid is a job per row of points, after a job
/// for its frame. Everything left (evaluations, ensembles, soups, paths, basin reports: minutes at most) is one last
/// job after the others, so that the submitting process computes nothing
/// and can detach; it starts when they have ended whichever way, and computes what their results allow (a failed
/// step's evaluations are skipped, the others' are not). Star branches are separate jobs rather than an array: each
/// has its own dependencies and its own fate (one that fails cancels only what needs it).
/// </summary>
public static class SlurmJobs
{
    /// <summary>The jobs of <paramref name="plan"/>, leaving out the nodes in <paramref name="done"/>, packed as <paramref name="packing"/> says.</summary>
    /// <example><code>var jobs = SlurmJobs.For(experiment.Plan, finishedIds, Packing.Chains);</code></example>
    public static IReadOnlyList<SlurmJob> For(Plan plan, IReadOnlySet<string>? done = null, Packing packing = Packing.None)
    {
        done ??= new HashSet<string>();
        var jobOf = new Dictionary<string, int>();
        var members = new List<List<string>>();
        foreach (var train in plan.Nodes.OfType<TrainNode>().Where(n => !done.Contains(n.Id)))
        {
            var job = members.Count;
            members.Add([]);
            // The untrained inputs it starts from that no earlier job computes: a checkpoint, an initialisation, a soup.
            var stack = new Stack<string>([train.Id]);
            while (stack.Count > 0)
            {
                var id = stack.Pop();
                if (done.Contains(id) || jobOf.ContainsKey(id) || (id != train.Id && plan[id] is TrainNode)) continue;
                jobOf[id] = job;
                members[job].Add(id);
                foreach (var parent in plan[id].Parents) stack.Push(parent);
            }
        }
        if (packing == Packing.Chains) members = Chained(plan, members, jobOf);
        // A plane's grid costs as much as the rest of the evaluations together (every point a BN pass over the training
        // data and a test pass): its frame is a job, and each row of its points a job after it, side by side.
        foreach (var plane in plan.Nodes.OfType<PlaneNode>().Where(p => !done.Contains(p.Id)))
        {
            IEnumerable<IEnumerable<string>> parts = [[plane.Parents[0]], .. plane.Parents[1..].GroupBy(id => ((PlanePointNode)plan[id]).Row)];
            foreach (var part in parts.Select(ids => ids.Where(id => !done.Contains(id) && !jobOf.ContainsKey(id)).ToList()).Where(ids => ids.Count > 0))
            {
                foreach (var id in part) jobOf[id] = members.Count;
                members.Add(part);
            }
        }
        int last = -1;
        var rest = plan.Nodes.Where(n => !done.Contains(n.Id) && !jobOf.ContainsKey(n.Id)).Select(n => n.Id).ToList();
        if (rest.Count > 0)
        {
            last = members.Count;
            foreach (var id in rest) jobOf[id] = last;
            members.Add(rest);
        }
        var order = plan.Nodes.Select((n, i) => (n.Id, i)).ToDictionary(x => x.Id, x => x.i);
        return [.. members.Select((ids, index) =>
        {
            var nodes = ids.OrderBy(id => order[id]).ToImmutableArray();
            var after = Needed(plan, ids, index, jobOf).Order().ToImmutableArray();
            var steps = nodes.Select(id => plan[id]).OfType<TrainNode>().ToList();
            var name = (steps.Count, plan[nodes[0]]) switch
            {
                (0, PlaneFrameNode frame) => frame.Label,
                (0, PlanePointNode) when plan[nodes[^1]] is PlanePointNode end => $"{plan[nodes[0]].Label} to ({end.Column}, {end.Row})",
                (0, _) => "evaluate and report",
                (1, _) => steps[0].Label,
                _ => $"{steps[0].Label} → {steps[^1].Label}",
            };
            return new SlurmJob(index, name, nodes, after, nodes.Sum(id => plan[id].Epochs), AfterAny: index == last);
        })];
    }

    // The other jobs whose nodes the nodes of job <index> start from.
    static HashSet<int> Needed(Plan plan, IEnumerable<string> ids, int index, Dictionary<string, int> jobOf) =>
        ids.SelectMany(id => plan[id].Parents).Where(jobOf.ContainsKey).Select(p => jobOf[p]).Where(j => j != index).ToHashSet();

    // The training jobs with every linear chain joined: job K joins job J's chain when J's step is the only training
    // parent of K's step, found through the untrained nodes between steps (a checkpoint load is no parent; a soup of
    // three steps has three), and K is the only job that needs anything of J's (a checkpoint load that J computes for
    // other jobs too keeps J short, so that they do not wait for a whole chain). Jobs are in plan order (parents
    // first), so a chain is built front to back.
    static List<List<string>> Chained(Plan plan, List<List<string>> members, Dictionary<string, int> jobOf)
    {
        HashSet<int> TrainingParents(string id)
        {
            var found = new HashSet<int>();
            var stack = new Stack<string>(plan[id].Parents);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                if (plan[p] is TrainNode) { if (jobOf.TryGetValue(p, out var j)) found.Add(j); }
                else foreach (var q in plan[p].Parents) stack.Push(q);
            }
            return found;
        }
        var parents = members.Select(ids => TrainingParents(ids.Single(id => plan[id] is TrainNode))).ToList();
        var needs = members.Select((ids, k) => Needed(plan, ids, k, jobOf)).ToList();
        var neededBy = new int[members.Count];
        foreach (var j in needs.SelectMany(n => n)) neededBy[j]++;
        var chainOf = Enumerable.Range(0, members.Count).ToArray();
        for (int k = 0; k < members.Count; k++)
        {
            if (parents[k].Count != 1) continue;
            var j = parents[k].Single();
            if (needs[k].SetEquals([j]) && neededBy[j] == 1) chainOf[k] = chainOf[j];
        }
        var chains = new List<List<string>>();
        var chainIndex = new Dictionary<int, int>();
        for (int k = 0; k < members.Count; k++)
        {
            if (!chainIndex.TryGetValue(chainOf[k], out var c)) { c = chains.Count; chainIndex[chainOf[k]] = c; chains.Add([]); }
            chains[c].AddRange(members[k]);
            foreach (var id in members[k]) jobOf[id] = c;
        }
        return chains;
    }
}
