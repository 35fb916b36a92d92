using System.ComponentModel;
using Spectre.Console;
using EnsDsl.Cli.Output;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands;

/// <summary>Settings of <c>ensdsl check</c>.</summary>
public sealed class CheckSettings : ScriptSettings
{
    /// <summary>Skip the datasets and checkpoints.</summary>
    [CommandOption("--no-input-check")]
    [Description("Check the script and its plan only, not that the datasets and checkpoints it reads are in place (for a machine without the data).")]
    public bool NoInputCheck { get; init; }
}

/// <summary>
/// <c>ensdsl check</c>: compile and validate, and verify that every dataset and checkpoint the plan reads is in place;
/// exit 0, or 2 with one diagnostic per line.
/// </summary>
public sealed class CheckCommand : ExperimentCommand<CheckSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, CheckSettings settings, CancellationToken cancellationToken)
    {
        var (experiment, hasErrors) = Load(settings);
        if (experiment is null || hasErrors) return ExitCodes.UserError;
        var plan = experiment.Plan;
        if (!settings.NoInputCheck && !InputChecking.Passes(plan)) return ExitCodes.UserError;
        Terminal.Out.WriteLine($"{DisplayPath.Of(experiment.ScriptPath, Environment.CurrentDirectory)}: ok " +
            $"({plan.Nodes.Length} nodes, {plan.Outputs.Length} outputs, {plan.Totals.Epochs} epochs)");
        return ExitCodes.Success;
    }
}
