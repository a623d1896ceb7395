using Npgsql;
using ReferenceTsa.Storage;

namespace ReferenceTsa.Serials;

/// <summary>
/// The PostgreSQL tables behind serial numbers shared by several TSA nodes: one row with the instance prefix, and
/// one row per reserved counter block naming the node that reserved it. Triggers keep both append-only and refuse
/// a block that does not start after every earlier one, so even a faulty writer cannot make two blocks overlap.
/// Created on first start when missing, under <see cref="PostgresSerialBlockAllocator.ReservationLockKey"/>; a DBA
/// may create them instead and grant the TSA's role only SELECT and INSERT.
/// </summary>
public static class PostgresSerialSchema
{
    public const string Ddl = """
        CREATE TABLE serial_instance (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            prefix_hex TEXT NOT NULL CHECK (prefix_hex ~ '^[4-7][0-9A-F]{15}$'),
            created_utc TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp());

        CREATE TABLE serial_block (
            first_counter BIGINT PRIMARY KEY CHECK (first_counter > 0),
            last_counter BIGINT NOT NULL,
            node TEXT NOT NULL,
            process_id INTEGER NOT NULL,
            reserved_utc TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
            CHECK (last_counter >= first_counter));

        CREATE OR REPLACE FUNCTION serial_state_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'serial state is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
        END $$;

        CREATE OR REPLACE FUNCTION serial_block_after_last() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            last_reserved BIGINT;
        BEGIN
            SELECT last_counter INTO last_reserved FROM serial_block ORDER BY first_counter DESC LIMIT 1;
            IF NEW.first_counter <= coalesce(last_reserved, 0) THEN
                RAISE EXCEPTION 'serial block % to % overlaps counters reserved up to %', NEW.first_counter, NEW.last_counter, last_reserved
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END $$;

        CREATE TRIGGER serial_instance_no_update_or_delete BEFORE UPDATE OR DELETE ON serial_instance
            FOR EACH ROW EXECUTE FUNCTION serial_state_append_only();
        CREATE TRIGGER serial_instance_no_truncate BEFORE TRUNCATE ON serial_instance
            FOR EACH STATEMENT EXECUTE FUNCTION serial_state_append_only();
        CREATE TRIGGER serial_block_no_update_or_delete BEFORE UPDATE OR DELETE ON serial_block
            FOR EACH ROW EXECUTE FUNCTION serial_state_append_only();
        CREATE TRIGGER serial_block_no_truncate BEFORE TRUNCATE ON serial_block
            FOR EACH STATEMENT EXECUTE FUNCTION serial_state_append_only();
        CREATE TRIGGER serial_block_after_last BEFORE INSERT ON serial_block
            FOR EACH ROW EXECUTE FUNCTION serial_block_after_last();
        """;

    /// <summary>
    /// Creates the tables and triggers unless they exist, draws the instance prefix on first use, checks the role
    /// may read and append, and returns the prefix (hex).
    /// </summary>
    public static string Ensure(NpgsqlDataSource dataSource)
    {
        using var connection = dataSource.OpenConnection();
        using var transaction = PostgresTables.EnsureUnderLock(connection, PostgresSerialBlockAllocator.ReservationLockKey, ["serial_block", "serial_instance"], Ddl,
            "SELECT has_table_privilege('serial_block', 'SELECT') AND has_table_privilege('serial_block', 'INSERT') AND has_table_privilege('serial_instance', 'SELECT')",
            role => new SerialNumbersUnavailableException(
                $"the role {role} may not SELECT and INSERT on serial_block and SELECT on serial_instance; grant them"));

        string? prefix;
        using (var read = new NpgsqlCommand("SELECT prefix_hex FROM serial_instance WHERE id = 1", connection, transaction))
        {
            prefix = read.ExecuteScalar() as string;
        }

        if (prefix is null)
        {
            prefix = SerialNumberLayout.NewPrefixHex();
            using var write = new NpgsqlCommand("INSERT INTO serial_instance (id, prefix_hex) VALUES (1, $1)", connection, transaction);
            write.Parameters.Add(new() { Value = prefix });
            write.ExecuteNonQuery();
        }

        transaction.Commit();
        return prefix;
    }
}
