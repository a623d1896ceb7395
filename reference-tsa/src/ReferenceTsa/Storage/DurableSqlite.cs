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
