using EnsDsl.Cli.Output;
using EnsDsl.Runtime.Store;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Spectre.Console;

namespace EnsDsl.Cli.Commands.Store;

/// <summary>
/// <c>ensdsl store du [SCRIPT…]</c>: the store's size by file kind (weights, optimizer state, predictions, training
/// state), by node kind, and per given script or run folder (the entries its plan reaches).
/// </summary>
public sealed class StoreDuCommand : StoreCommand<StoreScriptsSettings>
{
    /// <inheritdoc />
    protected override int Execute(StoreScriptsSettings settings, NodeStore store, IReadOnlyList<StoreReach> reaches)
    {
        var entries = store.Entries();
        var byContent = Enum.GetValues<ContentKind>().Select(k => (Kind: k, Bytes: entries.Sum(e => e.BytesOf(k)))).ToList();
        var byKind = entries.GroupBy(e => e.KindName).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Kind: g.Key, Entries: g.Count(), Bytes: g.Sum(e => e.Bytes))).ToList();
        var perScript = reaches.Select(r => (r.Name, Nodes: r.Ids.Count, Stored: entries.Where(e => r.Ids.Contains(e.Id)).ToList())).ToList();
        var total = entries.Sum(e => e.Bytes);
        if (settings.Json)
        {
            Console.Out.WriteLine(new JObject
            {
                ["store"] = store.Root,
                ["entries"] = entries.Count,
                ["bytes"] = total,
                ["by_content"] = new JObject(byContent.Select(c => new JProperty(c.Kind.Key(), c.Bytes))),
                ["by_kind"] = new JObject(byKind.Select(k => new JProperty(k.Kind, new JObject { ["entries"] = k.Entries, ["bytes"] = k.Bytes }))),
                ["scripts"] = new JArray(perScript.Select(s => new JObject
                {
                    ["name"] = s.Name, ["nodes"] = s.Nodes, ["in_store"] = s.Stored.Count, ["bytes"] = s.Stored.Sum(e => e.Bytes),
                })),
            }.ToString(Formatting.Indented));
            return ExitCodes.Success;
        }
        var states = string.Join(", ", entries.GroupBy(e => e.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.Key()}"));
        Terminal.Out.MarkupLine($"[bold]{Markup.Escape(store.Root)}[/]: {entries.Count} entries ({states}), [bold]{Sizes.Format(total)}[/]");
        var files = new Table { Border = TableBorder.Simple };
        files.AddColumns("file kind", "size");
        files.Columns[1].RightAligned();
        foreach (var (kind, bytes) in byContent) files.AddRow(kind.Display(), Sizes.Format(bytes));
        Terminal.Out.Write(files);
        var kinds = new Table { Border = TableBorder.Simple };
        kinds.AddColumns("node kind", "entries", "size");
        kinds.Columns[1].RightAligned();
        kinds.Columns[2].RightAligned();
        foreach (var (kind, count, bytes) in byKind) kinds.AddRow(kind, count.ToString(), Sizes.Format(bytes));
        Terminal.Out.Write(kinds);
        if (perScript.Count > 0)
        {
            var scripts = new Table { Border = TableBorder.Simple };
            scripts.AddColumns("script", "plan nodes", "in store", "size");
            foreach (var c in scripts.Columns.Skip(1)) c.RightAligned();
            foreach (var (name, nodes, stored) in perScript)
                scripts.AddRow(Markup.Escape(name), nodes.ToString(), stored.Count.ToString(), Sizes.Format(stored.Sum(e => e.Bytes)));
            Terminal.Out.Write(scripts);
            Terminal.Out.WriteLine("An entry several scripts reach counts in each of them.");
        }
        return ExitCodes.Success;
    }
}
