using EnsDsl.Runtime.Torch;

namespace EnsDsl.Runtime.Tests.Torch;

public class HostAllocatorTests
{
    [Theory]
    [InlineData("", "", true, "mmap threshold 1024 MiB, trim threshold 1024 MiB")]
    [InlineData("ENSDSL_MALLOC", "default", false, "ENSDSL_MALLOC=default")]
    [InlineData("ENSDSL_MALLOC", "DEFAULT", false, "ENSDSL_MALLOC=default")]
    [InlineData("ENSDSL_MALLOC", "tuned", true, "mmap threshold 1024 MiB, trim threshold 1024 MiB")]
    [InlineData("MALLOC_MMAP_THRESHOLD_", "65536", false, "MALLOC_MMAP_THRESHOLD_ is set")]
    [InlineData("MALLOC_TRIM_THRESHOLD_", "0", false, "MALLOC_TRIM_THRESHOLD_ is set")]
    [InlineData("MALLOC_TOP_PAD_", "1", false, "MALLOC_TOP_PAD_ is set")]
    [InlineData("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=0", false, "GLIBC_TUNABLES sets malloc")]
    [InlineData("GLIBC_TUNABLES", "glibc.pthread.rseq=0", true, "mmap threshold 1024 MiB, trim threshold 1024 MiB")]
    public void A_users_own_malloc_settings_win(string name, string value, bool tuned, string reason)
    {
        var (settings, why) = HostAllocator.Plan(v => v == name ? value : null);
        Assert.Equal(reason, why);
        Assert.Equal(tuned ? [(HostAllocator.MmapThresholdParameter, 1 << 30), (HostAllocator.TrimThresholdParameter, 1 << 30)] : [], settings);
    }

    // Whatever this test process's environment says: the settings themselves must be ones glibc takes.
    [Fact]
    public void Glibc_accepts_the_settings()
    {
        Assert.Null(HostAllocator.Apply(HostAllocator.Plan(_ => null).Settings));
        const int MaxFast = 1;                       // M_MXFAST: glibc refuses more than 80 * sizeof(size_t) / 4 bytes
        Assert.Equal("glibc refused mallopt(1, 1000000)", HostAllocator.Apply([(MaxFast, 1_000_000)]));
    }

    [Fact]
    public void The_process_is_configured_once()
    {
        var first = HostAllocator.Configure();
        Assert.DoesNotContain("refused", first);
        Assert.Same(first, HostAllocator.Configure());
    }
}
