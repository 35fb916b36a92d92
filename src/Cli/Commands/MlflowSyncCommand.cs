using System.ComponentModel;
using EnsDsl.Cli.Output;
using EnsDsl.Runtime.Tracking;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands;

/// <summary>Settings of <c>ensdsl mlflow sync</c>.</summary>
public sealed class MlflowSyncSettings : CommandSettings
{
    /// <summary>The server.</summary>
    [CommandOption("--to <URI>")]
    [Description("The MLflow tracking server (http:// or https://); default: MLFLOW_TRACKING_URI.")]
    public string? To { get; init; }

    /// <summary>The local store.</summary>
    [CommandOption("--from <DIR>")]
    [Description("The local MLflow file store to upload (default: ./mlruns).")]
    public string From { get; init; } = Runtime.Tracking.MlflowFileStore.DefaultFolder;

    /// <summary>One experiment.</summary>
    [CommandOption("--experiment <NAME>")]
    [Description("Upload only this experiment's runs.")]
    public string? Experiment { get; init; }
}

/// <summary>
/// <c>ensdsl mlflow sync</c>: uploads the ended runs of a local file store to a tracking server, idempotently (a run is
/// never uploaded twice; an interrupted upload resumes).
/// </summary>
public sealed class MlflowSyncCommand : Command<MlflowSyncSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, MlflowSyncSettings settings, CancellationToken cancellationToken)
    {
        var uri = settings.To ?? Environment.GetEnvironmentVariable(TrackingTarget.Variable);
        TrackingTarget target;
        try { target = TrackingTarget.Parse(uri ?? "", Environment.CurrentDirectory); }
        catch (TrackingConfigurationException e)
        {
            Terminal.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.UserError;
        }
        if (target is not ServerTarget server)
        {
            Terminal.Error.WriteLine($"error: {(uri is null ? "no server: give --to http://HOST:PORT or set MLFLOW_TRACKING_URI" : $"'{uri}' is not a tracking server (http:// or https://)")}");
            return ExitCodes.UserError;
        }
        if (!Directory.Exists(settings.From))
        {
            Terminal.Error.WriteLine($"error: --from {settings.From}: no such folder (runs are recorded in ./mlruns by default)");
            return ExitCodes.UserError;
        }
        try
        {
            if (new MlflowFileStore(settings.From).EndOrphans() is { Count: > 0 } ended)
                Terminal.Out.WriteLine($"ended {ended.Count} run(s) left RUNNING by an ensdsl process that is gone, as KILLED: {string.Join(", ", ended)}");
            var report = TrackingSetup.Sync(settings.From, server.Server, settings.Experiment);
            Terminal.Out.WriteLine($"{report.Uploaded} run(s) uploaded ({report.Metrics} metric points), {report.AlreadyThere} already there" +
                (report.StillRunning > 0 ? $", {report.StillRunning} not ended (left for a later sync)" : "") + $": {server.Server}");
            return ExitCodes.Success;
        }
        catch (TrackingConfigurationException e)
        {
            Terminal.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.UserError;
        }
        catch (SyncException e)
        {
            Terminal.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
