using System.ComponentModel;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands;

/// <summary>Options of the commands that act on a run submitted to Slurm: its folder.</summary>
public class RunFolderSettings : CommandSettings
{
    /// <summary>The run folder.</summary>
    [CommandArgument(0, "<run>")]
    [Description("The run folder that 'ensdsl run --executor slurm' printed (runs/NAME/TIMESTAMP, or its --out).")]
    public string Run { get; init; } = "";
}
