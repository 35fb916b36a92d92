namespace EnsDsl.Planning;

/// <summary>
/// What a store already holds of a plan: its finished nodes, and the epochs saved by training steps that stopped
/// part-way (a run resumes them). <c>ensdsl plan</c> tells from it what is cached and what is left to train and store.
/// </summary>
/// <param name="Finished">Ids of the plan's nodes the store has finished.</param>
/// <param name="EpochsSaved">Epochs done by unfinished training steps, by id.</param>
/// <param name="Measured">Training speeds the store's finished steps measured (any plan's).</param>
public sealed record StoreState(IReadOnlySet<string> Finished, IReadOnlyDictionary<string, int> EpochsSaved, IReadOnlyList<Throughput> Measured)
{
    /// <summary>An empty store.</summary>
    public static StoreState Empty { get; } = new(new HashSet<string>(), new Dictionary<string, int>(), []);

    /// <summary>Nodes of <paramref name="plan"/> already finished.</summary>
    public int NodesCached(Plan plan) => plan.Nodes.Count(n => Finished.Contains(n.Id));

    /// <summary>Epochs of <paramref name="plan"/> the store holds: finished steps' and unfinished steps' saved epochs.</summary>
    public int EpochsCached(Plan plan) => plan.Nodes.Sum(n => Finished.Contains(n.Id) ? n.Epochs : Math.Min(n.Epochs, EpochsSaved.GetValueOrDefault(n.Id)));

    /// <summary>Epochs of <paramref name="plan"/> left to train.</summary>
    public int EpochsToTrain(Plan plan) => plan.Totals.Epochs - EpochsCached(plan);

    /// <summary>How long the plan's unfinished training should take at the speeds this store measured.</summary>
    public TimeEstimate TimeToTrain(Plan plan) => TimeEstimate.Of(plan, this);

    /// <summary>What the plan's unfinished nodes will add to the store.</summary>
    public Footprint ToAdd(Plan plan) => StoreFootprint.Of(plan, plan.Nodes.Where(n => !Finished.Contains(n.Id)));
}
