using Microsoft.Data.Sqlite;
using ReferenceTsa.EvidenceLog;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>
/// Records forged by someone who can write the log file and recompute the chain hashes: `audit verify` still names
/// a record the TSA would never write (unknown kind, a payload that is not JSON or lacks a member) and a serial
/// number that repeats.
/// </summary>
public sealed class EvidenceTamperTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tsa-tamper-").FullName;

    private string LogPath => Path.Combine(_directory, SqliteEvidenceLog.FileName);

    private async Task WriteRecords(int count)
    {
        await using var log = new SqliteEvidenceLog(LogPath);
        await log.AppendAsync("start", EvidenceSamples.Start());
        for (int i = 1; i < count; i++)
        {
            await log.AppendAsync("token", EvidenceSamples.Token(i));
        }
    }

    [Theory]
    [InlineData("whatever", "not json at all", "kind 'whatever' is not one the TSA writes")]
    [InlineData("token", "not json at all", "payload is not JSON ('not json at all')")]
    [InlineData("token", "[1,2]", "payload is a JSON array, not an object")]
    [InlineData("token", """{"serial":"7F"}""", "token payload has no 'genTime'")]
    [InlineData("checkpoint", """{"upToSequence":"3","headHash":"AB","granted":true,"status":"x","tokenResponse":""}""", "'upToSequence' is not a JSON number")]
    [InlineData("start", """{"node":"x","processId":1,"tsus":[]}""", null)]
    public async Task A_forged_append_with_a_recomputed_chain_hash_is_named_when_the_tsa_never_writes_such_a_record(string kind, string payload, string? expected)
    {
        await WriteRecords(5);
        long forged = EvidenceSamples.ForgeAppend(LogPath, kind, payload);
        var verification = EvidenceLogVerifier.Verify(LogPath);
        if (expected is null)
        {
            // A well-formed forgery after the last checkpoint fits the chain: only an exported checkpoint reveals it.
            Assert.True(verification.Intact, verification.Problem);
            return;
        }

        Assert.Equal(forged, verification.FirstBrokenSequence);
        Assert.Contains("is not a record the TSA writes", verification.Problem);
        Assert.Contains(expected, verification.Problem);
    }

    [Fact]
    public async Task A_repeated_serial_number_is_an_error_naming_both_records()
    {
        await WriteRecords(5); // tokens with serials 1..4 in records 2..5
        long forged = EvidenceSamples.ForgeAppend(LogPath, "token", System.Text.Json.JsonSerializer.Serialize(EvidenceSamples.Token(3)));
        var verification = EvidenceLogVerifier.Verify(LogPath);
        Assert.Equal(forged, verification.FirstBrokenSequence);
        Assert.Contains("repeats serial number 3 of record 4", verification.Problem);

        var (exit, output) = await ReferenceTsaCli.RunAsync(["audit", "verify", "--data", _directory]);
        Assert.Equal(1, exit);
        Assert.Contains($"BROKEN at record {forged}", output);
    }

    [Fact]
    public async Task A_control_character_in_a_forged_kind_is_shown_escaped()
    {
        await WriteRecords(2);
        long forged = EvidenceSamples.ForgeAppend(LogPath, "x\u0018y", "{}");
        var verification = EvidenceLogVerifier.Verify(LogPath);
        Assert.Equal(forged, verification.FirstBrokenSequence);
        Assert.Contains("x\\x18y", verification.Problem);
        Assert.DoesNotContain('\u0018', verification.Problem!);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
