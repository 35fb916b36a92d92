namespace EnsDsl.Tests;

/// <summary>
/// The traits of tests that need more than the .NET SDK, or minutes, for a quick loop while working:
/// <c>dotnet test EnsDsl.sln --filter "Category!=Slow&amp;Category!=Slurm&amp;Category!=Package"</c> (docs/guide.md, Testing).
/// The README's test command runs every test. Linked into every test project.
/// </summary>
static class Category
{
    /// <summary>The trait's name.</summary>
    public const string Name = "Category";

    /// <summary>A test class that trains or waits for more than half a minute (measured in docs/benchmarks/tests.md).</summary>
    public const string Slow = "Slow";

    /// <summary>Submits jobs to the test's Slurm cluster (tests/slurm/cluster.sh; .ci/run sets it up).</summary>
    public const string Slurm = "Slurm";

    /// <summary>Makes a Release build: <c>./ensdsl</c>'s publish, <c>dotnet pack</c> of the tool, tool installs.</summary>
    public const string Package = "Package";

    /// <summary>Drives Debian's headless Chromium (package chromium, which .ci/run installs).</summary>
    public const string Browser = "Browser";

    /// <summary>Runs Debian's Python packages at test time (python3-torch, -torchvision, -pil, -numpy, -scipy, -sklearn, -yaml, -pandas).</summary>
    public const string Python = "Python";
}
