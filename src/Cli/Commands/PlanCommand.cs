using System.ComponentModel;
using EnsDsl.Cli.Output;
using EnsDsl.Planning;
using EnsDsl.Runtime.Slurm;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands;

/// <summary>Settings of <c>ensdsl plan</c>.</summary>
public sealed class PlanSettings : ExecutorSettings
{
    /// <summary>Print JSON instead of the tree.</summary>
    [CommandOption("--json")]
    [Description("Print the plan as JSON (nodes, parents, epochs, seeds, per-epoch LRs, totals).")]
    public bool Json { get; init; }

    /// <summary>Devices for the makespan.</summary>
    [CommandOption("--devices <N>")]
    [Description("Also show the wall-clock in epochs on N devices (makespan_epochs): nodes in dependency order, longest path first.")]
    public int? Devices { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate() => Devices < 1 ? ValidationResult.Error("--devices must be at least 1") : ValidationResult.Success();
}

/// <summary><c>ensdsl plan</c>: the DAG as a tree (or JSON), its cost, and its validation errors.</summary>
public sealed class PlanCommand : ExperimentCommand<PlanSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, PlanSettings settings, CancellationToken cancellationToken)
    {
        var (experiment, hasErrors) = Load(settings);
        if (experiment is null) return ExitCodes.UserError;
        (IReadOnlyList<SlurmJob> Jobs, SlurmSettings Settings)? slurm = null;
        if (settings.Executor == ExecutorKind.Slurm)
        {
            var resources = settings.Slurm(experiment.ScriptPath);
            slurm = (SlurmJobs.For(experiment.Plan, null, resources.Packing), resources);
        }
        var store = Runtime.Store.NodeStore.StateOf(experiment.Plan, settings.Store);
        if (settings.Json)
        {
            var json = PlanJson.ToJson(experiment.Plan, Environment.CurrentDirectory, settings.Devices, store);
            if (slurm is { } s) json["slurm"] = SlurmView.ToJson(s.Jobs, s.Settings);
            json.AddFirst(new JProperty("script", DisplayPath.Of(experiment.ScriptPath, Environment.CurrentDirectory)));
            json.AddFirst(new JProperty("experiment", experiment.Name));
            json["parameters"] = new JArray(experiment.Parameters.Select(p => new JObject
            {
                ["name"] = p.Name, ["type"] = p.TypeName, ["default"] = JToken.FromObject(p.Default),
            }));
            json["sweep"] = new JArray(experiment.Cells.Where(c => c is not null));
            Console.Out.WriteLine(json.ToString(Formatting.Indented));
        }
        else
        {
            PlanView.Write(Terminal.Out, experiment, store, settings.Devices);
            if (slurm is { } s) SlurmView.Write(Terminal.Out, experiment.Plan, s.Jobs, s.Settings);
        }
        return hasErrors ? ExitCodes.UserError : ExitCodes.Success;
    }
}
