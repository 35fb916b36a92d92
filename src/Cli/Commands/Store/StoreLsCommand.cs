using System.Globalization;
using EnsDsl.Cli.Output;
using EnsDsl.Runtime.Store;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Spectre.Console;

namespace EnsDsl.Cli.Commands.Store;

/// <summary><c>ensdsl store ls [SCRIPT…]</c>: every entry: id, kind, state, label, size, when written, and which given scripts reach it.</summary>
public sealed class StoreLsCommand : StoreCommand<StoreScriptsSettings>
{
    /// <inheritdoc />
    protected override int Execute(StoreScriptsSettings settings, NodeStore store, IReadOnlyList<StoreReach> reaches)
    {
        var entries = store.Entries();
        if (settings.Json)
        {
            Console.Out.WriteLine(new JArray(entries.Select(e => ToJson(e, reaches))).ToString(Formatting.Indented));
            return ExitCodes.Success;
        }
        var table = new Table { Border = TableBorder.Simple };
        table.AddColumns("node", "kind", "state", "label", "size", "written (UTC)");
        table.Columns[4].RightAligned();
        if (reaches.Count > 0) table.AddColumn("reached by");
        foreach (var e in entries)
        {
            string[] row = [StoreEntry.Short(e.Id), e.KindName, e.State.Key() + (e.Locked ? ", locked" : ""), Markup.Escape(e.Label),
                Sizes.Format(e.Bytes), e.Modified.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)];
            table.AddRow(reaches.Count > 0 ? [.. row, Markup.Escape(string.Join(", ", Reaching(reaches, e.Id)))] : row);
        }
        Terminal.Out.Write(table);
        Terminal.Out.WriteLine($"{entries.Count} entries, {Sizes.Format(entries.Sum(e => e.Bytes))}");
        return ExitCodes.Success;
    }

    /// <summary>An entry as JSON (also <c>store show --json</c>).</summary>
    internal static JObject ToJson(StoreEntry e, IReadOnlyList<StoreReach> reaches) => new()
    {
        ["id"] = e.Id,
        ["kind"] = e.KindName,
        ["state"] = e.State.Key(),
        ["label"] = e.Label,
        ["bytes"] = e.Bytes,
        ["written"] = e.Modified.ToString("o", CultureInfo.InvariantCulture),
        ["locked"] = e.Locked,
        ["epochs_done"] = e.EpochsDone,
        ["seconds"] = e.Record?.Seconds,
        ["metrics"] = e.Record is { } r ? JObject.FromObject(r.Metrics) : null,
        ["files"] = new JArray(e.Files.Select(f => new JObject { ["name"] = f.Name, ["kind"] = f.Kind.Key(), ["bytes"] = f.Bytes })),
        ["reached_by"] = new JArray(Reaching(reaches, e.Id)),
    };
}
