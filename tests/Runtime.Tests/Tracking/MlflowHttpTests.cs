using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EnsDsl.Runtime.Tracking;
using EnsDsl.Runtime.Tracking.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EnsDsl.Runtime.Tests.Tracking;

/// <summary>MLflow's HTTP settings: environment parsing, and TLS verification on or off against a self-signed HTTPS server.</summary>
public class MlflowHttpTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("FALSE", false)]
    [InlineData("0", false)]
    [InlineData(null, false)]
    public void Insecure_TLS_is_read_as_MLflow_reads_booleans(string? value, bool insecure) =>
        Assert.Equal(insecure, HttpSettings.FromEnvironment(name => name == "MLFLOW_TRACKING_INSECURE_TLS" ? value : null).InsecureTls);

    [Fact]
    public void Values_MLflow_would_refuse_are_named()
    {
        Assert.Contains("MLFLOW_TRACKING_INSECURE_TLS=yes: expected true, false, 1 or 0",
            Assert.Throws<TrackingConfigurationException>(() => HttpSettings.FromEnvironment(n => n == "MLFLOW_TRACKING_INSECURE_TLS" ? "yes" : null)).Message);
        Assert.Contains("MLFLOW_HTTP_REQUEST_TIMEOUT=soon",
            Assert.Throws<TrackingConfigurationException>(() => HttpSettings.FromEnvironment(n => n == "MLFLOW_HTTP_REQUEST_TIMEOUT" ? "soon" : null)).Message);
        var defaults = HttpSettings.FromEnvironment(_ => null);
        Assert.Equal((TimeSpan.FromSeconds(120), 7, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)),
            (defaults.Timeout, defaults.MaxRetries, defaults.BackoffFactor, defaults.BackoffJitter));
    }

    static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    [Fact]
    public async Task A_self_signed_server_is_refused_unless_TLS_verification_is_turned_off()
    {
        using var certificate = SelfSigned();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.UseHttps(certificate)));
        await using var app = builder.Build();
        app.MapGet("/api/2.0/mlflow/experiments/get-by-name", (string experiment_name) =>
            Microsoft.AspNetCore.Http.Results.Json(new Dictionary<string, object> { ["experiment"] = new Dictionary<string, string> { ["experiment_id"] = "4", ["name"] = experiment_name, ["lifecycle_stage"] = "active" } }));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        var settings = new HttpSettings(null, null, null, false, TimeSpan.FromSeconds(10), 0, TimeSpan.Zero, TimeSpan.Zero);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => MlflowHttp.Client(address, settings).GetExperimentByName("x"));
        Assert.Contains("SSL", refused.ToString(), StringComparison.OrdinalIgnoreCase);
        var found = await MlflowHttp.Client(address, settings with { InsecureTls = true }).GetExperimentByName("x");
        Assert.Equal("4", found.Experiment.ExperimentId);
        await app.StopAsync();
    }
}
