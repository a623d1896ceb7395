using System.Numerics;
using Microsoft.Data.Sqlite;
using ReferenceTsa.Configuration;
using ReferenceTsa.EvidenceLog;
using ReferenceTsa.Hosting;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>
/// Serial state that survives restore (RFC 3161 §2.4.2, serials never repeat): a state database put back from a
/// backup, or an evidence log deleted next to a state that has reserved serials, stops start-up naming both files.
/// </summary>
public sealed class SerialRestoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tsa-restore-").FullName;

    private string StatePath => Path.Combine(_directory, TsaHost.StateDatabaseFileName);

    private string LogPath => Path.Combine(_directory, SqliteEvidenceLog.FileName);

    private Task<EmbeddedTsa> Start() =>
        EmbeddedTsa.StartAsync(_directory, new EmbeddedDefault.Options(Certificates.DevKeyType.EcdsaP256, Certificates.DevKeyType.EcdsaP256),
            options => options.SerialBlockSize = 10, TestContext.Current.CancellationToken);

    private async Task<List<BigInteger>> Issue(int count)
    {
        await using var tsa = await Start();
        using var probe = new ServedTsaProbe(tsa);
        var serials = new List<BigInteger>();
        for (int i = 0; i < count; i++)
        {
            var decoded = await probe.StampAsync();
            Assert.Equal(0, decoded.Status);
            serials.Add(decoded.TstInfo().Serial);
        }

        return serials;
    }

    /// <summary>Copies a closed SQLite database with its write-ahead log, as a file-level backup does.</summary>
    private static void CopyDatabase(string from, string to)
    {
        SqliteConnection.ClearAllPools();
        foreach (string suffix in (string[])["", "-wal", "-shm"])
        {
            if (File.Exists(to + suffix))
            {
                File.Delete(to + suffix);
            }

            if (File.Exists(from + suffix))
            {
                File.Copy(from + suffix, to + suffix);
            }
        }
    }

    [Fact]
    public async Task A_state_database_restored_from_a_backup_is_refused_at_start_naming_both_files()
    {
        await Issue(3);
        string backup = Path.Combine(_directory, "state-backup.sqlite");
        CopyDatabase(StatePath, backup);
        var later = await Issue(25); // reserves blocks beyond the backup's
        CopyDatabase(backup, StatePath);

        var refused = await Assert.ThrowsAsync<StartupRefusedException>(Start);
        Assert.Contains(StatePath, refused.Message);
        Assert.Contains(LogPath, refused.Message);
        Assert.Contains("behind the evidence log", refused.Message);
        Assert.Contains(later.Max().ToString("X"), refused.Message); // the highest serial the log holds

        // audit verify still finds the log itself intact: it is the state that is behind.
        var verification = EvidenceLogVerifier.Verify(LogPath);
        Assert.True(verification.Intact, verification.Problem);
    }

    [Fact]
    public async Task A_deleted_evidence_log_next_to_reserved_serials_is_refused_and_serve_exits_65()
    {
        await Issue(2);
        SqliteConnection.ClearAllPools();
        foreach (string suffix in (string[])["", "-wal", "-shm"])
        {
            File.Delete(LogPath + suffix);
        }

        var refused = await Assert.ThrowsAsync<StartupRefusedException>(Start);
        Assert.Contains("is missing", refused.Message);
        Assert.Contains(StatePath, refused.Message);
        Assert.False(File.Exists(LogPath), "the refused start must not create a new, empty chain");

        var (exit, output) = await ReferenceTsaCli.RunAsync(["serve", "--data", _directory, "--urls", "http://127.0.0.1:0"]);
        Assert.Equal(65, exit);
        Assert.Contains(LogPath, output);
        Assert.Contains("reserved 1 block(s)", output);
    }

    [Fact]
    public async Task A_log_emptied_of_all_rows_is_refused_too()
    {
        await Issue(2);
        EvidenceSamples.Tamper(LogPath, "DELETE FROM evidence");
        var refused = await Assert.ThrowsAsync<StartupRefusedException>(Start);
        Assert.Contains("is empty", refused.Message);
    }

    [Fact]
    public async Task With_the_state_moved_aside_a_new_instance_prefix_is_drawn_and_no_serial_repeats()
    {
        var first = await Issue(5);
        SqliteConnection.ClearAllPools();
        File.Move(StatePath, StatePath + ".old");
        foreach (string suffix in (string[])["-wal", "-shm"])
        {
            File.Delete(StatePath + suffix);
        }

        var second = await Issue(5);
        Assert.Empty(first.Intersect(second));
        Assert.NotEqual(first[0] >> 64, second[0] >> 64);
        var verification = EvidenceLogVerifier.Verify(LogPath);
        Assert.True(verification.Intact, verification.Problem);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
