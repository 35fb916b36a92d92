using System.Globalization;

namespace EnsDsl.Runtime.Tracking;

/// <summary>
/// The process that records an MLflow run, as a tag on the run (<c>ensdsl.process</c> = host:pid:start), so that a later
/// ensdsl can tell a run left RUNNING by a process that is gone (SIGKILL, a crash, a lost node) from one still going.
/// </summary>
public static class RunOwner
{
    /// <summary>The tag that names the owner.</summary>
    public const string Tag = "ensdsl.process";

    /// <summary>This process: host, pid and its start time (a pid the system reuses belongs to another process).</summary>
    public static string Current { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{StartTime(Environment.ProcessId)}";

    /// <summary>
    /// True when <paramref name="owner"/> ran on this host and that process is no longer running. A run of another
    /// host is never judged: its process cannot be seen from here.
    /// </summary>
    public static bool IsGone(string owner)
    {
        var parts = owner.Split(':');
        if (parts.Length != 3 || parts[0] != Environment.MachineName || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid)) return false;
        return StartTime(pid) != parts[2];
    }

    // Field 22 of /proc/PID/stat: the start time in clock ticks since boot (after the command name, which may hold spaces).
    static string StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return "gone";
        }
    }
}
