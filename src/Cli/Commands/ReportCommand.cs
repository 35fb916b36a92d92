using System.ComponentModel;
using System.Diagnostics;
using EnsDsl.Cli.Output;
using EnsDsl.Runtime.Reports;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Slurm;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands;

/// <summary>Settings of <c>ensdsl report</c>.</summary>
public sealed class ReportSettings : CommandSettings
{
    /// <summary>The run folder.</summary>
    [CommandArgument(0, "<run>")]
    [Description("A run folder that 'ensdsl run' or 'ensdsl collect' wrote (or its results.json).")]
    public string Run { get; init; } = "";

    /// <summary>Open the page.</summary>
    [CommandOption("--open")]
    [Description("Open the page in the desktop's browser (xdg-open, open or start).")]
    public bool Open { get; init; }
}

/// <summary>
/// <c>ensdsl report RUN [--open]</c>: writes the run's report.html again from its results.json and charts — for runs
/// made before the page existed, or a folder whose page was lost — and prints its path.
/// </summary>
public sealed class ReportCommand : Command<ReportSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        var folder = RunDocument.FolderOf(settings.Run);
        if (SlurmRun.IsSlurmRun(folder) && !File.Exists(Path.Combine(folder, RunDocument.FileName)))
        {
            Terminal.Error.WriteLine($"error: {settings.Run}: a Slurm run whose results are not collected yet; 'ensdsl collect {settings.Run}' " +
                "waits for its jobs and writes its results and its page");
            return ExitCodes.UserError;
        }
        if (HtmlReportOutput.Rewrite(folder, out var problem) is not { } page)
        {
            Terminal.Error.WriteLine($"error: {problem}");
            return ExitCodes.UserError;
        }
        var shown = DisplayPath.Of(Path.GetFullPath(page), Environment.CurrentDirectory);
        Terminal.Out.WriteLine(shown);
        return settings.Open ? Open(shown) : ExitCodes.Success;
    }

    /// <summary>Opens <paramref name="file"/> with the desktop's handler for it; says how to open it by hand when there is none.</summary>
    public static int Open(string file)
    {
        try
        {
            using var opener = Process.Start(new ProcessStartInfo(Path.GetFullPath(file)) { UseShellExecute = true });
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            Terminal.Error.WriteLine($"error: the page is written, but no browser could be opened here ({e.Message}); open {file} in a browser, or copy it to a machine that has one");
            return ExitCodes.Failure;
        }
    }
}
