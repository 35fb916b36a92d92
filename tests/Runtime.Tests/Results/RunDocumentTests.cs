using System.IO.Compression;
using System.Reflection;
using EnsDsl.Runtime.Results;

namespace EnsDsl.Runtime.Tests.Results;

/// <summary>results.json files of earlier ensdsl versions still read: what they lack reads as absent.</summary>
public class RunDocumentTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("ensdsl-document-").FullName;

    public void Dispose() => Directory.Delete(root, true);

    static string RepoRoot => Path.GetFullPath(typeof(RunDocumentTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!);

    [Fact]
    public void The_claims_run_of_an_earlier_version_reads_without_the_members_added_since()
    {
        // docs/claims/results.json.gz: written on 2026-11-30, before soups recorded held-out images and runs their machine and tracking.
        var file = Path.Combine(root, RunDocument.FileName);
        using (var gz = new GZipStream(File.OpenRead(Path.Combine(RepoRoot, "docs", "claims", "results.json.gz")), CompressionMode.Decompress))
        using (var output = File.Create(file))
            gz.CopyTo(output);
        Assert.DoesNotContain("\"held_out\"", File.ReadAllText(file));

        var doc = RunDocument.Read(root, out var problem);
        Assert.True(doc is not null, problem);
        Assert.Equal(713, doc.Nodes.Count);
        Assert.Equal(doc.Plan.Nodes.Count, doc.Nodes.Count);
        Assert.All(doc.Soups, s => Assert.Null(s.HeldOut));
        Assert.Null(doc.Host);
        Assert.Null(doc.Tracking);
        Assert.Equal("seed", doc.Repeat);
    }

    [Fact]
    public void Where_a_run_computed_and_its_tracking_are_written_and_read_back()
    {
        var doc = new RunDocument(RunDocument.CurrentFormat, "x", "x.csx", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(3), ".ensdsl",
            new Planning.PlanDocument([], [], new Planning.PlanTotalsEntry(0, 0, 0, 0), []), [], [], [], [], [], [], new Dictionary<string, string>(), [], null, [], [])
        {
            Host = RunHost.Here("0.2.0", "TorchSharp 0.107.0, libtorch 2.10.0, CPU", "local", ["cpu", "cpu"]),
            Tracking = new RunTracking("mlruns", "0123abcd", "http://localhost:5000/"),
        };
        File.WriteAllText(Path.Combine(root, RunDocument.FileName), doc.ToText());
        var read = RunDocument.Read(root, out var problem);
        Assert.True(read is not null, problem);
        Assert.Equal(doc.Tracking, read.Tracking);
        Assert.Equal((doc.Host!.Machine, doc.Host.Cores, doc.Host.Executor), (read.Host!.Machine, read.Host.Cores, read.Host.Executor));
        Assert.Equal(["cpu", "cpu"], read.Host.Devices);
        Assert.Equal(Environment.ProcessorCount, read.Host.Cores);
        Assert.Equal(doc.Host, read.Host with { Devices = doc.Host.Devices });
    }
}
