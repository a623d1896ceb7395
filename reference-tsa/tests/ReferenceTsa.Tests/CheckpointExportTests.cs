using System.Text.Json;
using Microsoft.Data.Sqlite;
using ReferenceTsa.Configuration;
using ReferenceTsa.EvidenceLog;
using ReferenceTsa.Hosting;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>
/// A served TSA that exported its checkpoints to a file outside its data directory (as an operator ships them
/// off-host), issued 150 tokens and stopped. The exported copy is then the reference the log is checked against.
/// </summary>
public sealed class ExportedLogFixture : IAsyncLifetime
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("tsa-export-data-").FullName;

    public string ExportDirectory { get; } = Directory.CreateTempSubdirectory("tsa-export-offhost-").FullName;

    public string ExportFile => Path.Combine(ExportDirectory, "checkpoints.jsonl");

    public string LogPath => Path.Combine(DataDirectory, SqliteEvidenceLog.FileName);

    public void Configure(TsaOptions options)
    {
        options.EvidenceLog.CheckpointExportFile = ExportFile;
        options.EvidenceLog.CheckpointEveryRecords = 20;
        options.EvidenceLog.CheckpointInterval = "1s";
    }

    public async ValueTask InitializeAsync()
    {
        await using var tsa = await EmbeddedTsa.StartAsync(DataDirectory,
            new EmbeddedDefault.Options(Certificates.DevKeyType.EcdsaP256, Certificates.DevKeyType.EcdsaP256), Configure);
        using var probe = new ServedTsaProbe(tsa);
        for (int i = 0; i < 150; i++)
        {
            Assert.Equal(0, (await probe.StampAsync()).Status);
        }
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
        Directory.Delete(ExportDirectory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// `audit verify --checkpoints` against the exported checkpoints: truncation (the last record, the last 100, every
/// row), a re-chained change with the in-log checkpoints removed, forged appends, and an export file with a line
/// removed are each named with exit 1; what cannot be detected is reported as uncovered.
/// </summary>
public sealed class CheckpointExportTests(ExportedLogFixture fixture) : IClassFixture<ExportedLogFixture>, IDisposable
{
    private readonly string _copy = Directory.CreateTempSubdirectory("tsa-export-case-").FullName;

    private string CopiedLog => Path.Combine(_copy, SqliteEvidenceLog.FileName);

    /// <summary>The evidence log as a tamperer finds it: a copy of the stopped TSA's file.</summary>
    private string CopyLog()
    {
        SqliteConnection.ClearAllPools();
        File.Copy(fixture.LogPath, CopiedLog);
        return CopiedLog;
    }

    private Task<(int Exit, string Output)> Audit(string? exportFile = null) =>
        ReferenceTsaCli.RunAsync(["audit", "verify", "--data", _copy, "--checkpoints", exportFile ?? fixture.ExportFile]);

    private static long Count(string log)
    {
        using var source = new SqliteEvidenceRecords(log);
        return source.ReadAll().LongCount();
    }

    [Fact]
    public async Task The_stopped_tsas_log_is_consistent_with_its_export_and_ends_with_an_exported_checkpoint()
    {
        string log = CopyLog();
        var lines = CheckpointExporter.Read(fixture.ExportFile);
        Assert.True(lines.Count >= 7, $"150 tokens at one checkpoint per 20 records give at least 7 checkpoints, got {lines.Count}");
        // At most 20 new records, plus the few committed while a checkpoint is being signed, between two checkpoints.
        var gaps = lines.Zip(lines.Skip(1), (a, b) => b.Sequence - a.Sequence).ToList();
        Assert.True(gaps.Max() <= 25, $"records between exported checkpoints: {string.Join(", ", gaps)}");
        Assert.Equal(Count(log), lines[^1].Sequence); // the final checkpoint at shutdown is the last record
        using (var document = JsonDocument.Parse(File.ReadLines(fixture.ExportFile).Last()))
        {
            Assert.True(document.RootElement.GetProperty("checkpoint").GetProperty("granted").GetBoolean());
        }

        var (exit, output) = await Audit();
        Assert.True(exit == 0, output);
        Assert.Contains($"consistent with {lines.Count} exported checkpoint(s)", output);
        Assert.Contains("0 record(s) after it are covered by no exported checkpoint", output);
    }

    [Theory]
    [InlineData("DELETE FROM evidence WHERE seq = (SELECT max(seq) FROM evidence)", "were removed")]
    [InlineData("DELETE FROM evidence WHERE seq > (SELECT max(seq) - 100 FROM evidence)", "were removed")]
    [InlineData("DELETE FROM evidence", "no record")]
    public async Task Truncation_is_named(string sql, string expected)
    {
        EvidenceSamples.Tamper(CopyLog(), sql);
        var (exit, output) = await Audit();
        Assert.Equal(1, exit);
        Assert.Contains("BROKEN", output);
        Assert.Contains(expected, output);
    }

    [Fact]
    public async Task A_changed_middle_record_rechained_with_the_in_log_checkpoints_removed_is_named()
    {
        string log = CopyLog();
        EvidenceSamples.Rechain(log, rows =>
        {
            rows.RemoveAll(r => r.Kind == "checkpoint");
            int token = rows.FindIndex(40, r => r.Kind == "token");
            rows[token] = rows[token] with { Payload = rows[token].Payload.Replace("\"endpoint\":\"/tsa\"", "\"endpoint\":\"/qtsa\"") };
        });

        // Without the export the rewritten chain fits: every hash recomputed, no checkpoint left to contradict it.
        var alone = EvidenceLogVerifier.Verify(log);
        Assert.True(alone.Intact, alone.Problem);

        var (exit, output) = await Audit();
        Assert.Equal(1, exit);
        Assert.Contains("chain hash differs", output);
    }

    [Fact]
    public async Task A_forged_append_of_a_record_the_tsa_never_writes_is_named()
    {
        long forged = EvidenceSamples.ForgeAppend(CopyLog(), "whatever", "not json at all");
        var (exit, output) = await Audit();
        Assert.Equal(1, exit);
        Assert.Contains($"BROKEN at record {forged}", output);
        Assert.Contains("kind 'whatever' is not one the TSA writes", output);
    }

    [Fact]
    public async Task A_well_formed_forged_append_after_the_last_exported_checkpoint_is_reported_as_uncovered()
    {
        EvidenceSamples.ForgeAppend(CopyLog(), "token", JsonSerializer.Serialize(EvidenceSamples.Token(0x7777)));
        var (exit, output) = await Audit();
        // Documented limit: a record after the last exported checkpoint is covered by no signature; audit says so.
        Assert.True(exit == 0, output);
        Assert.Contains("1 record(s) after it are covered by no exported checkpoint", output);
    }

    [Fact]
    public async Task A_line_removed_from_the_exported_copy_is_named()
    {
        CopyLog();
        var lines = File.ReadAllLines(fixture.ExportFile).ToList();
        lines.RemoveAt(2);
        string edited = Path.Combine(_copy, "edited.jsonl");
        File.WriteAllLines(edited, lines);
        var (exit, output) = await Audit(edited);
        Assert.Equal(1, exit);
        Assert.Contains("line 3 does not follow line 2", output);
    }

    [Fact]
    public async Task A_deleted_log_is_named_by_audit_and_a_truncated_log_is_refused_at_start()
    {
        var (missingExit, missingOutput) = await Audit();
        Assert.Equal(66, missingExit);
        Assert.Contains(CopiedLog, missingOutput);

        // The TSA itself refuses to extend a log that lost records its export holds.
        string data = Directory.CreateTempSubdirectory("tsa-export-restart-").FullName;
        try
        {
            foreach (string file in Directory.GetFiles(fixture.DataDirectory, "*", SearchOption.AllDirectories))
            {
                string target = Path.Combine(data, Path.GetRelativePath(fixture.DataDirectory, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            EvidenceSamples.Tamper(Path.Combine(data, SqliteEvidenceLog.FileName), "DELETE FROM evidence WHERE seq > (SELECT max(seq) - 3 FROM evidence)");
            var refused = await Assert.ThrowsAsync<StartupRefusedException>(() => EmbeddedTsa.StartAsync(data,
                new EmbeddedDefault.Options(), fixture.Configure, TestContext.Current.CancellationToken));
            Assert.Contains("does not hold what was exported", refused.Message);
            Assert.Contains("were removed", refused.Message);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_configured_export_file_that_does_not_exist_yet_covers_nothing_and_says_so()
    {
        CopyLog();
        File.WriteAllText(Path.Combine(_copy, EmbeddedDefault.ConfigurationFileName),
            """{ "Tsa": { "EvidenceLog": { "CheckpointExportFile": "not-yet.jsonl" } } }""");
        var (exit, output) = await ReferenceTsaCli.RunAsync(["audit", "verify", "--data", _copy]);
        Assert.True(exit == 0, output);
        Assert.Contains("holds no exported checkpoint yet", output);

        // Named explicitly, a missing export is an error naming the file.
        var (missingExit, missingOutput) = await Audit(Path.Combine(_copy, "not-yet.jsonl"));
        Assert.Equal(66, missingExit);
        Assert.Contains("not-yet.jsonl", missingOutput);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_copy, recursive: true);
    }
}
