using System.Formats.Asn1;
using Microsoft.AspNetCore.Builder;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ReferenceTsa.Configuration;
using ReferenceTsa.Hosting;
using ReferenceTsa.Signing.Pkcs11;

namespace ReferenceTsa.Hsm.Tests.Support;

/// <summary>What came back for one request, and when it was sent and answered.</summary>
public sealed record Outcome(int Status, bool SystemFailure, byte[]? Token, DateTimeOffset Started)
{
    public DateTimeOffset Finished { get; init; } = DateTimeOffset.UtcNow;

    public bool Granted => Status is 0 or 1 && Token is not null;
}

/// <summary>One TSU of the test TSA: its key on the SoftHSM token and its certificate; served at /tsa (the first) or /NAME.</summary>
public sealed record TsuOnToken(string Name, string KeyLabel, string Scheme, string SignerDigest, X509Certificate2 Certificate,
    int PoolSize = 4);

/// <summary>
/// The reference TSA, in-process on a free loopback port, with one or more TSUs whose keys are on one SoftHSM token;
/// its configuration goes through the normal loader (tsa.json, start-up gate), so this is the production path.
/// </summary>
public sealed class HsmTsa : IAsyncDisposable
{
    public const string PolicyOid = "1.3.6.1.4.1.99999.1.1";

    private readonly WebApplication _app;
    private readonly IReadOnlyList<TsuOnToken> _tsus;

