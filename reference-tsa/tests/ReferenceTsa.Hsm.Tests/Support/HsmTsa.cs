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

/// <summary>What came back for one request.</summary>
public sealed record Outcome(int Status, bool SystemFailure, byte[]? Token, DateTimeOffset Started)
{
    public bool Granted => Status is 0 or 1 && Token is not null;
}

/// <summary>
/// The reference TSA, in-process on a free loopback port, with one TSU whose key is on a SoftHSM token; its
/// configuration goes through the normal loader (tsa.json, start-up gate), so this is the production path.
/// </summary>
public sealed class HsmTsa : IAsyncDisposable
{
    public const string PolicyOid = "1.3.6.1.4.1.99999.1.1";

    private readonly WebApplication _app;

    private HsmTsa(WebApplication app, TimeStampingService service, X509Certificate2 certificate)
    {
        _app = app;
        Service = service;
        Certificate = certificate;
        Url = new Uri(TsaHost.BoundAddress(app), "tsa");
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public TimeStampingService Service { get; }

    public X509Certificate2 Certificate { get; }

    public Uri Url { get; }

    public HttpClient Http { get; }

    public Pkcs11SigningKey Key => (Pkcs11SigningKey)Service.Tsus[0].SigningKey;

    /// <summary>Writes tsa.json for a pkcs11 TSU; returns its path.</summary>
    public static string WriteConfiguration(SoftHsmToken token, string keyLabel, string scheme, string signerDigest,
        X509Certificate2 certificate, int poolSize = 4, bool pinFromEnvironment = false)
    {
        File.WriteAllText(Path.Combine(token.DataDirectory, "tsu.cert.pem"), certificate.ExportCertificatePem());
        var configuration = new
        {
            Tsa = new
            {
                DataDirectory = ".",
                AllowSoftwareKeys = false,
                // The clock gate is another issue's subject; these tests are about the key.
                Clock = new { AllowUnmonitoredClock = true },
                Tsus = new Dictionary<string, object>
                {
                    ["tsu"] = new
                    {
                        Certificate = "tsu.cert.pem",
                        SignerDigest = signerDigest,
                        Key = new
                        {
                            Type = "pkcs11",
                            Scheme = scheme,
                            Module = Tools.SoftHsmModule,
                            TokenLabel = token.Label,
                            KeyLabel = keyLabel,
                            PinFile = pinFromEnvironment ? null : token.PinFile,
                            PinEnvironmentVariable = pinFromEnvironment ? SoftHsmToken.PinVariable : null,
                            SoftHsm2Conf = token.ConfPath,
                            PoolSize = poolSize,
                        },
                    },
                },
                Endpoints = new Dictionary<string, object>
                {
                    ["tsa"] = new { Path = "/tsa", Tsu = "tsu", Policy = PolicyOid },
                },
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

    public static async Task<HsmTsa> StartAsync(SoftHsmToken token, string keyLabel, string scheme, string signerDigest,
        X509Certificate2 certificate, int poolSize = 4)
    {
        string path = WriteConfiguration(token, keyLabel, scheme, signerDigest, certificate, poolSize);
        var options = TsaConfigurationFile.Read(path);
        var service = TimeStampingServiceLoader.Load(options, token.DataDirectory, DateTimeOffset.UtcNow, path);
        try
        {
            var app = TsaHost.Build(service, ["http://127.0.0.1:0"], quiet: true);
            await app.StartAsync();
            return new HsmTsa(app, service, certificate);
        }
        catch
        {
            service.Dispose();
            throw;
        }
    }

    public async Task<Outcome> RequestAsync(byte[]? hash = null, CancellationToken cancellationToken = default)
    {
        hash ??= RandomNumberGenerator.GetBytes(32);
        var started = DateTimeOffset.UtcNow;
        var request = Rfc3161TimestampRequest.CreateFromHash(hash, HashAlgorithmName.SHA256, requestSignerCertificates: true,
            nonce: RandomNumberGenerator.GetBytes(8));
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = await Http.PostAsync(Url, content, cancellationToken);
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

    /// <summary>Verifies the token's signature with the TSU certificate (.NET SignedCms) and returns its serial, hex.</summary>
    public string VerifyAndSerial(byte[] token)
    {
        Assert.True(Rfc3161TimestampToken.TryDecode(token, out var decoded, out _), "the token does not decode");
        var info = decoded!.TokenInfo;
        byte[] hash = info.GetMessageHash().ToArray();
        Assert.True(decoded.VerifySignatureForHash(hash, HashAlgorithmName.SHA256, out var signer, [Certificate]),
            "the token's signature does not verify with the TSU certificate");
        Assert.Equal(Certificate.Thumbprint, signer!.Thumbprint);
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
