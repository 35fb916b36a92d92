using EnsDsl.Host.Scripting;
using Spectre.Console;

namespace EnsDsl.Cli.Output;

/// <summary>
/// Standard output and error through Spectre.Console: colours and Unicode on a terminal, plain text when the
/// output is redirected (no ANSI codes, no live widgets).
/// </summary>
public static class Terminal
{
    /// <summary>Standard output.</summary>
    public static IAnsiConsole Out { get; } = Create(Console.Out);

    /// <summary>Standard error: diagnostics and progress.</summary>
    public static IAnsiConsole Error { get; } = Create(Console.Error);

    static IAnsiConsole Create(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(writer),
        });
        // Redirected output goes to files and logs: do not wrap it at an imaginary 80 columns.
        var redirected = writer == Console.Out ? Console.IsOutputRedirected : Console.IsErrorRedirected;
        if (redirected) console.Profile.Width = 240;
        return console;
    }

    /// <summary>
    /// Prints problems to standard error, one diagnostic per line, never wrapped (editors and CI parse them),
    /// context lines indented below; coloured only on a terminal without NO_COLOR.
    /// </summary>
    public static void Report(IEnumerable<Problem> problems)
    {
        var cwd = Environment.CurrentDirectory;
        var colour = !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
        foreach (var p in problems)
        {
            var line = p.Format(cwd);
            Console.Error.WriteLine(colour ? $"{(p.Severity == Severity.Error ? "\u001b[31m" : "\u001b[33m")}{line}\u001b[0m" : line);
            foreach (var context in p.Context) Console.Error.WriteLine("  " + context);
        }
    }

    /// <summary>Something the user should know that does not stop the command (tracking never stops a run).</summary>
    public static void Warn(string message) => Error.WriteLine($"warning: {message}");

    /// <summary>An error that is ensdsl's fault: say so, and keep the stack trace for the bug report.</summary>
    public static void InternalError(Exception e)
    {
        Error.MarkupLine($"[red]ensdsl: internal error: {Markup.Escape(e.GetType().Name)}: {Markup.Escape(e.Message)}[/]");
        Error.WriteLine("This is a bug in ensdsl, not in your script; please report it with the trace below.");
        Error.WriteLine(e.ToString());
    }
}
