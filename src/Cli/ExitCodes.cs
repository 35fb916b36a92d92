namespace EnsDsl.Cli;

/// <summary>The process exit codes of <c>ensdsl</c>.</summary>
public static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Success = 0;

    /// <summary>Something failed while running (a training failure, an internal error).</summary>
    public const int Failure = 1;

    /// <summary>The user's input is wrong: script errors, invalid plans, bad --set, missing files, bad options.</summary>
    public const int UserError = 2;
}
