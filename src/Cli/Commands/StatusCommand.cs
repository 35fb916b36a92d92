using System.ComponentModel;
using System.Globalization;
using EnsDsl.Cli.Output;
using EnsDsl.Runtime.Slurm;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands;

/// <summary>Settings of <c>ensdsl status</c>.</summary>
public sealed class StatusSettings : RunFolderSettings
{
    /// <summary>Print JSON.</summary>
    [CommandOption("--json")]
    [Description("Print every node's state as JSON.")]
    public bool Json { get; init; }
}

/// <summary>
/// <c>ensdsl status RUN</c>: every node of a run submitted to Slurm: pending, running, done, failed or cancelled, its
/// Slurm job, how long it has run, its last epoch, and why it failed or waits. Reads; changes nothing.
/// </summary>
public sealed class StatusCommand : Command<StatusSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, StatusSettings settings, CancellationToken cancellationToken)
    {
        var nodes = SlurmStatus.Of(SlurmRun.Read(settings.Run), Path.GetFullPath(settings.Run), new SlurmCommands(warn: Terminal.Warn));
        if (settings.Json) Console.Out.WriteLine(Json(nodes).ToString(Formatting.Indented));
        else Write(nodes);
        return ExitCodes.Success;
    }

    static JArray Json(IReadOnlyList<NodeProgress> nodes) => new(nodes.Select(n => new JObject
    {
        ["id"] = n.Id,
        ["label"] = n.Label,
        ["state"] = n.State.Name(),
        ["job"] = n.Job?.Job.Index,
        ["slurm_id"] = n.Job?.SlurmId,
        ["elapsed_seconds"] = n.Elapsed?.TotalSeconds,
        ["epoch"] = n.LastEpoch?.Epoch,
        ["epochs"] = n.LastEpoch?.Epochs,
        ["loss"] = n.LastEpoch?.Loss,
        ["reason"] = n.Reason,
    }));

    static void Write(IReadOnlyList<NodeProgress> nodes)
    {
        var c = CultureInfo.InvariantCulture;
        var table = new Table { Border = TableBorder.Simple };
        table.AddColumns("state", "slurm job", "node", "label", "epoch", "elapsed", "reason");
        foreach (var n in nodes)
            table.AddRow(Markup.Escape(n.State.Name()), n.Job?.SlurmId ?? "", n.Id[..8], Markup.Escape(n.Label),
                n.LastEpoch is { } e ? string.Format(c, "{0}/{1} loss {2:F3}", e.Epoch, e.Epochs, e.Loss) : "",
                n.Elapsed is { } t ? t.ToString(t.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", c) : "", Markup.Escape(n.Reason ?? ""));
        Terminal.Out.Write(table);
        Terminal.Out.WriteLine(string.Join(", ", nodes.GroupBy(n => n.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.Name()}")));
    }
}
