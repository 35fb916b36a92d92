using EnsDsl.Cli.Output;
using EnsDsl.Runtime.Store;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Spectre.Console;

namespace EnsDsl.Cli.Commands.Store;

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
            Console.Out.WriteLine(new JObject
            {
                ["removed"] = settings.Yes,
                ["bytes"] = settings.Yes ? freed : items.Sum(i => i.Bytes),
                ["entries"] = new JArray(results.Select(r => new JObject
                {
                    ["id"] = r.Entry.Id, ["label"] = r.Entry.Label, ["bytes"] = r.Bytes, ["locked"] = settings.Yes && r.Freed is null,
                })),
            }.ToString(Formatting.Indented));
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
            table.AddRow(StoreEntry.Short(e.Id), Markup.Escape(e.KindName),
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
