using EnsDsl.Runtime.Store;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands.Store;

/// <summary>
/// <c>ensdsl store prune --optimizer-state [SCRIPT…] [--yes]</c>: drops the optimizer state of finished training
/// steps, keeping their weights and predictions, except where an unfinished step of a given script continues it. The
/// state is only read by a step that continues it (<c>resetOptimizer: false</c>); such a step whose parent's state was
/// dropped trains the parent again first.
/// </summary>
public sealed class StorePruneCommand : StoreCommand<StoreCleanSettings>
{
    /// <inheritdoc />
    protected override int Execute(StoreCleanSettings settings, NodeStore store, IReadOnlyList<StoreReach> reaches)
    {
        var needed = reaches.SelectMany(r => r.Continuations).Where(c => !store.HasRecord(c.Step)).Select(c => c.Parent).ToHashSet();
        var items = store.Entries()
            .Where(e => e.State == EntryState.Finished && !needed.Contains(e.Id) && e.Files.Any(f => f.Kind == ContentKind.OptimizerState))
            .Select(e => new StoreCleaning.Item(e, e.BytesOf(ContentKind.OptimizerState))).ToList();
        return StoreCleaning.Apply(settings, items, "optimizer state no unfinished step continues", "no finished step has optimizer state that is not needed", e => store.DropFile(e.Id, NodeFile.Optimizer));
    }

    /// <summary>Prune says what to prune.</summary>
    public override ValidationResult Validate(CommandContext context, StoreCleanSettings settings) =>
        settings.OptimizerState ? ValidationResult.Success()
        : ValidationResult.Error("say what to prune: --optimizer-state (the only kind so far; weights and predictions are what results are made of)");
}
