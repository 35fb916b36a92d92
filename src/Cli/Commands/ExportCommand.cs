using System.ComponentModel;
using EnsDsl.Cli.Output;
using EnsDsl.Host.Scripting;
using EnsDsl.Runtime.Checkpoints;
using EnsDsl.Runtime.Store;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands;

/// <summary>Settings of <c>ensdsl export</c>.</summary>
public sealed class ExportSettings : CommandSettings
{
    /// <summary>The node.</summary>
    [CommandArgument(0, "<id>")]
    [Description("The model's node id, or its first characters (as 'ensdsl plan', 'store ls' and results.json's \"model\" give them).")]
    public string Id { get; init; } = "";

    /// <summary>The file to write.</summary>
    [CommandOption("--to <FILE>")]
    [Description("Where to write the state dict in torch.save's format (default: <id>.pt in the working directory).")]
    public string? To { get; init; }

    /// <summary>The store.</summary>
    [CommandOption("--store <DIR>")]
    [Description("The store holding the model (default: .ensdsl in the working directory).")]
    public string Store { get; init; } = ".ensdsl";
}

/// <summary>
/// <c>ensdsl export ID --to FILE</c>: a stored model's weights as PyTorch's <c>torch.save(state_dict)</c>, for
/// <c>net.load_state_dict(torch.load(FILE))</c>. The store keeps one copy of each model, in ensdsl's format.
/// </summary>
public sealed class ExportCommand : Command<ExportSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ExportSettings settings, CancellationToken cancellationToken)
    {
        if (Store.StoreAccess.Open(settings.Store) is not { } store || Store.StoreAccess.Resolve(store, settings.Id) is not { } id) return ExitCodes.UserError;
        var record = store.Finished(id, out var discarded);
        var problem = record is null
            ? discarded is null ? $"{id} is not finished in the store; run its script first" : $"{id} was damaged ({discarded}) and is removed; run its script to compute it again"
            : !record.Has(NodeFile.Weights)
                ? $"{record.Label} ({StoreEntry.Short(id)}) is a {record.Kind.Name()} node and holds no weights: export a model (a train, soup, init or pre-trained node; 'ensdsl store ls' lists them)"
                : null;
        if (problem is not null) return Fail(DiagnosticCodes.UnknownNode, problem);

        var file = Path.GetFullPath(settings.To ?? $"{id}.pt");
        var weights = store.ReadTensors(record!, NodeFile.Weights);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            AtomicFile.Write(file, PyTorchExport.Bytes(weights));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(DiagnosticCodes.StoreUnusable, $"cannot write {settings.To}: {e.Message}");
        }
        finally
        {
            foreach (var t in weights.Values) t.Dispose();
        }
        Terminal.Out.MarkupLine($"wrote [bold]{Markup.Escape(DisplayPath.Of(file, Environment.CurrentDirectory))}[/]: {Markup.Escape(record!.Label)}, {weights.Count} tensors, {Sizes.Format(new FileInfo(file).Length)}");
        Terminal.Out.WriteLine($"In Python: net.load_state_dict(torch.load(\"{DisplayPath.Of(file, Environment.CurrentDirectory)}\"))");
        return ExitCodes.Success;
    }

    static int Fail(string code, string message)
    {
        Terminal.Report([new Problem(code, message)]);
        return ExitCodes.UserError;
    }
}