    private HsmTsa(WebApplication app, TimeStampingService service, IReadOnlyList<TsuOnToken> tsus)
    {
        _app = app;
        _tsus = tsus;
        Service = service;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public TimeStampingService Service { get; }

    /// <summary>The first TSU's certificate.</summary>
    public X509Certificate2 Certificate => _tsus[0].Certificate;

    /// <summary>The first TSU's endpoint.</summary>
    public Uri Url => UrlOf(_tsus[0].Name);

    public HttpClient Http { get; }

    /// <summary>The first TSU's key.</summary>
    public Pkcs11SigningKey Key => KeyOf(_tsus[0].Name);

    public Pkcs11SigningKey KeyOf(string tsu) => (Pkcs11SigningKey)Service.Tsus.Single(t => t.Name == tsu).SigningKey;

    public Uri UrlOf(string tsu) => new(TsaHost.BoundAddress(_app), EndpointOf(_tsus, Tsu(tsu)));

    private TsuOnToken Tsu(string name) => _tsus.Single(t => t.Name == name);

    private static string EndpointOf(IReadOnlyList<TsuOnToken> tsus, TsuOnToken tsu) => tsu == tsus[0] ? "tsa" : tsu.Name;

    /// <summary>Writes tsa.json for one pkcs11 TSU named "tsu"; returns its path.</summary>
    public static string WriteConfiguration(SoftHsmToken token, string keyLabel, string scheme, string signerDigest,
        X509Certificate2 certificate, int poolSize = 4, bool pinFromEnvironment = false) =>
        WriteConfiguration(token, [new TsuOnToken("tsu", keyLabel, scheme, signerDigest, certificate, poolSize)], pinFromEnvironment);

    /// <summary>Writes tsa.json for pkcs11 TSUs whose keys are all on <paramref name="token"/>; returns its path.</summary>
    public static string WriteConfiguration(SoftHsmToken token, IReadOnlyList<TsuOnToken> tsus, bool pinFromEnvironment = false)
    {
        var tsuOptions = new Dictionary<string, object>();
        var endpoints = new Dictionary<string, object>();
        foreach (var tsu in tsus)
        {
            string certificateFile = tsus.Count == 1 ? "tsu.cert.pem" : $"{tsu.Name}.cert.pem";
            File.WriteAllText(Path.Combine(token.DataDirectory, certificateFile), tsu.Certificate.ExportCertificatePem());
            tsuOptions[tsu.Name] = new
            {
                Certificate = certificateFile,
                tsu.SignerDigest,
                Key = new
                {
                    Type = "pkcs11",
                    tsu.Scheme,
                    Module = Tools.SoftHsmModule,
                    TokenLabel = token.Label,
                    tsu.KeyLabel,
                    PinFile = pinFromEnvironment ? null : token.PinFile,
                    PinEnvironmentVariable = pinFromEnvironment ? SoftHsmToken.PinVariable : null,
                    SoftHsm2Conf = token.ConfPath,
                    tsu.PoolSize,
                },
            };
            string endpoint = EndpointOf(tsus, tsu);
            endpoints[endpoint] = new { Path = "/" + endpoint, Tsu = tsu.Name, Policy = PolicyOid };
        }

        var configuration = new
        {
            Tsa = new
            {
                DataDirectory = ".",
                Mode = "development", // the unmonitored clock below is refused in production
                AllowSoftwareKeys = false,
                // The clock gate is another issue's subject; these tests are about the key.
                Clock = new { AllowUnmonitoredClock = true },
                Tsus = tsuOptions,
                Endpoints = endpoints,
            },
        };
        string path = Path.Combine(token.DataDirectory, "tsa.json");
        File.WriteAllText(path, JsonSerializer.Serialize(configuration, new JsonSerializerOptions
        {
            WriteIndented = true,
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        }));
        return path;
    }

    public static Task<HsmTsa> StartAsync(SoftHsmToken token, string keyLabel, string scheme, string signerDigest,
        X509Certificate2 certificate, int poolSize = 4) =>
        StartAsync(token, [new TsuOnToken("tsu", keyLabel, scheme, signerDigest, certificate, poolSize)]);

    public static async Task<HsmTsa> StartAsync(SoftHsmToken token, IReadOnlyList<TsuOnToken> tsus)
    {
        string path = WriteConfiguration(token, tsus);
        var options = TsaConfigurationFile.Read(path);
        var service = TimeStampingServiceLoader.Load(options, token.DataDirectory, DateTimeOffset.UtcNow, path);
        try
        {
            var app = TsaHost.Build(service, ["http://127.0.0.1:0"], quiet: true);
            await app.StartAsync();
            return new HsmTsa(app, service, tsus);
        }
        catch
        {
            service.Dispose();
            throw;
        }
    }

    /// <summary>Asks the TSU <paramref name="tsu"/> (the first when null) for a token.</summary>
    public async Task<Outcome> RequestAsync(byte[]? hash = null, CancellationToken cancellationToken = default, string? tsu = null)
    {
        hash ??= RandomNumberGenerator.GetBytes(32);
        var started = DateTimeOffset.UtcNow;
        var request = Rfc3161TimestampRequest.CreateFromHash(hash, HashAlgorithmName.SHA256, requestSignerCertificates: true,
            nonce: RandomNumberGenerator.GetBytes(8));
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = await Http.PostAsync(tsu is null ? Url : UrlOf(tsu), content, cancellationToken);
        response.EnsureSuccessStatusCode();
        return Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken), started);
    }

    /// <summary>TimeStampResp: status, failInfo systemFailure (bit 25), and the token when there is one.</summary>
    public static Outcome Parse(byte[] der, DateTimeOffset started)
    {
        var response = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var statusInfo = response.ReadSequence();
        int status = (int)statusInfo.ReadInteger();
        if (statusInfo.HasData && statusInfo.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            statusInfo.ReadSequence();
        }

        bool systemFailure = false;
        if (statusInfo.HasData)
        {
            byte[] bits = statusInfo.ReadBitString(out _);
            systemFailure = bits.Length > 3 && (bits[3] & (0x80 >> 1)) != 0;
        }

        byte[]? token = response.HasData ? response.ReadEncodedValue().ToArray() : null;
        return new Outcome(status, systemFailure, token, started);
    }

    /// <summary>
    /// Verifies the token's signature with the certificate of TSU <paramref name="tsu"/> (the first when null; .NET
    /// SignedCms) and returns its serial, hex.
    /// </summary>
    public string VerifyAndSerial(byte[] token, string? tsu = null)
    {
        var certificate = tsu is null ? Certificate : Tsu(tsu).Certificate;
        Assert.True(Rfc3161TimestampToken.TryDecode(token, out var decoded, out _), "the token does not decode");
        var info = decoded!.TokenInfo;
        byte[] hash = info.GetMessageHash().ToArray();
        Assert.True(decoded.VerifySignatureForHash(hash, HashAlgorithmName.SHA256, out var signer, [certificate]),
            "the token's signature does not verify with the TSU certificate");
        Assert.Equal(certificate.Thumbprint, signer!.Thumbprint);
        return Convert.ToHexString(info.GetSerialNumber().Span);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Service.Dispose();
    }
}
