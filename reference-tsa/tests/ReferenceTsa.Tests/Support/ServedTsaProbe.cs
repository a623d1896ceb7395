using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ReferenceTsa.EvidenceLog;
using ReferenceTsa.Hosting;

namespace ReferenceTsa.Tests.Support;

/// <summary>What a client and an auditor see of a served TSA: time-stamp responses, /readyz, /metrics and the evidence log.</summary>
public sealed class ServedTsaProbe(EmbeddedTsa tsa) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<DecodedResponse> StampAsync(Uri? endpoint = null)
    {
        using var content = new ByteArrayContent(RequestBuilder.Sha256Of(Guid.NewGuid().ToString()).Encode());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/timestamp-query");
        using var response = await _http.PostAsync(endpoint ?? tsa.NonQualifiedUrl, content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return DecodedResponse.Decode(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Requests time-stamps until one satisfies <paramref name="condition"/> or <paramref name="timeout"/> passes; returns the last.</summary>
    public async Task<DecodedResponse> StampUntilAsync(Func<DecodedResponse, bool> condition, TimeSpan timeout, Uri? endpoint = null)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        DecodedResponse response;
        do
        {
            response = await StampAsync(endpoint);
            if (condition(response))
            {
                break;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        while (DateTimeOffset.UtcNow < deadline);

        return response;
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync()
    {
        using var response = await _http.GetAsync(new Uri(tsa.BaseAddress, "readyz"), TestContext.Current.CancellationToken);
        string text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public async Task<string> MetricsAsync() =>
        await _http.GetStringAsync(new Uri(tsa.BaseAddress, "metrics"), TestContext.Current.CancellationToken);

    /// <summary>The value of one sample line of /metrics, e.g. <c>tsa_tsu_can_sign{tsu="tsu-nonqualified"}</c>.</summary>
    public async Task<double> MetricAsync(string series)
    {
        string line = (await MetricsAsync()).Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal))
                      ?? throw new Xunit.Sdk.XunitException($"/metrics has no line for {series}");
        return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The evidence records of a SQLite evidence log in <paramref name="dataDirectory"/>, in order.</summary>
    public static List<(long Sequence, string Kind, JsonElement Payload)> Evidence(string dataDirectory)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, SqliteEvidenceLog.FileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, kind, payload FROM evidence ORDER BY seq";
        using var reader = command.ExecuteReader();
        var rows = new List<(long, string, JsonElement)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), JsonDocument.Parse(reader.GetString(2)).RootElement.Clone()));
        }

        return rows;
    }

    public void Dispose() => _http.Dispose();
}
