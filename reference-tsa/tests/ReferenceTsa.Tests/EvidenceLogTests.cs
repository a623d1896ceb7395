using Microsoft.Data.Sqlite;
using ReferenceTsa.Tests.Support;
using ReferenceTsa.EvidenceLog;

namespace ReferenceTsa.Tests;

public sealed class EvidenceLogTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tsa-evidence-").FullName;

    private string LogPath => Path.Combine(_directory, SqliteEvidenceLog.FileName);

    private async Task WriteRecords(int count, int firstSerial = 1)
    {
        await using var log = new SqliteEvidenceLog(LogPath);
        await Task.WhenAll(Enumerable.Range(firstSerial, count).Select(i => log.AppendAsync("token", EvidenceSamples.Token(i))));
    }

    [Fact]
    public async Task Concurrent_appends_form_one_intact_chain_across_reopening()
    {
        await WriteRecords(500);
        await WriteRecords(250, firstSerial: 501);
        var verification = EvidenceLogVerifier.Verify(LogPath);
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(750, verification.Records);
    }

    [Fact]
    public async Task Append_completes_only_after_the_record_is_readable_from_disk()
    {
        await using var log = new SqliteEvidenceLog(LogPath);
        long sequence = await log.AppendAsync("start", EvidenceSamples.Start());
        using var connection = new SqliteConnection($"Data Source={LogPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind FROM evidence WHERE seq = $seq";
        command.Parameters.AddWithValue("$seq", sequence);
        Assert.Equal("start", command.ExecuteScalar());
    }

    [Fact]
    public async Task The_database_refuses_updates_and_deletes()
    {
        await WriteRecords(3);
        using var connection = new SqliteConnection($"Data Source={LogPath};Pooling=False");
        connection.Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE evidence SET payload = '{}' WHERE seq = 2";
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => update.ExecuteNonQuery()).Message);
        update.CommandText = "DELETE FROM evidence WHERE seq = 2";
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => update.ExecuteNonQuery()).Message);
    }

    [Theory]
    [InlineData("UPDATE evidence SET payload = replace(payload, '7', '8') WHERE seq = 8", 8, "was modified")]
    [InlineData("DELETE FROM evidence WHERE seq = 5", 5, "missing")]
    [InlineData("UPDATE evidence SET recorded_utc = '2020-01-01T00:00:00.0000000Z' WHERE seq = 3", 3, "was modified")]
    public async Task Verification_names_the_first_tampered_record(string tampering, long expectedSequence, string expectedProblem)
    {
        await WriteRecords(10);
        using (var connection = new SqliteConnection($"Data Source={LogPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // A tamperer with file access can drop the triggers; the hash chain still shows what changed.
            command.CommandText = "DROP TRIGGER evidence_no_update; DROP TRIGGER evidence_no_delete; " + tampering;
            command.ExecuteNonQuery();
        }

        var verification = EvidenceLogVerifier.Verify(LogPath);
        Assert.False(verification.Intact);
        Assert.Equal(expectedSequence, verification.FirstBrokenSequence);
        Assert.Contains(expectedProblem, verification.Problem);
    }

    [Fact]
    public async Task Synchronous_and_async_appenders_share_group_commits_and_dispose_commits_what_is_queued()
    {
        var log = new SqliteEvidenceLog(LogPath);
        var asyncAppends = Enumerable.Range(0, 300).Select(i => log.AppendAsync("token", EvidenceSamples.Token(i))).ToList();
        // Synchronous appenders on dedicated threads block on their own event, not on the thread pool.
        var threads = Enumerable.Range(0, 3).Select(t => new Thread(() =>
        {
            for (int i = 0; i < 20; i++)
            {
                log.Append("key-event", new { @event = "test", thread = t, i });
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        long[] sequences = await Task.WhenAll(asyncAppends);
        Assert.Equal(300, sequences.Distinct().Count());
        var queuedAtDispose = log.AppendAsync("stop", EvidenceSamples.Start());
        log.Dispose();
        Assert.Equal(361, await queuedAtDispose);
        Assert.Equal(0, log.PendingRecords);
        var closed = Assert.Throws<EvidenceLogUnavailableException>(() => log.Append("late", new { }));
        Assert.Contains("is closed", closed.Message);
        await Assert.ThrowsAsync<EvidenceLogUnavailableException>(() => log.AppendAsync("late", new { }));

        var verification = EvidenceLogVerifier.Verify(LogPath);
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(361, verification.Records);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
