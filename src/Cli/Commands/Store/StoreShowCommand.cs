using System.Globalization;
using EnsDsl.Cli.Output;
using EnsDsl.Runtime.Store;
using Newtonsoft.Json;
using Spectre.Console;

namespace EnsDsl.Cli.Commands.Store;

/// <summary><c>ensdsl store show ID [SCRIPT…]</c>: what one entry is: label, kind, state, when written, its files and sizes, metrics, and which given scripts reach it.</summary>
public sealed class StoreShowCommand : StoreCommand<StoreShowSettings>
{
    /// <inheritdoc />
    protected override int Execute(StoreShowSettings settings, NodeStore store, IReadOnlyList<StoreReach> reaches)
    {
        if (StoreAccess.Resolve(store, settings.Id) is not { } id) return ExitCodes.UserError;
        var e = store.Entry(id)!;
        if (settings.Json)
        {
            Console.Out.WriteLine(StoreLsCommand.ToJson(e, reaches).ToString(Formatting.Indented));
            return ExitCodes.Success;
        }
        var c = CultureInfo.InvariantCulture;
        var o = Terminal.Out;
        o.MarkupLine($"[bold]{Markup.Escape(e.Label)}[/]  {e.Id}");
        o.WriteLine($"kind: {e.KindName}; state: {e.State.Key()}{(e.Locked ? " (a process is computing it now)" : "")}");
        o.WriteLine($"written: {e.Modified.ToString("yyyy-MM-dd HH:mm:ss", c)} UTC; size: {Sizes.Format(e.Bytes)}");
        if (e.Record is { } r)
        {
            o.WriteLine(string.Create(c, $"computed in {r.Seconds:F1} s{(r.TrainImagesPerSecond is { } ips ? $", training {ips:F0} images/s" : "")}, by ensdsl {r.Version}"));
            if (r.Metrics.Count > 0) o.WriteLine("metrics: " + string.Join(", ", r.Metrics.Select(m => string.Create(c, $"{m.Key} {m.Value:G6}"))));
        }
        var files = new Table { Border = TableBorder.Simple };
        files.AddColumns("file", "holds", "size");
        files.Columns[2].RightAligned();
        foreach (var f in e.Files) files.AddRow(Markup.Escape(f.Name), f.Kind.Display(), Sizes.Format(f.Bytes));
        o.Write(files);
        if (reaches.Count > 0)
        {
            var by = Reaching(reaches, e.Id).ToList();
            o.WriteLine(by.Count > 0 ? $"reached by: {string.Join(", ", by)}" : "reached by none of the given scripts");
        }
        return ExitCodes.Success;
    }
}
