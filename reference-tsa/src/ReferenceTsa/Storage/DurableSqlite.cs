using Microsoft.Data.Sqlite;

namespace ReferenceTsa.Storage;

/// <summary>
/// SQLite opened for state that must survive a crash (serial reservations, evidence records): write-ahead log with
/// synchronous=FULL, so a committed transaction is on disk before the caller goes on.
/// </summary>
public static class DurableSqlite
{
    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = false,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>
    /// Makes the database at <paramref name="path"/> (created empty if missing) and its WAL files readable and
    /// writable by this user alone, whatever the umask: they hold client imprints and serial state.
    /// </summary>
    public static void MakePrivate(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (!File.Exists(path))
        {
            using (new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = owner }))
            {
            }
        }

        foreach (string file in (string[])[path, path + "-wal", path + "-shm"])
        {
            if (File.Exists(file) && File.GetUnixFileMode(file) != owner)
            {
                File.SetUnixFileMode(file, owner);
            }
        }
    }

    public static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
