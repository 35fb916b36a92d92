using Spectre.Console;
using EnsDsl.Cli.Output;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands;

/// <summary><c>ensdsl check</c>: compile and validate; exit 0, or 2 with one diagnostic per line.</summary>
public sealed class CheckCommand : ExperimentCommand<ScriptSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ScriptSettings settings, CancellationToken cancellationToken)
    {
        var (experiment, hasErrors) = Load(settings);
        if (experiment is null || hasErrors) return ExitCodes.UserError;
        var plan = experiment.Plan;
        Terminal.Out.WriteLine($"{Host.Scripting.Problem.Display(experiment.Script.Closure.Main.Path, Environment.CurrentDirectory)}: ok " +
            $"({plan.Nodes.Length} nodes, {plan.Outputs.Length} outputs, {plan.Totals.Epochs} epochs)");
        return ExitCodes.Success;
    }
}
