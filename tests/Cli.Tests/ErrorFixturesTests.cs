using System.Text.RegularExpressions;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// Bad scripts in Fixtures/errors, each declaring in its comments the exit code (<c>// exit: 2</c>) and the
/// diagnostics it must produce (<c>// expect: …</c>), checked with both <c>check</c> and <c>plan</c>.
/// </summary>
public partial class ErrorFixturesTests
{
    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var file in Directory.GetFiles(Path.Combine(Ensdsl.Fixtures, "errors"), "*.csx", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                if (File.ReadLines(file).Any(l => l.StartsWith("// exit:", StringComparison.Ordinal)))
                    foreach (var command in new[] { "check", "plan" })
                        data.Add(Path.GetRelativePath(Ensdsl.Fixtures, file), command);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_the_declared_diagnostics_and_exit_code(string fixture, string command)
    {
        var lines = File.ReadAllLines(Path.Combine(Ensdsl.Fixtures, fixture));
        var exit = int.Parse(lines.Single(l => l.StartsWith("// exit:", StringComparison.Ordinal))["// exit:".Length..].Trim());
        var expected = lines.Where(l => l.StartsWith("// expect: ", StringComparison.Ordinal)).Select(l => l["// expect: ".Length..]).ToList();
        Assert.NotEmpty(expected);

        var result = Ensdsl.Run(Path.GetDirectoryName(Path.Combine(Ensdsl.Fixtures, fixture))!, [command, Path.GetFileName(fixture)]);
        Assert.True(exit == result.ExitCode, result.ToString());
        var reported = result.Err.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => DiagnosticLine().IsMatch(l)).ToList();
        Assert.Equal(expected, reported);
        Assert.DoesNotContain("   at ", result.Err);          // never a stack trace for a user mistake
    }

    [GeneratedRegex(@"^(\S+\(\d+,\d+\): )?(error|warning) [A-Z]+\d+: ")]
    private static partial Regex DiagnosticLine();
}
