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

    /// <summary>The repetition axis.</summary>
    [CommandOption("--repeat <KEY=VALUES>")]
    [Description("Run the script once per value of a parameter, as repetitions, e.g. --repeat seed=1..5; results then give each output's mean ± std over them and paired 95 % intervals between outputs.")]
    public string? Repeat { get; init; }

    /// <summary>Bypass the compiled-script cache.</summary>
    [CommandOption("--no-cache")]
    [Description("Compile the script even if a compiled copy is cached.")]
    public bool NoCache { get; init; }
}
