using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Certificates;
using ReferenceTsa.Configuration;
using ReferenceTsa.Hosting;

[assembly: AssemblyFixture(typeof(ReferenceTsa.Interop.Tests.Support.TsaPool))]

namespace ReferenceTsa.Interop.Tests.Support;

/// <summary>The two endpoints of the embedded default.</summary>
public enum TsaEndpoint
{
    /// <summary>/tsa: non-qualified tokens, no qcStatements.</summary>
    Tsa,

    /// <summary>/qtsa: qualified tokens with the esi4-qtstStatement-1 QC statement.</summary>
    Qtsa,
}

/// <summary>One running reference TSA (embedded default, in-process) whose TSUs both use one key type.</summary>
public sealed class RunningTsa(EmbeddedTsa tsa, DevKeyType keyType, TempDirectory directory) : IAsyncDisposable
{
    public DevKeyType KeyType { get; } = keyType;

    public EmbeddedTsa Tsa { get; } = tsa;

    public string RootCaPemPath => Tsa.RootCaPemPath;

    public X509Certificate2 RootCa { get; } = X509Certificate2.CreateFromPem(File.ReadAllText(tsa.RootCaPemPath));

    public Uri Url(TsaEndpoint endpoint) => endpoint == TsaEndpoint.Qtsa ? Tsa.QualifiedUrl : Tsa.NonQualifiedUrl;

    /// <summary>The TSU certificate file `dev init` wrote for the endpoint's TSU ({name}.cert.pem).</summary>
    public string TsuCertificatePemPath(TsaEndpoint endpoint) =>
        Path.Combine(Tsa.DataDirectory, endpoint == TsaEndpoint.Qtsa ? "tsu-qualified.cert.pem" : "tsu-nonqualified.cert.pem");

    public X509Certificate2 TsuCertificate(TsaEndpoint endpoint) => X509Certificate2.CreateFromPem(File.ReadAllText(TsuCertificatePemPath(endpoint)));

    public async ValueTask DisposeAsync()
    {
        await Tsa.DisposeAsync();
        RootCa.Dispose();
        directory.Dispose();
    }
}

/// <summary>
/// Assembly fixture: one reference TSA per key type, started on first use and shared by every test of that key type.
/// </summary>
public sealed class TsaPool : IAsyncDisposable
{
    private readonly ConcurrentDictionary<DevKeyType, Lazy<Task<RunningTsa>>> _running = new();

    public static HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Task<RunningTsa> GetAsync(DevKeyType keyType) =>
        _running.GetOrAdd(keyType, k => new Lazy<Task<RunningTsa>>(() => StartAsync(k))).Value;

    private static async Task<RunningTsa> StartAsync(DevKeyType keyType)
    {
        var directory = new TempDirectory($"reftsa-interop-{keyType.Name()}-");
        try
        {
            var tsa = await EmbeddedTsa.StartAsync(Path.Combine(directory.Path, "data"), new EmbeddedDefault.Options(keyType, keyType), configure: null);
            return new RunningTsa(tsa, keyType, directory);
        }
        catch (Exception e)
        {
            directory.Dispose();
            throw new InvalidOperationException(
                $"the reference TSA does not start with the `dev init` default for key type {keyType.Name()}: {e.Message}", e);
        }
    }

    /// <summary>POSTs a DER TimeStampReq as RFC 3161 §3.4 says and returns the DER TimeStampResp.</summary>
    public static async Task<byte[]> PostAsync(Uri url, byte[] timeStampQuery)
    {
        using var content = new ByteArrayContent(timeStampQuery);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = await Http.PostAsync(url, content);
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: HTTP {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        Assert.Equal("application/timestamp-reply", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in _running.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                await lazy.Value.Result.DisposeAsync();
            }
        }
    }
}

public static class TheoryMatrix
{
    public static readonly DevKeyType[] KeyTypes = [DevKeyType.Rsa3072, DevKeyType.Rsa3072Pss, DevKeyType.EcdsaP256, DevKeyType.EcdsaP384];

    public static readonly TsaEndpoint[] Endpoints = [TsaEndpoint.Tsa, TsaEndpoint.Qtsa];

    /// <summary>Every key type against both endpoints, with certReq TRUE and FALSE.</summary>
    public static TheoryData<DevKeyType, TsaEndpoint, bool> KeyTypesEndpointsAndCertReq()
    {
        var data = new TheoryData<DevKeyType, TsaEndpoint, bool>();
        foreach (var keyType in KeyTypes)
        {
            foreach (var endpoint in Endpoints)
            {
                data.Add(keyType, endpoint, true);
                data.Add(keyType, endpoint, false);
            }
        }

        return data;
    }

    /// <summary>Every key type against both endpoints.</summary>
    public static TheoryData<DevKeyType, TsaEndpoint> KeyTypesAndEndpoints()
    {
        var data = new TheoryData<DevKeyType, TsaEndpoint>();
        foreach (var keyType in KeyTypes)
        {
            foreach (var endpoint in Endpoints)
            {
                data.Add(keyType, endpoint);
            }
        }

        return data;
    }
}
