namespace EnsDsl.Cli;

/// <summary>
/// A <c>--set</c> or <c>--repeat</c> list the shell split at its spaces (<c>--set cycleLr=[0.01, 0.02]</c> unquoted
/// arrives as <c>cycleLr=[0.01,</c> and <c>0.02]</c>): said in those words, instead of the parser's "Could not match".
/// </summary>
public static class SplitArguments
{
    static readonly string[] ListOptions = ["--set", "-s", "--repeat"];

    /// <summary>What to tell the user about a list split by the shell, or null when there is none.</summary>
    /// <example><code>SplitArguments.Problem(["plan", "a.csx", "--set", "lr=[0.1,", "0.2]"])   // "--set lr=[0.1, 0.2]: ..."</code></example>
    public static string? Problem(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            var (option, value, next) = ListOptions.Contains(args[i]) && i + 1 < args.Count ? (args[i], args[i + 1], i + 2)
                : ListOptions.FirstOrDefault(o => args[i].StartsWith(o + "=", StringComparison.Ordinal)) is { } o ? (o, args[i][(o.Length + 1)..], i + 1)
                : (null, null, 0);
            if (option is null || value is null || !Opens(value)) continue;
            var parts = new List<string> { value };
            for (int j = next; j < args.Count && Opens(string.Join(" ", parts)); j++) parts.Add(args[j]);
            if (parts.Count == 1) continue;
            var whole = string.Join(" ", parts);
            return $"{option} {whole}: the shell split this list at its spaces; quote it ({option} '{whole}') or write it without spaces ({option} {whole.Replace(" ", "")})";
        }
        return null;
    }

    static bool Opens(string value) => value.Count(c => c == '[') > value.Count(c => c == ']');
}
