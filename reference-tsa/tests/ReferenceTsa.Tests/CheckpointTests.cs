using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using ReferenceTsa.Configuration;
using ReferenceTsa.EvidenceLog;
using ReferenceTsa.Hosting;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>
/// Periodic checkpoints: the TSA time-stamps the head of its own evidence chain, and `audit verify` checks each
/// checkpoint's token (signature, signer, imprint = SHA-256 of the named record's hash), not just its hash.
/// </summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly List<string> _directories = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private string TempDirectory()
    {
        string directory = Directory.CreateTempSubdirectory("tsa-checkpoint-").FullName;
        _directories.Add(directory);
        return directory;
    }

    private static Task<EmbeddedTsa> StartTsa(string directory, string checkpointInterval) =>
        EmbeddedTsa.StartAsync(directory, new EmbeddedDefault.Options(Certificates.DevKeyType.EcdsaP256, Certificates.DevKeyType.EcdsaP256),
            options => options.EvidenceLog.CheckpointInterval = checkpointInterval, TestContext.Current.CancellationToken);

    private static List<EvidenceRecord> Records(string directory)
    {
        using var source = new SqliteEvidenceRecords(Path.Combine(directory, SqliteEvidenceLog.FileName));
        return [.. source.ReadAll()];
    }

    /// <summary>Runs a TSA with a short checkpoint interval until it has written <paramref name="checkpoints"/> checkpoints.</summary>
    private async Task<string> LogWithCheckpoints(int checkpoints)
    {
        string directory = TempDirectory();
        await using var tsa = await StartTsa(directory, "300ms");
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(0, (await Stamp(tsa, RandomNumberGenerator.GetBytes(32))).Status);
        }

        var waited = Stopwatch.StartNew();
        while (Records(directory).Count(r => r.Kind == "checkpoint") < checkpoints)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "no checkpoint was written within 30 s at a 300 ms interval");
            // An idle log gets no further checkpoint: keep adding records until the wanted number is there.
            Assert.Equal(0, (await Stamp(tsa, RandomNumberGenerator.GetBytes(32))).Status);
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return directory;
    }

    [Fact]
    public async Task A_checkpoint_holds_the_tsas_own_token_over_the_chain_head_and_audit_verify_checks_it()
    {
        string directory = await LogWithCheckpoints(2);
        var records = Records(directory);
        var checkpoint = records.First(r => r.Kind == "checkpoint");
        var payload = JsonDocument.Parse(checkpoint.Payload).RootElement;
        Assert.True(payload.GetProperty("granted").GetBoolean());
        long upTo = payload.GetProperty("upToSequence").GetInt64();
        Assert.InRange(upTo, 1, checkpoint.Sequence - 1);
        byte[] head = Convert.FromHexString(payload.GetProperty("headHash").GetString()!);
        Assert.Equal(records.Single(r => r.Sequence == upTo).Hash, head);

        // Independently of the verifier: the token's imprint is SHA-256 of the head hash, its signature verifies, and
        // its signer is the non-qualified TSU certified by the dev root CA.
        var response = DecodedResponse.Decode(Convert.FromBase64String(payload.GetProperty("tokenResponse").GetString()!));
        Assert.Equal(0, response.Status);
        Assert.True(Rfc3161TimestampToken.TryDecode(response.Token!, out var token, out _));
        Assert.Equal(SHA256.HashData(head), token.TokenInfo.GetMessageHash().ToArray());
        Assert.True(token.VerifySignatureForHash(SHA256.HashData(head), HashAlgorithmName.SHA256, out var signer, extraCandidates: null));
        using var root = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(directory, EmbeddedDefault.RootCaFileName)));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ExtraStore.AddRange(token.AsSignedCms().Certificates);
        Assert.True(chain.Build(signer!), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));

        var (exit, output) = await Audit(directory);
        Assert.True(exit == 0, output);
        Assert.Matches(@"intact, \d+ record\(s\), ([2-9]|\d\d+) checkpoint\(s\) verified", output);
    }

    public enum Forgery
    {
        TokenOverAnotherRecord,
        HeadHashNotTheNamedRecords,
        SignedByAnUndeclaredTsa,
        NoTokenThoughGranted,
    }

    [Theory]
    [InlineData(Forgery.TokenOverAnotherRecord, "does not verify over SHA-256 of the hash of record")]
    [InlineData(Forgery.HeadHashNotTheNamedRecords, "is not the hash of record")]
    [InlineData(Forgery.SignedByAnUndeclaredTsa, "no earlier start record declares")]
    [InlineData(Forgery.NoTokenThoughGranted, "holds no token")]
    public async Task Audit_verify_names_a_checkpoint_whose_token_does_not_prove_the_head(Forgery forgery, string expected)
    {
        string directory = await LogWithCheckpoints(1);
        var records = Records(directory);
        var genuine = JsonNode.Parse(records.First(r => r.Kind == "checkpoint").Payload)!.AsObject();
        long upTo = genuine["upToSequence"]!.GetValue<long>();
        var other = records.First(r => r.Sequence != upTo && r.Kind == "token");
        JsonObject forged = (JsonObject)genuine.DeepClone();
        switch (forgery)
        {
            case Forgery.TokenOverAnotherRecord:
                // Consistent sequence and hash, but the token was issued over a different head.
                forged["upToSequence"] = other.Sequence;
                forged["headHash"] = Convert.ToHexString(other.Hash);
                break;
            case Forgery.HeadHashNotTheNamedRecords:
                forged["headHash"] = Convert.ToHexString(other.Hash);
                break;
            case Forgery.SignedByAnUndeclaredTsa:
            {
                // A genuine token over the right head, from another TSA (another dev CA) this log never declared.
                await using var stranger = await StartTsa(TempDirectory(), "10m");
                byte[] head = Convert.FromHexString(genuine["headHash"]!.GetValue<string>());
                var response = await StampRaw(stranger, SHA256.HashData(head));
                Assert.Equal(0, DecodedResponse.Decode(response).Status);
                forged["tokenResponse"] = Convert.ToBase64String(response);
                break;
            }

            case Forgery.NoTokenThoughGranted:
                forged["tokenResponse"] = Convert.ToBase64String([0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x00]); // status granted, no token
                break;
        }

        long forgedSequence;
        await using (var log = new SqliteEvidenceLog(Path.Combine(directory, SqliteEvidenceLog.FileName)))
        {
            forgedSequence = await log.AppendAsync("checkpoint", forged);
        }

        var verification = EvidenceLogVerifier.Verify(Path.Combine(directory, SqliteEvidenceLog.FileName));
        Assert.Equal(forgedSequence, verification.FirstBrokenSequence);
        Assert.Contains(expected, verification.Problem);

        var (exit, output) = await Audit(directory);
        Assert.Equal(1, exit);
        Assert.Contains($"BROKEN at record {forgedSequence}", output);
    }

    [Fact]
    public async Task A_checkpoint_refused_by_the_tsa_is_recorded_unstamped_and_audit_verify_counts_it()
    {
        string directory = TempDirectory();
        await using (var log = new SqliteEvidenceLog(Path.Combine(directory, SqliteEvidenceLog.FileName)))
        {
            await log.AppendAsync("start", new { node = "test", processId = 1, tsus = Array.Empty<object>() });
            var head = await log.ReadHeadAsync(TestContext.Current.CancellationToken);
            await log.AppendAsync("checkpoint", new
            {
                upToSequence = head.Sequence,
                headHash = Convert.ToHexString(head.Hash),
                granted = false,
                status = "the clock gate is closed",
                tokenResponse = Convert.ToBase64String([0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02]),
            });
        }

        var verification = EvidenceLogVerifier.Verify(Path.Combine(directory, SqliteEvidenceLog.FileName));
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(0, verification.VerifiedCheckpoints);
        Assert.Equal(1, verification.UnstampedCheckpoints);
    }

    private async Task<DecodedResponse> Stamp(EmbeddedTsa tsa, byte[] digest) => DecodedResponse.Decode(await StampRaw(tsa, digest));

    private async Task<byte[]> StampRaw(EmbeddedTsa tsa, byte[] digest)
    {
        var content = new ByteArrayContent(new RequestBuilder { Imprint = digest, CertReq = true }.Encode());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/timestamp-query");
        using var response = await _http.PostAsync(tsa.NonQualifiedUrl, content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
    }

    private static Task<(int Exit, string Output)> Audit(string directory) => ReferenceTsaCli.RunAsync(["audit", "verify", "--data", directory]);

    public void Dispose()
    {
        _http.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (string directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
