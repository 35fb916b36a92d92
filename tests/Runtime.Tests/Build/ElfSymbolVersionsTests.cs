using System.Diagnostics;
using EnsDsl.Build;

namespace EnsDsl.Runtime.Tests.Build;

/// <summary>The build's fix of libLibTorchSharp.so (build/ElfSymbolVersions.cs), on the real files.</summary>
public class ElfSymbolVersionsTests
{
    const string Needed = "GLIBCXX_3.4.32";

    static string Shipped => Path.Combine(
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    static string InOutput => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    static bool SystemHasIt => ElfSymbolVersions.FindSystemLibStdCxx() is { } lib
        && ElfSymbolVersions.DefinedVersions(File.ReadAllBytes(lib)).Contains(Needed);

    [Fact]
    public void Reads_the_versions_the_system_libstdcxx_defines()
    {
        var lib = ElfSymbolVersions.FindSystemLibStdCxx();
        Assert.NotNull(lib);
        var defined = ElfSymbolVersions.DefinedVersions(File.ReadAllBytes(lib!));
        Assert.Contains("GLIBCXX_3.4.26", defined);     // what libtorch itself needs
    }

    [Fact]
    public void The_shipped_library_needs_the_version_strictly()
    {
        var needs = ElfSymbolVersions.NeededVersions(File.ReadAllBytes(Shipped));
        Assert.Contains(needs, n => n.Key == Needed && !n.Value);
    }

    [Fact]
    public void The_build_output_needs_it_weakly_exactly_where_the_system_lacks_it()
    {
        var needs = ElfSymbolVersions.NeededVersions(File.ReadAllBytes(InOutput));
        Assert.Contains(needs, n => n.Key == Needed && n.Value == !SystemHasIt);
        // Every other need is left as shipped.
        var shipped = ElfSymbolVersions.NeededVersions(File.ReadAllBytes(Shipped));
        Assert.Equal(shipped.Where(n => n.Key != Needed), needs.Where(n => n.Key != Needed));
    }

    [Fact]
    public void Weakening_changes_one_flag_and_is_idempotent()
    {
        var original = File.ReadAllBytes(Shipped);
        var bytes = (byte[])original.Clone();
        Assert.Equal(WeakenResult.Weakened, ElfSymbolVersions.MarkNeedWeak(bytes, Needed));
        Assert.Single(Enumerable.Range(0, bytes.Length), i => bytes[i] != original[i]);
        Assert.Equal(WeakenResult.AlreadyWeak, ElfSymbolVersions.MarkNeedWeak(bytes, Needed));
        Assert.Equal(WeakenResult.NotNeeded, ElfSymbolVersions.MarkNeedWeak(bytes, "GLIBCXX_9.9.9"));
    }

    [Fact]
    public void Weakening_a_file_never_writes_through_a_hard_link()
    {
        var dir = Directory.CreateTempSubdirectory("ensdsl-elf-").FullName;
        var original = Path.Combine(dir, "original.so");
        var linked = Path.Combine(dir, "linked.so");
        File.Copy(Shipped, original);
        using (var ln = Process.Start("ln", [original, linked])) ln.WaitForExit();
        Assert.True(File.Exists(linked));

        Assert.Equal(WeakenResult.Weakened, ElfSymbolVersions.MarkNeedWeakInFile(linked, Needed));
        Assert.Equal(File.ReadAllBytes(Shipped), File.ReadAllBytes(original));
        Assert.Contains(ElfSymbolVersions.NeededVersions(File.ReadAllBytes(linked)), n => n.Key == Needed && n.Value);
        Assert.Equal(File.GetLastWriteTimeUtc(original), File.GetLastWriteTimeUtc(linked));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void Refuses_what_is_not_ELF64() =>
        Assert.Throws<InvalidDataException>(() => ElfSymbolVersions.DefinedVersions(new byte[100]));
}
