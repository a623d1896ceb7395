using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Targets.Reference.Deployment;
using ReferenceTsa.Tests.Support;

namespace Conformance.Suite.Tests.MultiNode;

/// <summary>
/// Several reference-TSA nodes on one PostgreSQL behind nginx, under faults: three served nodes (separate processes,
/// one data directory each, one shared database for the evidence chain and the serial blocks) behind Debian's nginx,
/// several clients sending requests throughout. One node is SIGKILLed and started again, then PostgreSQL is
/// restarted. Afterwards: no serial was issued twice, every token a client received is in the chain, `audit verify`
/// passes, and the conformance suite's `run` (a separate tsa-conformance process) passes against the nginx URL.
/// </summary>
public sealed class MultiNodeFaultTests(ITestOutputHelper output) : IDisposable
{
    private const string Database = "tsa";
    private const string Role = "tsa_writer";
    private const string PasswordVariable = "TSA_DB_PASSWORD";
    private const int Clients = 6;

    private readonly string _directory = Directory.CreateTempSubdirectory("tsa-multinode-").FullName;
    private readonly string _password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [Fact]
    public async Task Three_nodes_behind_nginx_survive_a_killed_node_and_a_database_restart_without_a_repeated_or_lost_serial()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var database = new PostgresCluster();
        database.CreateDatabase(Database, Role, _password, roleOwnsDatabase: true);

