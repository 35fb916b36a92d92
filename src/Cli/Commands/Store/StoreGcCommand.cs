using EnsDsl.Runtime.Store;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands.Store;

/// <summary>
/// <c>ensdsl store gc SCRIPT… [--yes]</c>: removes every entry that no given script's plan (with its --set and --repeat
/// cells) or recorded run reaches. Lists what it would remove and the space freed; removes only with --yes; never
/// removes an entry a process is computing.
/// </summary>
public sealed class StoreGcCommand : StoreCommand<StoreCleanSettings>
{
    /// <inheritdoc />
    protected override int Execute(StoreCleanSettings settings, NodeStore store, IReadOnlyList<StoreReach> reaches)
    {
        var unreached = store.Entries().Where(e => !reaches.Any(r => r.Ids.Contains(e.Id))).ToList();
        return StoreCleaning.Apply(settings, unreached.Select(e => new StoreCleaning.Item(e, e.Bytes)).ToList(),
            "not reached by the given scripts", "every entry is reached by the given scripts", e => store.Remove(e.Id) ? e.Bytes : null);
    }

    /// <summary>gc keeps what scripts reach: with none given it would empty the store.</summary>
    public override ValidationResult Validate(CommandContext context, StoreCleanSettings settings) =>
        settings.Scripts.Length == 0 ? ValidationResult.Error("store gc keeps the entries that the given scripts or run folders reach: give at least one (to empty a store, delete its folder)")
        : settings.OptimizerState ? ValidationResult.Error("--optimizer-state is an option of 'store prune'")
        : ValidationResult.Success();
}
