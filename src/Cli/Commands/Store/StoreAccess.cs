using EnsDsl.Cli.Output;
using EnsDsl.Host.Scripting;
using EnsDsl.Runtime.Store;

namespace EnsDsl.Cli.Commands.Store;

/// <summary>How commands that read a store reach it and its entries, saying what is wrong when they cannot.</summary>
static class StoreAccess
{
    /// <summary>The existing store at <paramref name="folder"/>; null, reported, when there is none (a command that reads a store never creates one).</summary>
    internal static NodeStore? Open(string folder)
    {
        if (NodeStore.Exists(folder)) return new NodeStore(folder);
        Terminal.Report([new Problem(DiagnosticCodes.NoStore, $"no ensdsl store at {folder}; give the folder that 'ensdsl run' used with --store DIR")]);
        return null;
    }

    /// <summary>The one entry an id or its first characters names; null, reported, when none or several do.</summary>
    internal static string? Resolve(NodeStore store, string prefix)
    {
        var id = store.Resolve(prefix, out var problem);
        if (problem is not null) Terminal.Report([new Problem(DiagnosticCodes.UnknownNode, problem)]);
        return id;
    }
}
