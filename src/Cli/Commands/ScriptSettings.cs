using System.ComponentModel;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands;

/// <summary>Options shared by every command that reads an experiment script.</summary>
public class ScriptSettings : CommandSettings
{
    /// <summary>The script.</summary>
    [CommandArgument(0, "<script>")]
    [Description("The experiment script (.csx).")]
    public string Script { get; init; } = "";

    /// <summary>Parameter overrides.</summary>
    [CommandOption("-s|--set <KEY=VALUE>")]
    [Description("Set a Param(name, default) of the script, e.g. --set cycleLr=0.1. A list [[a,b]] or a range 1..3 makes it a sweep axis. Repeatable.")]
    public string[] Sets { get; init; } = [];

    /// <summary>Bypass the compiled-script cache.</summary>
    [CommandOption("--no-cache")]
    [Description("Compile the script even if a compiled copy is cached.")]
    public bool NoCache { get; init; }
}
