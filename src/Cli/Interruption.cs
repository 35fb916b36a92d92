using System.Runtime.InteropServices;
using EnsDsl.Cli.Output;
using Spectre.Console;

namespace EnsDsl.Cli;

/// <summary>
/// Ctrl+C and SIGTERM while a command works: the first asks it to stop at a clean point (<see cref="Token"/>), a second
/// ends the process. SIGTERM is what Slurm sends a job it cancels, preempts or requeues, and what a job's batch script
/// sends when the time limit is near.
/// </summary>
public sealed class Interruption : IDisposable
{
    readonly CancellationTokenSource source = new();
    readonly ConsoleCancelEventHandler onCtrlC;
    readonly PosixSignalRegistration onTerm;

    Interruption(string message)
    {
        onCtrlC = (_, e) => e.Cancel = Interrupt(message);
        Console.CancelKeyPress += onCtrlC;
        onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = Interrupt(message));
    }

    /// <summary>Cancelled at the first interruption.</summary>
    public CancellationToken Token => source.Token;

    /// <summary>Starts listening; <paramref name="message"/> is printed at the first interruption.</summary>
    public static Interruption Listen(string message) => new(message);

    // True when this interruption is handled here; false lets the second one end the process.
    bool Interrupt(string message)
    {
        if (source.IsCancellationRequested) return false;
        source.Cancel();
        Terminal.Error.WriteLine(message);
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Console.CancelKeyPress -= onCtrlC;
        onTerm.Dispose();
        source.Dispose();
    }
}
