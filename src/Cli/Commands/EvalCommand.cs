using System.ComponentModel;
using System.Globalization;
using EnsDsl.Cli.Output;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Scoring;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands;

/// <summary>Settings of <c>ensdsl eval</c>.</summary>
public sealed class EvalSettings : CommandSettings
{
    /// <summary>The checkpoint.</summary>
    [CommandOption("--checkpoint <PATH>")]
    [Description("The weights to evaluate: an ensdsl weights file (.ensdsl/nodes/<id>/weights.tensors), a file of 'ensdsl export', or a PyTorch checkpoint ({'model_state'|'state_dict'|'model': sd} or a bare state dict).")]
    public string Checkpoint { get; init; } = "";

    /// <summary>A run whose output to evaluate.</summary>
    [CommandOption("--run <RUN>")]
    [Description("Instead of --checkpoint: a run folder (runs/<script>/<time>) whose --output to evaluate, from the weights in the store.")]
    public string? Run { get; init; }

    /// <summary>The output's name.</summary>
    [CommandOption("--output <NAME>")]
    [Description("With --run: the ensemble, soup or evaluated model to score, by its name in the run's summary (e.g. \"StarSSE\", \"StarSSE soup\").")]
    public string? Output { get; init; }

    /// <summary>The store.</summary>
    [CommandOption("--store <DIR>")]
    [Description("With --run: the store holding the run's models (default: .ensdsl in the working directory).")]
    public string Store { get; init; } = ".ensdsl";

    /// <summary>The architecture.</summary>
    [CommandOption("--arch <NAME>")]
    [Description("The network the weights belong to, e.g. cifar-resnet8x16, resnet18, resnet50 (default: the one their keys and shapes imply, as 'ensdsl inspect' shows).")]
    public string? Arch { get; init; }

    /// <summary>The data.</summary>
    [CommandOption("--data <SPEC>")]
    [Description("The dataset whose test split is scored, e.g. embedded:target, cifar100:DIR, imagefolder:DIR.")]
    public string Data { get; init; } = "";

    /// <summary>The test-time transform.</summary>
    [CommandOption("--transform <NAME>")]
    [Description("test: Resize(256) + CenterCrop(224), the authors' test transform, on float tensors as their code computes it (the default for image datasets); pil: the same through Pillow's antialiased resize, as torchvision's PIL pipeline; none: the images at their own size, ImageNet-normalised only (the default, and the only choice, for the embedded tasks).")]
    public string? Transform { get; init; }

    /// <summary>Mean per-class accuracy.</summary>
    [CommandOption("--per-class")]
    [Description("Report mean per-class accuracy instead of top-1 accuracy.")]
    public bool PerClass { get; init; }

    /// <summary>The device.</summary>
    [CommandOption("--device <DEVICE>")]
    [Description("auto (CUDA when available, else CPU), cpu, cuda or cuda:N.")]
    public string Device { get; init; } = "auto";

    /// <summary>JSON output.</summary>
    [CommandOption("--json")]
    [Description("Print the scores as JSON.")]
    public bool Json { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate() =>
        Checkpoint.Length == 0 && Run is null ? ValidationResult.Error("give --checkpoint FILE, or --run RUN --output NAME")
        : Checkpoint.Length > 0 && Run is not null ? ValidationResult.Error("give --checkpoint or --run, not both")
        : Run is not null && Output is null ? ValidationResult.Error("--run needs --output NAME: the ensemble, soup or model to score (the names of the run's summary)")
        : Run is not null && Arch is not null ? ValidationResult.Error("--arch goes with --checkpoint; a run's models are read as the store holds them")
        : Data.Length == 0 ? ValidationResult.Error("--data is required")
        : ValidationResult.Success();
}

/// <summary>
/// <c>ensdsl eval</c>: the test accuracy, NLL, ECE, Brier and calibrated NLL of one checkpoint, or of a run's ensemble,
/// soup or model (by name) on another dataset.
/// </summary>
public sealed class EvalCommand : Command<EvalSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, EvalSettings settings, CancellationToken cancellationToken) =>
        settings.Run is not null ? EvaluateOutput(settings) : EvaluateCheckpoint(settings);

    static int EvaluateOutput(EvalSettings settings)
    {
        if (Store.StoreAccess.Open(settings.Store) is not { } store) return ExitCodes.UserError;
        OutputScores result;
        try { result = OutputEvaluation.Run(settings.Run!, settings.Output!, store, settings.Data, settings.Device, settings.PerClass, settings.Transform); }
        catch (Exception e) when (e is EvaluationInputException or ArgumentException)
        {
            Terminal.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.UserError;
        }
        var c = CultureInfo.InvariantCulture;
        var fields = new JObject
        {
            ["run"] = result.Run, ["output"] = result.Output, ["kind"] = result.Kind.Name(), ["models"] = new JArray(result.Models),
            ["arch"] = result.Architecture, ["data"] = result.Data, ["images"] = result.Images,
        };
        if (result.MemberAccuracies.Count > 0) fields["member_acc"] = new JArray(result.MemberAccuracies);
        Print(settings, fields, [("output", result.Output), ("kind", result.Kind.Name()), ("models", result.Models.Count.ToString(c)), ("data", result.Data),
            ("images", result.Images.ToString(c))], result.Scores);
        if (!settings.Json && result.MemberAccuracies.Count > 0)
            Terminal.Out.WriteLine($"members' accuracy: {string.Join(", ", result.MemberAccuracies.Select(a => a.ToString("F4", c)))}");
        return ExitCodes.Success;
    }

    static int EvaluateCheckpoint(EvalSettings settings)
    {
        CheckpointScores result;
        try { result = CheckpointEvaluation.Run(settings.Checkpoint, settings.Arch, settings.Data, settings.Device, settings.PerClass, settings.Transform); }
        catch (Exception e) when (e is EvaluationInputException or ArgumentException)
        {
            Terminal.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.UserError;
        }
        var c = CultureInfo.InvariantCulture;
        var fields = new JObject
        {
            ["checkpoint"] = result.Checkpoint, ["arch"] = result.Architecture, ["data"] = result.Data,
            ["images"] = result.Images, ["classes"] = result.Classes,
        };
        Print(settings, fields, [("checkpoint", result.Checkpoint), ("arch", result.Architecture), ("data", result.Data), ("images", result.Images.ToString(c))], result.Scores);
        return ExitCodes.Success;
    }

    /// <summary>One scored model or output: as JSON (its fields, then the scores and the temperature) or as a one-row table.</summary>
    static void Print(EvalSettings settings, JObject fields, IReadOnlyList<(string Title, string Cell)> columns, Scores scores)
    {
        if (settings.Json)
        {
            foreach (var (name, value) in scores.Reported()) fields[name] = value;
            fields[MetricNames.Temperature] = scores.Temperature;
            Terminal.Out.WriteLine(fields.ToString(Formatting.Indented));
            return;
        }
        var table = new Table { Border = TableBorder.Simple };
        table.AddColumns([.. columns.Select(x => x.Title),
            .. MetricNames.Reported.Select(m => m == MetricNames.Accuracy && settings.PerClass ? "acc (per class)" : MetricNames.Title(m))]);
        table.AddRow([.. columns.Select(x => Markup.Escape(x.Cell)), .. scores.Reported().Select(r => r.Value.ToString("F4", CultureInfo.InvariantCulture))]);
        Terminal.Out.Write(table);
    }
}
