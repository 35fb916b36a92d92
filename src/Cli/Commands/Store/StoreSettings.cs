using System.ComponentModel;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands.Store;

/// <summary>Options of every <c>ensdsl store</c> command: the store, JSON output, and how given scripts are planned.</summary>
public abstract class StoreSettings : CommandSettings
{
    /// <summary>The store.</summary>
    [CommandOption("--store <DIR>")]
    [Description("The store to look at (default: .ensdsl in the working directory).")]
    public string Store { get; init; } = ".ensdsl";

    /// <summary>Print JSON.</summary>
    [CommandOption("--json")]
    [Description("Print JSON instead of tables.")]
    public bool Json { get; init; }

    /// <summary>Parameter overrides of the given scripts.</summary>
    [CommandOption("-s|--set <KEY=VALUE>")]
    [Description("Set a Param of every given script, as for 'ensdsl run' (a list or range makes a sweep whose cells all count). Repeatable.")]
    public string[] Sets { get; init; } = [];

    /// <summary>The repetition axis of the given scripts.</summary>
    [CommandOption("--repeat <KEY=VALUES>")]
    [Description("The repetitions of every given script, as for 'ensdsl run', e.g. --repeat seed=1..5.")]
    public string? Repeat { get; init; }

    /// <summary>Bypass the compiled-script cache.</summary>
    [CommandOption("--no-cache")]
    [Description("Compile the scripts even if compiled copies are cached.")]
    public bool NoCache { get; init; }

    /// <summary>The scripts and run folders whose plans say which entries are in use.</summary>
    public abstract IReadOnlyList<string> Reaching { get; }
}

/// <summary>Settings of the store commands that take optional scripts (<c>du</c>, <c>ls</c>).</summary>
public sealed class StoreScriptsSettings : StoreSettings
{
    /// <summary>Scripts or run folders.</summary>
    [CommandArgument(0, "[scripts]")]
    [Description("Experiment scripts (.csx) or run folders (holding results.json) whose plans reach entries: shown per script.")]
    public string[] Scripts { get; init; } = [];

    /// <inheritdoc />
    public override IReadOnlyList<string> Reaching => Scripts;
}

/// <summary>Settings of <c>ensdsl store show</c>.</summary>
public sealed class StoreShowSettings : StoreSettings
{
    /// <summary>The node id.</summary>
    [CommandArgument(0, "<id>")]
    [Description("The node's id, or its first characters as 'ensdsl plan' and 'store ls' print them.")]
    public string Id { get; init; } = "";

    /// <summary>Scripts or run folders.</summary>
    [CommandArgument(1, "[scripts]")]
    [Description("Experiment scripts or run folders: says which of them reach the node.")]
    public string[] Scripts { get; init; } = [];

    /// <inheritdoc />
    public override IReadOnlyList<string> Reaching => Scripts;
}

/// <summary>Settings of the store commands that remove (<c>gc</c>, <c>prune</c>).</summary>
public sealed class StoreCleanSettings : StoreSettings
{
    /// <summary>Scripts or run folders.</summary>
    [CommandArgument(0, "[scripts]")]
    [Description("Experiment scripts (.csx) or run folders (holding results.json) whose plans the store keeps serving.")]
    public string[] Scripts { get; init; } = [];

    /// <summary>Remove, not just say.</summary>
    [CommandOption("--yes")]
    [Description("Remove what is listed (without it, nothing is removed).")]
    public bool Yes { get; init; }

    /// <summary>Prune optimizer state.</summary>
    [CommandOption("--optimizer-state")]
    [Description("prune: drop the optimizer state of finished training steps that no unfinished step of the given scripts continues.")]
    public bool OptimizerState { get; init; }

    /// <inheritdoc />
    public override IReadOnlyList<string> Reaching => Scripts;
}
