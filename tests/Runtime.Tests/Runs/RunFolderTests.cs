using EnsDsl.Runtime.Runs;

namespace EnsDsl.Runtime.Tests.Runs;

public class RunFolderTests
{
    static readonly DateTimeOffset Moment = new(2026, 11, 30, 17, 15, 0, TimeSpan.Zero);

    [Fact]
    public void Runs_started_in_the_same_second_get_folders_of_their_own()
    {
        var root = Directory.CreateTempSubdirectory("ensdsl-runs-").FullName;
        var first = RunFolder.Claim(root, "quickstart", Moment);
        var second = RunFolder.Claim(root, "quickstart", Moment);
        var third = RunFolder.Claim(root, "quickstart", Moment);
        Assert.Equal(Path.Combine("runs", "quickstart", "20261130-171500"), first);
        Assert.Equal(Path.Combine("runs", "quickstart", "20261130-171500-2"), second);
        Assert.Equal(Path.Combine("runs", "quickstart", "20261130-171500-3"), third);
        Assert.All([first, second, third], f => Assert.True(Directory.Exists(Path.Combine(root, f))));
        Directory.Delete(root, true);
    }

    [Fact]
    public void Processes_claiming_at_once_never_share_a_folder()
    {
        var root = Directory.CreateTempSubdirectory("ensdsl-runs-").FullName;
        var claimed = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => claimed.Add(RunFolder.Claim(root, "sweep", Moment)));
        Assert.Equal(16, claimed.Distinct().Count());
        Assert.Equal(16, Directory.GetDirectories(Path.Combine(root, "runs", "sweep")).Length);
        Directory.Delete(root, true);
    }

    [Fact]
    public void A_folder_that_cannot_be_made_is_an_error_that_names_it()
    {
        var root = Directory.CreateTempSubdirectory("ensdsl-runs-").FullName;
        File.WriteAllText(Path.Combine(root, "runs"), "a file where the runs folder would go");
        var e = Assert.ThrowsAny<IOException>(() => RunFolder.Claim(root, "quickstart", Moment));
        Assert.Contains("runs", e.Message);
        Directory.Delete(root, true);
    }
}
