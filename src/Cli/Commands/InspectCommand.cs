using System.ComponentModel;
using System.Globalization;
using EnsDsl.Cli.Output;
using EnsDsl.Runtime.Checkpoints;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands;

/// <summary>Settings of <c>ensdsl inspect</c>.</summary>
public sealed class InspectSettings : CommandSettings
{
    /// <summary>The checkpoint, or a dataset spec.</summary>
    [CommandArgument(0, "<CHECKPOINT|DATASET>")]
    [Description("A PyTorch checkpoint (torch.save), an ensdsl weights file, or a dataset spec (KIND:PATH?OPTIONS, as --data and Data(...) take).")]
    public string Checkpoint { get; init; } = "";

    /// <summary>JSON output.</summary>
    [CommandOption("--json")]
    [Description("Print the summary as JSON.")]
    public bool Json { get; init; }
}

/// <summary>
/// <c>ensdsl inspect</c>: a checkpoint's format, keys and shapes, and the architecture and class count they imply; or,
/// for a dataset spec (an argument with a kind and no file of that name), what a training step reads from it.
/// </summary>
public sealed class InspectCommand : Command<InspectSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, InspectSettings settings, CancellationToken cancellationToken) =>
        !File.Exists(settings.Checkpoint) && settings.Checkpoint.Contains(':')
            ? DatasetInspection.Execute(settings.Checkpoint, settings.Json)
            : Checkpoint(settings);

    static int Checkpoint(InspectSettings settings)
    {
        CheckpointSummary summary;
        try { summary = CheckpointInspection.Inspect(settings.Checkpoint); }
        catch (CheckpointException e)
        {
            Terminal.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.UserError;
        }
        if (settings.Json)
        {
            Terminal.Out.WriteLine(new JObject
            {
                ["checkpoint"] = summary.Path, ["format"] = summary.Format, ["architecture"] = summary.Architecture,
                ["classes"] = summary.Classes, ["parameters"] = summary.Parameters,
                ["tensors"] = new JArray(summary.Tensors.Select(t => new JObject { ["key"] = t.Key, ["shape"] = new JArray(t.Shape), ["dtype"] = t.DType })),
            }.ToString(Formatting.Indented));
            return ExitCodes.Success;
        }
        var c = CultureInfo.InvariantCulture;
        Terminal.Out.WriteLine($"{summary.Path}: {summary.Format}");
        Terminal.Out.WriteLine($"architecture: {summary.Architecture ?? "not one ensdsl knows (see the keys below)"}; " +
            $"head: {(summary.Classes is { } k ? $"{k} classes" : "none")}; {summary.Tensors.Count} tensors, {summary.Parameters.ToString("N0", c)} values");
        var table = new Table { Border = TableBorder.Simple };
        table.AddColumns("key", "shape", "dtype");
        foreach (var t in summary.Tensors) table.AddRow(Markup.Escape(t.Key), Markup.Escape($"[{string.Join(", ", t.Shape)}]"), t.DType);
        Terminal.Out.Write(table);
        return ExitCodes.Success;
    }
}
