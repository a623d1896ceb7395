using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ReferenceTsa.Tests.Support;

/// <summary>
/// A throw-away PostgreSQL 15 cluster for tests: initdb into a temporary folder owned by the `postgres` OS user
/// (PostgreSQL refuses to run as root), password (SCRAM) authentication, listening on a free loopback port only.
/// Stopped and removed on dispose. <see cref="Stop"/> and <see cref="Start"/> take the database away and give it back.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    /// <summary>PostgreSQL 15's server binaries, or the newest installed major version's.</summary>
    public static readonly string BinDirectory = FindBinDirectory();
    private const string OsUser = "postgres";

    private readonly string _directory;
    private readonly string _data;
    private readonly string _superuserPassword = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public PostgresCluster()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL server binaries are not installed ({BinDirectory}/initdb is missing): apt-get install postgresql "
                + "(scripts/install-test-dependencies.sh does this)");
        }

        EnsureOsUser();
        _directory = Directory.CreateTempSubdirectory("tsa-pg-").FullName;
        _data = Path.Combine(_directory, "data");
        string passwordFile = Path.Combine(_directory, "superuser-password");
        File.WriteAllText(passwordFile, _superuserPassword + "\n");
        Run("chown", "-R", $"{OsUser}:", _directory);
        Port = FreeTcpPort();
        AsPostgres(Path.Combine(BinDirectory, "initdb"), "-D", _data, "-U", OsUser, "--auth=scram-sha-256", $"--pwfile={passwordFile}",
            "-E", "UTF8", "--no-locale");
        File.Delete(passwordFile);
        Start();
    }

    public int Port { get; }

    /// <summary>The superuser's connection string for <paramref name="database"/>.</summary>
    public string SuperuserConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = OsUser,
        Password = _superuserPassword,
        Pooling = false,
    }.ConnectionString;

    public void Start() =>
        AsPostgres(Path.Combine(BinDirectory, "pg_ctl"), "-D", _data, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on", "start");

    public void Stop() => AsPostgres(Path.Combine(BinDirectory, "pg_ctl"), "-D", _data, "-m", "fast", "-w", "-t", "60", "stop");

    /// <summary>Runs SQL as the superuser.</summary>
    public void Execute(string sql, string database = "postgres")
    {
        using var connection = new NpgsqlConnection(SuperuserConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>A fresh database and a login role with <paramref name="password"/>; the role owns the database when asked.</summary>
    public void CreateDatabase(string database, string role, string password, bool roleOwnsDatabase)
    {
        Execute($"CREATE ROLE {role} LOGIN PASSWORD '{password}'");
        Execute(roleOwnsDatabase ? $"CREATE DATABASE {database} OWNER {role}" : $"CREATE DATABASE {database}");
        Execute($"GRANT CONNECT ON DATABASE {database} TO {role}");
    }

    private static string FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (File.Exists($"{root}/15/bin/initdb"))
        {
            return $"{root}/15/bin";
        }

        var installed = Directory.Exists(root)
            ? Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out int major) ? major : 0).FirstOrDefault()
            : null;
        return installed is null ? $"{root}/15/bin" : Path.Combine(installed, "bin");
    }

    private static void EnsureOsUser()
    {
        if (Run("id", "-u", OsUser).Exit != 0)
        {
            var (exit, output) = Run("useradd", "--system", "--home-dir", "/var/lib/postgresql", "--shell", "/bin/bash", OsUser);
            if (exit != 0)
            {
                throw new InvalidOperationException($"cannot create the OS user {OsUser}: {output}");
            }
        }
    }

    private void AsPostgres(params string[] command)
    {
        var (exit, output) = Run("runuser", ["-u", OsUser, "--", .. command]);
        if (exit != 0)
        {
            string log = Path.Combine(_directory, "server.log");
            throw new InvalidOperationException($"{Path.GetFileName(command[0])} failed ({exit}): {output}"
                + (File.Exists(log) ? Environment.NewLine + File.ReadAllText(log) : ""));
        }
    }

    private static (int Exit, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{program} did not finish within 120 s");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            Stop();
        }
        catch (InvalidOperationException)
        {
            // Already stopped (a test took the database away and failed before giving it back).
        }

        Directory.Delete(_directory, recursive: true);
    }
}
