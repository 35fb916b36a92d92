using EnsDsl.Runtime.Store;

namespace EnsDsl.Runtime.Tests.Store;

public class StoreLocksTests
{
    [Theory]
    [InlineData("nfs4", "rw,vers=4.2,hard,proto=tcp", null)]
    [InlineData("nfs", "rw,vers=3,hard", null)]
    [InlineData("nfs", "rw,vers=3,nolock", "nolock")]
    [InlineData("nfs4", "rw,local_lock=flock", "local_lock=flock")]
    [InlineData("nfs4", "rw,local_lock=all", "local_lock=all")]
    [InlineData("nfs4", "rw,local_lock=none", null)]
    [InlineData("lustre", "rw,flock,lazystatfs", null)]
    [InlineData("lustre", "rw,localflock", "localflock")]
    [InlineData("lustre", "rw,lazystatfs", "without -o flock")]
    [InlineData("gpfs", "rw", null)]
    [InlineData("ext4", "rw,relatime", null)]
    public void Mount_options_that_keep_flock_on_one_host_are_named(string type, string options, string? problem)
    {
        var said = StoreLocks.Judge(type, options.Split(','));
        if (problem is null) Assert.Null(said);
        else Assert.Contains(problem, said);
    }

    [Fact]
    public void A_local_store_passes_and_its_mount_is_found()
    {
        var folder = Directory.CreateTempSubdirectory("ensdsl-locks-").FullName;
        try
        {
            Assert.Null(StoreLocks.Problem(folder));
            Assert.NotNull(StoreLocks.Mount(folder));
            Assert.Equal("proc", StoreLocks.Mount("/proc/self")?.Type);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
