using EnsDsl.Cli.Output;
using EnsDsl.Host.Scripting;
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

/// <summary>What gc and prune share: list what goes and the space it frees, and remove it only when told to.</summary>
static class StoreCleaning
{
    /// <summary>An entry and the bytes cleaning it frees.</summary>
    public sealed record Item(StoreEntry Entry, long Bytes);

    /// <summary>Lists <paramref name="items"/>; with --yes cleans each (null from <paramref name="clean"/>: locked, kept).</summary>
    public static int Apply(StoreCleanSettings settings, IReadOnlyList<Item> items, string what, string nothing, Func<StoreEntry, long?> clean)
    {
        var results = items.Select(i => (i.Entry, i.Bytes, Freed: settings.Yes ? clean(i.Entry) : null)).ToList();
        var locked = results.Where(r => settings.Yes && r.Freed is null).ToList();
        var freed = results.Sum(r => r.Freed ?? 0);
        if (settings.Json)
        {
            Console.Out.WriteLine(new Newtonsoft.Json.Linq.JObject
            {
                ["removed"] = settings.Yes,
                ["bytes"] = settings.Yes ? freed : items.Sum(i => i.Bytes),
                ["entries"] = new Newtonsoft.Json.Linq.JArray(results.Select(r => new Newtonsoft.Json.Linq.JObject
                {
                    ["id"] = r.Entry.Id, ["label"] = r.Entry.Label, ["bytes"] = r.Bytes, ["locked"] = settings.Yes && r.Freed is null,
                })),
            }.ToString(Newtonsoft.Json.Formatting.Indented));
            return ExitCodes.Success;
        }
        if (items.Count == 0)
        {
            Terminal.Out.WriteLine($"Nothing to remove: {nothing}.");
            return ExitCodes.Success;
        }
        var table = new Table { Border = TableBorder.Simple };
        table.AddColumns("node", "kind", "label", "frees");
        table.Columns[3].RightAligned();
        foreach (var (e, bytes, result) in results)
            table.AddRow(e.Id[..Math.Min(12, e.Id.Length)], Markup.Escape(e.Record?.Kind.Name() ?? e.State.Key()),
                Markup.Escape(e.Label) + (settings.Yes && result is null ? " [yellow](being computed: kept)[/]" : ""), Sizes.Format(bytes));
        Terminal.Out.Write(table);
        if (!settings.Yes)
            Terminal.Out.MarkupLine($"{items.Count} entries ({Markup.Escape(what)}) would free [bold]{Sizes.Format(items.Sum(i => i.Bytes))}[/]. Nothing was removed: run again with --yes to remove them.");
        else
            Terminal.Out.MarkupLine($"Removed {results.Count - locked.Count} of {items.Count} ({Markup.Escape(what)}), freed [bold]{Sizes.Format(freed)}[/]" +
                (locked.Count > 0 ? $"; kept {locked.Count} that a process is computing" : "") + ".");
        return ExitCodes.Success;
    }
}
