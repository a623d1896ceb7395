using Npgsql;

namespace ReferenceTsa.Storage;

/// <summary>
/// Creating a TSA's PostgreSQL tables on first start: under a transaction-scoped advisory lock, so nodes starting
/// together do not race, the DDL runs only when one of the tables is missing; then the role's rights are checked.
/// </summary>
public static class PostgresTables
{
    /// <summary>
    /// Opens a transaction holding <paramref name="lockKey"/>, creates the tables with <paramref name="ddl"/> unless all
    /// of <paramref name="tables"/> exist, and returns the transaction (the caller commits) once
    /// <paramref name="rightsQuery"/> (one boolean) is true; otherwise throws <paramref name="refused"/>'s exception.
    /// </summary>
    public static NpgsqlTransaction EnsureUnderLock(NpgsqlConnection connection, long lockKey, IReadOnlyList<string> tables, string ddl,
        string rightsQuery, Func<string, Exception> refused)
    {
        var transaction = connection.BeginTransaction();
        try
        {
            using (var locked = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
            {
                locked.Parameters.Add(new() { Value = lockKey });
                locked.ExecuteNonQuery();
            }

            string allExist = string.Join(" AND ", tables.Select(t => $"to_regclass('{t}') IS NOT NULL"));
            using (var exists = new NpgsqlCommand($"SELECT {allExist}", connection, transaction))
            {
                if (exists.ExecuteScalar() is not true)
                {
                    using var create = new NpgsqlCommand(ddl, connection, transaction);
                    create.ExecuteNonQuery();
                }
            }

            using (var rights = new NpgsqlCommand(rightsQuery, connection, transaction))
            {
                if (rights.ExecuteScalar() is not true)
                {
                    throw refused(connection.UserName ?? "(unknown)");
                }
            }

            return transaction;
        }
        catch
        {
            transaction.Dispose();
            throw;
        }
    }
}
