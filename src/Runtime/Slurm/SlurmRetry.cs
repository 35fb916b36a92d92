namespace EnsDsl.Runtime.Slurm;

/// <summary>
/// How ensdsl answers a Slurm controller that is busy, restarting or out of reach: the call is made again after a
/// pause that doubles from <see cref="First"/> up to <see cref="Longest"/>, until it has failed for
/// <see cref="GiveUpAfter"/>. Only the errors Slurm gives for an unanswered or overloaded controller are retried
/// (<see cref="IsTransient"/>); any other error is the caller's at once. A lab's slurmctld restarts for maintenance in
/// a minute or two; ten minutes outlast that without hiding a controller that is gone.
/// </summary>
/// <param name="First">The first pause.</param>
/// <param name="Longest">The longest pause.</param>
/// <param name="GiveUpAfter">How long a call may keep failing before the error is given up to the caller.</param>
public sealed record SlurmRetry(TimeSpan First, TimeSpan Longest, TimeSpan GiveUpAfter)
{
    /// <summary>1 s, doubling to 30 s, for up to 10 minutes.</summary>
    public static readonly SlurmRetry Default = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10));

    /// <summary>Never again: the first error is the caller's.</summary>
    public static readonly SlurmRetry None = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    // Slurm's own words (src/common/slurm_errno.c and the client commands) for a controller that did not take the call.
    static readonly string[] TransientErrors =
    [
        "Socket timed out on send/recv operation",
        "Slurm temporarily unable to accept job",
        "Unable to contact slurm controller",
        "Zero Bytes were transmitted or received",
        "Connection refused",
        "Connection reset by peer",
        "Resource temporarily unavailable",
        "slurmctld not responding",
        "Slurm backup controller in standby mode",
        "Communication connection failure",
    ];

    /// <summary>Whether a Slurm command's error output says the controller did not take the call, so that it may be made again.</summary>
    /// <example><code>SlurmRetry.IsTransient("squeue: error: Unable to contact slurm controller (connect failure)")   // true</code></example>
    public static bool IsTransient(string error) => TransientErrors.Any(e => error.Contains(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>The pauses before each further attempt, until they add up to <see cref="GiveUpAfter"/>.</summary>
    public IEnumerable<TimeSpan> Pauses()
    {
        var (pause, total) = (First, TimeSpan.Zero);
        while (pause > TimeSpan.Zero && total + pause <= GiveUpAfter)
        {
            yield return pause;
            total += pause;
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, Longest.Ticks));
        }
    }

    /// <summary>
    /// Makes <paramref name="call"/> until it succeeds or fails for a reason that is not transient, or until the pauses
    /// are spent; <paramref name="waiting"/> hears of every pause (what failed, how, for how long).
    /// </summary>
    /// <param name="call">One attempt: the command's exit code and output.</param>
    /// <param name="before">Asked before every further attempt: a result that makes it unneeded (an sbatch that was taken after all), or null.</param>
    /// <param name="waiting">Told of every pause.</param>
    /// <returns>The last attempt's result, and how long the controller was not answering before it.</returns>
    public (SlurmCall Result, TimeSpan Waited) Run(Func<SlurmCall> call, Func<SlurmCall?>? before = null, Action<SlurmCall, TimeSpan>? waiting = null)
    {
        var result = call();
        var waited = TimeSpan.Zero;
        using var pauses = Pauses().GetEnumerator();
        while (result.Code != 0 && IsTransient(result.Error + result.Output) && pauses.MoveNext())
        {
            waiting?.Invoke(result, pauses.Current);
            Thread.Sleep(pauses.Current);
            waited += pauses.Current;
            result = before?.Invoke() ?? call();
        }
        return (result, waited);
    }
}

/// <summary>What a Slurm command returned.</summary>
/// <param name="Code">Its exit code.</param>
/// <param name="Output">Its standard output.</param>
/// <param name="Error">Its standard error.</param>
public sealed record SlurmCall(int Code, string Output, string Error);
