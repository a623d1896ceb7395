using Npgsql;

namespace ReferenceTsa.EvidenceLog;

/// <summary>
/// The PostgreSQL table of the evidence log and the triggers that keep it append-only. Created on first start when
/// missing (under the chain lock, so two nodes starting together do not race); a DBA may create it instead and
/// grant the TSA's role only SELECT and INSERT.
/// </summary>
public static class PostgresEvidenceSchema
{
    public const string HeadQuery = "SELECT seq, hash FROM evidence ORDER BY seq DESC LIMIT 1";

    public const string Ddl = """
        CREATE TABLE evidence (
            seq BIGINT PRIMARY KEY CHECK (seq > 0),
            recorded_utc TEXT NOT NULL,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            prev_hash BYTEA NOT NULL CHECK (length(prev_hash) = 32),
            hash BYTEA NOT NULL CHECK (length(hash) = 32));

        CREATE OR REPLACE FUNCTION evidence_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the evidence log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END $$;

        CREATE OR REPLACE FUNCTION evidence_continues_chain() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            head_seq BIGINT;
            head_hash BYTEA;
        BEGIN
            SELECT seq, hash INTO head_seq, head_hash FROM evidence ORDER BY seq DESC LIMIT 1;
            IF NEW.seq <> coalesce(head_seq, 0) + 1 OR NEW.prev_hash <> coalesce(head_hash, decode(repeat('00', 32), 'hex')) THEN
                RAISE EXCEPTION 'record % does not continue the evidence chain (the head is record %)', NEW.seq, coalesce(head_seq, 0)
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END $$;

        CREATE TRIGGER evidence_no_update_or_delete BEFORE UPDATE OR DELETE ON evidence
            FOR EACH ROW EXECUTE FUNCTION evidence_append_only();
        CREATE TRIGGER evidence_no_truncate BEFORE TRUNCATE ON evidence
            FOR EACH STATEMENT EXECUTE FUNCTION evidence_append_only();
        CREATE TRIGGER evidence_continues_chain BEFORE INSERT ON evidence
            FOR EACH ROW EXECUTE FUNCTION evidence_continues_chain();
        """;

    /// <summary>Creates the table and triggers unless the table exists; checks the role may read and append.</summary>
    public static void Ensure(NpgsqlDataSource dataSource)
    {
        using var connection = dataSource.OpenConnection();
        using var transaction = Storage.PostgresTables.EnsureUnderLock(connection, PostgresEvidenceLog.ChainLockKey, ["evidence"], Ddl,
            "SELECT has_table_privilege('evidence', 'SELECT') AND has_table_privilege('evidence', 'INSERT')",
            role => new EvidenceLogUnavailableException($"the role {role} may not SELECT and INSERT on the evidence table; grant both"));

        transaction.Commit();
    }
}
