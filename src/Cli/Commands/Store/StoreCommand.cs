using EnsDsl.Runtime.Store;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands.Store;

/// <summary>A command on an existing store, with the reach of the scripts it was given.</summary>
public abstract class StoreCommand<TSettings> : Command<TSettings> where TSettings : StoreSettings
{
    /// <inheritdoc />
    public sealed override int Execute(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        if (StoreAccess.Open(settings.Store) is not { } store) return ExitCodes.UserError;
        var reaches = StoreReach.Load(settings);
        return reaches is null ? ExitCodes.UserError : Execute(settings, store, reaches);
    }

    /// <summary>Runs the command on the store.</summary>
    protected abstract int Execute(TSettings settings, NodeStore store, IReadOnlyList<StoreReach> reaches);

    /// <summary>The names of the reaches that include <paramref name="id"/>.</summary>
    protected static IEnumerable<string> Reaching(IReadOnlyList<StoreReach> reaches, string id) => reaches.Where(r => r.Ids.Contains(id)).Select(r => r.Name);
}