        string tsa = Path.Combine(_directory, "tsa");
        var (initExit, initOutput) = await ReferenceTsaCli(["dev", "init", "--data", tsa, "--software-keys", "--key-type", "ecdsa-p256"], cancel);
        Assert.True(initExit == 0, initOutput);
        var environment = new Dictionary<string, string> { [PasswordVariable] = _password };
        var nodes = Enumerable.Range(1, 3)
            .Select(i => new TsaNodeProcess($"node-{i}", WriteNodeConfiguration(tsa, $"node-{i}", database.Port), environment)).ToList();
        try
        {
            await Task.WhenAll(nodes.Select(n => n.StartAsync(cancel)));
            output.WriteLine($"{_clock.Elapsed}: PostgreSQL on port {database.Port} and three nodes ready");
            AssertStartRecords(database, 3);
            var (tlsCertificate, tlsKey) = LoopbackTlsCertificate(tsa);
            using var nginx = await NginxBalancer.StartAsync([.. nodes.Select(n => n.BaseAddress)], tlsCertificate, tlsKey, cancel);
            var load = new ClusterLoad([new Uri(nginx.HttpBase, "tsa"), new Uri(nginx.HttpBase, "qtsa")], _clock);
            using var stopLoad = new CancellationTokenSource();
            var running = load.RunAsync(Clients, stopLoad.Token);
            TimeSpan databaseDown, databaseUp;
            try
            {
                await UntilAsync(() => load.Granted >= 300, TimeSpan.FromSeconds(60), "300 tokens through nginx", load);

                // A node crashes under load; the balancer sends its share to the other two; it comes back on its data.
                int killedExit = await nodes[1].KillAsync();
                output.WriteLine($"{_clock.Elapsed}: node-2 SIGKILLed (exit {killedExit})");
                int atKill = load.Granted;
                await UntilAsync(() => load.Granted >= atKill + 100, TimeSpan.FromSeconds(60), "100 tokens from the other two nodes while node-2 is down", load);
                await nodes[1].StartAsync(cancel);
                AssertStartRecords(database, 4);
                int beforeRestart = load.Granted;
                await UntilAsync(() => load.Granted >= beforeRestart + 300, TimeSpan.FromSeconds(60), "300 tokens after node-2 restarted", load);

                // The database restarts under load: nothing is granted while it is away, and every node issues again.
                database.Stop();
                databaseDown = _clock.Elapsed;
                await Task.Delay(TimeSpan.FromSeconds(3), cancel);
                databaseUp = _clock.Elapsed;
                database.Start();
                output.WriteLine($"{_clock.Elapsed}: PostgreSQL stopped at {databaseDown} and started again at {databaseUp}");
                int afterDatabase = load.Granted;
                await UntilAsync(() => load.Granted >= afterDatabase + 300, TimeSpan.FromSeconds(60), "300 tokens after the database restart", load);
            }
            finally
            {
                await stopLoad.CancelAsync();
                await running;
            }

            output.WriteLine($"{_clock.Elapsed}: load stopped: {load.Granted} granted, {load.Rejections} refused (systemFailure), {load.TransportErrors} transport errors");
            Assert.True(load.Violations.IsEmpty, string.Join("\n", load.Violations.Take(10)));
            var grantedWhileDown = load.Tokens.Where(t => t.Sent > databaseDown && t.Sent < databaseUp).ToList();
            Assert.True(grantedWhileDown.Count == 0,
                $"{grantedWhileDown.Count} token(s) granted for requests sent while PostgreSQL was stopped, e.g. serial {grantedWhileDown.FirstOrDefault()?.Serial:X}");
            Assert.Contains(load.Refusals, r => r.Sent > databaseDown && r.Sent < databaseUp);
            foreach (var node in nodes)
            {
                await AssertIssuesDirectlyAsync(node, cancel);
            }

            // The suite, as a separate process, against the balancer's HTTPS URL (TLS terminated by nginx).
            string target = WriteTarget(tsa, nginx.HttpsBase);
            string report = Path.Combine(_directory, "report");
            var (suiteExit, suiteOutput) = await Tool("tsa-conformance.dll", ["run", "--target", target, "--profile", "eu-qualified", "--out", report, "--no-history"],
                new Dictionary<string, string> { ["CI"] = "true" }, TimeSpan.FromMinutes(3), cancel);
            output.WriteLine($"{_clock.Elapsed}: tsa-conformance run exit {suiteExit}");
            Assert.True(suiteExit == 0, $"tsa-conformance run --profile eu-qualified through nginx: exit {suiteExit}\n{Tail(suiteOutput)}\nnginx:\n{Tail(nginx.ErrorLog)}");
            using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "report.json"))))
            {
                Assert.Equal("conformant", json.RootElement.GetProperty("verdict").GetString());
            }

            foreach (var node in nodes)
            {
                Assert.Equal(0, await node.TerminateAsync());
            }

            AssertEvidence(database, load);
            var (auditExit, auditOutput) = await ReferenceTsaCli(["audit", "verify", "--config", Path.Combine(tsa, "node-1.json")], cancel, environment);
            output.WriteLine(auditOutput.Trim());
            Assert.True(auditExit == 0, auditOutput);
            Assert.Contains("intact", auditOutput);
        }
        catch
        {
            foreach (var node in nodes)
            {
                // The start of each life and every error other than the expected refusals while the database was down.
                var lines = node.Output.Split('\n');
                output.WriteLine($"--- {node.Name} ---\n{string.Join('\n', lines.Take(25))}\n…\n"
                    + string.Join('\n', lines.Skip(25).Where(l => (l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal) || l.Contains("Evidence log in", StringComparison.Ordinal))
                        && !l.Contains("No serial number on", StringComparison.Ordinal) && !l.Contains("withheld", StringComparison.Ordinal)).Take(40)));
            }

            throw;
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }

    /// <summary>
    /// Serials unique across nodes, and every token a client received is a token record of the shared chain with the
    /// same serial; the killed node left no gap and no repeat; all three nodes and the restart are on record.
    /// </summary>
    private void AssertEvidence(PostgresCluster database, ClusterLoad load)
    {
        var recorded = new Dictionary<string, string>(StringComparer.Ordinal); // token SHA-256 -> serial (hex)
        var serials = new HashSet<string>(StringComparer.Ordinal);
        var starts = new List<string>();
        var lifecycle = new List<string>();
        foreach (ReferenceEvidenceRecord record in ReferenceEvidenceLog.ReadPostgres(database.SuperuserConnectionString(Database)))
        {
            using var payload = JsonDocument.Parse(record.Payload);
            switch (record.Kind)
            {
                case "token":
                    string serial = payload.RootElement.GetProperty("serial").GetString()!;
                    Assert.True(serials.Add(serial), $"serial {serial} is recorded twice in the evidence log");
                    recorded[payload.RootElement.GetProperty("tokenSha256").GetString()!] = serial;
                    break;
                case "start":
                    starts.Add(payload.RootElement.GetProperty("node").GetString()!);
                    lifecycle.Add($"{record.Sequence} start {payload.RootElement.GetProperty("node").GetString()} pid {payload.RootElement.GetProperty("processId")}");
                    break;
                case "stop":
                    lifecycle.Add($"{record.Sequence} stop {payload.RootElement.GetProperty("node").GetString()} pid {payload.RootElement.GetProperty("processId")}");
                    break;
            }
        }

        var repeated = load.Tokens.GroupBy(t => t.Serial).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(repeated.Count == 0, $"{repeated.Count} serial(s) received more than once, e.g. {repeated.FirstOrDefault():X}");
        var missing = load.Tokens.Where(t => !recorded.TryGetValue(t.TokenSha256, out string? serial) || BigInteger.Parse("0" + serial, System.Globalization.NumberStyles.HexNumber) != t.Serial).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {load.Granted} received token(s) are not in the evidence chain with their serial, e.g. {missing.FirstOrDefault()?.Serial:X}");
        string[] startedNodes = [.. starts.Order(StringComparer.Ordinal)];
        Assert.True(startedNodes.SequenceEqual(["node-1", "node-2", "node-2", "node-3"]),
            $"start records: {string.Join(", ", starts)} (expected node-1, node-3 and node-2 twice: it was killed and started again); "
            + $"start and stop records: {string.Join("; ", lifecycle)}");
        output.WriteLine($"{load.Granted} received tokens, all in the chain of {recorded.Count} token records; {serials.Count} distinct serials");
    }

    /// <summary>
    /// A node answers /readyz 200 only once its start record is durable: right after the nodes are ready the chain
    /// holds exactly <paramref name="expected"/> start records (so the database restart cannot fall between the two).
    /// </summary>
    private void AssertStartRecords(PostgresCluster database, int expected)
    {
        int count = ReferenceEvidenceLog.ReadPostgres(database.SuperuserConnectionString(Database)).Count(r => r.Kind == "start");
        Assert.True(count == expected, $"{count} start records in the chain when the nodes answered /readyz 200, expected {expected}");
        output.WriteLine($"{_clock.Elapsed}: {count} start records");
    }

    /// <summary>Each node, asked directly (not through nginx), grants again after the faults.</summary>
    private static async Task AssertIssuesDirectlyAsync(TsaNodeProcess node, CancellationToken cancel)
    {
        var load = new ClusterLoad([new Uri(node.BaseAddress, "tsa")], Stopwatch.StartNew());
        using var enough = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(enough.Token, cancel);
        var running = load.RunAsync(1, stop.Token);
        while (load.Granted == 0 && !stop.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
        }

        await stop.CancelAsync();
        await running;
        Assert.True(load.Granted > 0, $"{node.Name} granted nothing within 20 s after the faults ({load.Rejections} refusals, {load.TransportErrors} errors): "
            + string.Join("; ", load.Violations.Take(3)) + "\n" + Tail(node.Output));
    }

    private async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, ClusterLoad load)
    {
        var deadline = _clock.Elapsed + timeout;
        while (!condition())
        {
            Assert.True(load.Violations.IsEmpty, string.Join("\n", load.Violations.Take(10)));
            Assert.True(_clock.Elapsed < deadline,
                $"no {what} within {timeout.TotalSeconds:0} s: {load.Granted} granted, {load.Rejections} refused, {load.TransportErrors} transport errors");
            await Task.Delay(20, CancellationToken.None);
        }

        output.WriteLine($"{_clock.Elapsed}: {what} ({load.Granted} granted so far)");
    }

    /// <summary>The dev init configuration with this node's name and data folder and the shared PostgreSQL database.</summary>
    private static string WriteNodeConfiguration(string tsa, string node, int port)
    {
        var configuration = JsonNode.Parse(File.ReadAllText(Path.Combine(tsa, ReferenceDeployment.ConfigurationFileName)))!;
        var section = configuration["Tsa"]!;
        section["DataDirectory"] = node;
        section["NodeName"] = node;
        section["SerialBlockSize"] = 64;
        section["EvidenceLog"] = new JsonObject
        {
            ["Provider"] = "postgresql",
            ["ConnectionString"] = $"Host=127.0.0.1;Port={port};Database={Database};Username={Role}",
            ["PasswordEnvironmentVariable"] = PasswordVariable,
            ["CheckpointInterval"] = "5s",
        };
        string path = Path.Combine(tsa, node + ".json");
        File.WriteAllText(path, configuration.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>dev init's TLS server certificate for the loopback host (issued by the dev root CA), PEM certificate and key, for nginx.</summary>
    private static (string Certificate, string Key) LoopbackTlsCertificate(string tsa) =>
        (File.ReadAllText(Path.Combine(tsa, ReferenceDeployment.TlsCertificateFileName)), File.ReadAllText(Path.Combine(tsa, ReferenceDeployment.TlsKeyFileName)));

    /// <summary>The target file an auditor would write for this deployment: nginx's HTTPS URLs, the dev root, the disclosure extract.</summary>
    private string WriteTarget(string tsa, Uri https)
    {
        // dev init's own configuration: the same endpoints and TSUs as the nodes' (which differ only in storage). The
        // trusted list grants the qualified TSU for TSP-QTS-006.
        ReferenceAuditorFiles files = ReferenceDeployment.WriteAuditorFiles(tsa, _directory);
        string root = Path.Combine(tsa, ReferenceDeployment.RootCaFileName);
        string path = Path.Combine(_directory, "target.yaml");
        File.WriteAllText(path, $"""
            name: three reference-TSA nodes behind nginx
            url: {new Uri(https, "tsa")}
            qualified-url: {new Uri(https, "qtsa")}
            policy-oids: [{string.Join(", ", files.PolicyOids)}]
            accuracy: 1s
            hashes: [SHA-256, SHA-384, SHA-512]
            trust-anchors: [{root}]
            tls:
              ca-file: {root}
            clock:
              uncertainty: 1ms
            disclosure: {files.Disclosure}
            revocation: {"{"} crls: [{Path.Combine(tsa, ReferenceDeployment.RootCaCrlFileName)}] {"}"}
            trusted-lists: [{files.TrustedList}]
            lotl: {files.ListOfLists}
            lotl-signers: [{files.ListOfListsSigner}]

            """);
        return path;
    }

    private static Task<(int Exit, string Output)> ReferenceTsaCli(string[] arguments, CancellationToken cancel, IReadOnlyDictionary<string, string>? environment = null) =>
        Tool("ReferenceTsa.dll", arguments, environment, TimeSpan.FromMinutes(2), cancel);

    private static async Task<(int Exit, string Output)> Tool(string dll, string[] arguments, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, CancellationToken cancel)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
        var stderr = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{dll} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : "…" + text[^6000..];

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
