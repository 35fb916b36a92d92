using Spectre.Console;
using EnsDsl.Cli.Output;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands;

/// <summary>
/// <c>ensdsl run</c>: plans the script and executes the plan. Execution (training, the store, results.json)
/// arrives with the engine; until then this plans, shows what would run, and says that nothing was trained.
/// </summary>
public sealed class RunCommand : ExperimentCommand<ScriptSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ScriptSettings settings, CancellationToken cancellationToken)
    {
        var (experiment, hasErrors) = Load(settings);
        if (experiment is null || hasErrors) return ExitCodes.UserError;
        PlanView.Write(Terminal.Out, experiment);
        Terminal.Error.MarkupLine("[yellow]ensdsl run: this build plans but cannot execute plans yet (the training engine is not in it); nothing was trained.[/]");
        return ExitCodes.Failure;
    }
}
