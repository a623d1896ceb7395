using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ReferenceTsa.Hsm.Tests.Support;
using ReferenceTsa.Signing.Pkcs11;

namespace ReferenceTsa.Hsm.Tests;

/// <summary>
/// Faults under load: the token directory removed and restored, C_Sign failures, sessions closed behind the pool,
/// and another key under the same labels. A fault gives systemFailure rejections, never a token; issuance resumes by
/// itself; every token issued verifies with the TSU certificate.
/// </summary>
public sealed class FaultTests : IDisposable
{
    private readonly SoftHsmToken _token = new();
    private readonly List<IDisposable> _disposables = [];

    private async Task<HsmTsa> StartAsync(int poolSize = 4)
    {
        byte[] spki = _token.Generate("tsu", "ecdsa-p256");
        var (ca, _) = SoftHsmToken.NewCa(_token.Root);
        var certificate = SoftHsmToken.IssueFor(ca, spki, "HSM TSU");
        _disposables.Add(ca);
        _disposables.Add(certificate);
        return await HsmTsa.StartAsync(_token, "tsu", "ecdsa", "SHA256", certificate, poolSize);
    }

    [Fact(Timeout = 90_000)]
    public async Task Removing_the_token_directory_under_load_gives_only_system_failures_and_restoring_it_resumes_issuance()
    {
        await using var tsa = await StartAsync();
        var load = new Load(tsa, clients: 8);
        Assert.True(await load.WaitForGrantAfterAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(10)), "no token before the fault");

        string away = _token.TokenDirectory + ".away";
        Directory.Move(_token.TokenDirectory, away);
        var removed = DateTimeOffset.UtcNow;
        await Task.Delay(2000, TestContext.Current.CancellationToken);
        var restoring = DateTimeOffset.UtcNow;
        Directory.Move(away, _token.TokenDirectory);
        bool resumed = await load.WaitForGrantAfterAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(20));
        await load.StopAsync();

        Assert.Empty(load.Errors);
        Assert.True(resumed, $"issuance did not resume after the token directory came back; last fault: {tsa.Key.Token.LastFault}; "
                             + $"token directory: {string.Join(", ", Directory.GetFileSystemEntries(_token.TokenDirectory, "*", SearchOption.AllDirectories))}");
        var duringOutage = load.Outcomes.Where(o => o.Started > removed && o.Started < restoring).ToList();
        Assert.True(duringOutage.Count > 10, $"only {duringOutage.Count} requests during the outage");
        Assert.All(duringOutage, o =>
        {
            Assert.False(o.Granted, $"a token was issued for a request started {(o.Started - removed).TotalMilliseconds} ms after the token directory was removed");
            Assert.Equal(2, o.Status);
            Assert.True(o.SystemFailure);
        });
        AssertEveryTokenVerifies(tsa, load);
        string[] events = [.. File.ReadAllLines(_token.EventsPath).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetString()!)];
        Assert.Contains("hsm.fault", events);
        Assert.Contains("hsm.recovered", events);
        Assert.True(Array.LastIndexOf(events, "hsm.recovered") > Array.IndexOf(events, "hsm.fault"));
    }

    [Fact(Timeout = 90_000)]
    public async Task Failing_c_sign_calls_under_load_each_cost_one_system_failure_and_the_pool_recovers()
    {
        await using var tsa = await StartAsync();
        var load = new Load(tsa, clients: 8);
        Assert.True(await load.WaitForGrantAfterAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(10)));

        tsa.Key.InjectSignFailures(25);
        var injected = DateTimeOffset.UtcNow;
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.True(await WaitAsync(() => load.Outcomes.Count(o => o.SystemFailure) >= 25, TimeSpan.FromSeconds(20)), "the injected failures did not surface");
        bool resumed = await load.WaitForGrantAfterAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(10));
        await load.StopAsync();

        Assert.Empty(load.Errors);
        Assert.True(resumed);
        Assert.True(load.Outcomes.Count(o => !o.Granted) == 25, FaultReasons());
        Assert.All(load.Outcomes.Where(o => !o.Granted), o => Assert.True(o.SystemFailure && o.Status == 2));
        Assert.True(load.Outcomes.Count(o => o.Granted && o.Started > injected) > 0);
        AssertEveryTokenVerifies(tsa, load);
    }

    [Fact(Timeout = 90_000)]
    public async Task Sessions_closed_behind_the_pool_give_at_most_a_pool_of_system_failures_then_tokens_again()
    {
        const int poolSize = 4;
        await using var tsa = await StartAsync(poolSize);
        var load = new Load(tsa, clients: 8);
        Assert.True(await load.WaitForGrantAfterAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(10)));

        tsa.Key.Token.CloseAllSessionsBehindThePool();
        var closed = DateTimeOffset.UtcNow;
        bool resumed = await load.WaitForGrantAfterAsync(closed.AddMilliseconds(200), TimeSpan.FromSeconds(10));
        await Task.Delay(300, TestContext.Current.CancellationToken);
        await load.StopAsync();

        Assert.Empty(load.Errors);
        Assert.True(resumed);
        int failures = load.Outcomes.Count(o => !o.Granted);
        Assert.True(failures >= 1 && failures <= poolSize, $"{failures} failures; " + FaultReasons());
        Assert.All(load.Outcomes.Where(o => !o.Granted), o => Assert.True(o.SystemFailure));
        AssertEveryTokenVerifies(tsa, load);
    }

    [Theory(Timeout = 90_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_token_swapped_in_under_the_same_label_never_signs_and_restoring_the_original_resumes_issuance(bool samePin)
    {
        await using var tsa = await StartAsync();
        // Another token under the same label, holding another key labelled "tsu"; with the same user PIN or another.
        using var impostor = new SoftHsmToken(_token.Label, samePin ? _token.Pin : null);
        impostor.Generate("tsu", "ecdsa-p256");
        var load = new Load(tsa, clients: 4);
        Assert.True(await load.WaitForGrantAfterAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(10)), "no token before the swap");

        string away = _token.TokenDirectory + ".away";
        string staged = _token.TokenDirectory + ".impostor";
        CopyDirectory(impostor.TokenDirectory, staged);
        Directory.Move(_token.TokenDirectory, away);
        Directory.Move(staged, _token.TokenDirectory);
        var swapped = DateTimeOffset.UtcNow;
        await Task.Delay(3000, TestContext.Current.CancellationToken);

        var restoring = DateTimeOffset.UtcNow;
        Directory.Move(_token.TokenDirectory, staged);
        Directory.Move(away, _token.TokenDirectory);
        var restored = DateTimeOffset.UtcNow;
        bool resumed = await load.WaitForGrantAfterAsync(restored, TimeSpan.FromSeconds(20));
        await load.StopAsync();

        Assert.Empty(load.Errors);
        // Requests sent and answered while the impostor was in place (one sent before the restore may be signed after it).
        var duringSwap = load.Outcomes.Where(o => o.Started > swapped && o.Finished < restoring).ToList();
        Assert.True(duringSwap.Count > 10, $"only {duringSwap.Count} requests while the impostor token was in place");
        Assert.All(duringSwap, o => Assert.True(!o.Granted && o.SystemFailure && o.Status == 2, $"granted={o.Granted} status={o.Status}"));
        Assert.True(resumed, $"issuance did not resume after the original token came back; last fault: {tsa.Key.Token.LastFault}\n{FaultReasons()}");
        // The other token was seen, and refused by its serial number before any login: the PIN never went to it. The
        // one login at start-up and the one after the restore are all.
        Assert.Contains($"has serial number {impostor.SerialNumber()}, not {_token.SerialNumber()} as at start-up", FaultReasons());
        Assert.Equal(2, tsa.Key.Token.Logins);
        // Every token issued, before, during and after the swap, verifies with the TSU certificate: none by the impostor.
        AssertEveryTokenVerifies(tsa, load);
        Assert.Null(tsa.Key.Token.LastFault);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_key_replaced_on_the_token_under_the_same_label_never_signs_and_reconnects_are_spaced()
    {
        await using var tsa = await StartAsync();
        var load = new Load(tsa, clients: 4);
        Assert.True(await load.WaitForGrantAfterAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(10)), "no token before the key was replaced");

        // The same token (same serial number, same PIN): the TSU key destroyed and another generated under its label.
        var deleted = DateTimeOffset.UtcNow;
        TokenTamper.ReplaceKey(_token, "tsu");
        var replaced = DateTimeOffset.UtcNow;
        await Task.Delay(3000, TestContext.Current.CancellationToken);
        var stopped = DateTimeOffset.UtcNow;
        await load.StopAsync();

        Assert.Empty(load.Errors);
        var afterDeletion = load.Outcomes.Where(o => o.Started > deleted).ToList();
        Assert.True(afterDeletion.Count(o => o.Started > replaced) > 10, $"only {afterDeletion.Count(o => o.Started > replaced)} requests after the replacement");
        // A request that began while the old key was being destroyed may still have been signed with it (it then
        // verifies with the TSU certificate, checked below); from the moment the other key is in place, none is granted.
        Assert.All(afterDeletion.Where(o => o.Started > replaced), o => Assert.True(!o.Granted && o.SystemFailure, $"granted={o.Granted} status={o.Status}"));
        // The key under the label was found and refused for its public key (the latest fault; the event log has the first).
        Assert.Contains("has another public key; refusing to sign with it", tsa.Key.Token.LastFault);
        AssertEveryTokenVerifies(tsa, load);
        // A key that is wrong on a token that answers does not make every request reconnect and log in again: at most
        // one reconnect per retry interval (plus the start-up login and the first, immediate reconnect); and the fault
        // is recorded once, not once per reconnect.
        double intervals = (stopped - deleted) / Pkcs11Token.RetryInterval;
        Assert.True(tsa.Key.Token.Logins <= 3 + intervals, $"{tsa.Key.Token.Logins} logins for {afterDeletion.Count} requests in {intervals:F1} retry intervals");
        string[] events = [.. File.ReadAllLines(_token.EventsPath).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetString()!)];
        Assert.Equal(1, events.Count(e => e == "hsm.fault"));
        Assert.DoesNotContain("hsm.recovered", events);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_pin_the_token_refuses_after_start_up_is_presented_once_and_never_again()
    {
        await using var tsa = await StartAsync();
        var load = new Load(tsa, clients: 4);
        Assert.True(await load.WaitForGrantAfterAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(10)), "no token before the PIN change");

        // The user PIN changes behind the TSA's back (pkcs11-tool, another process); the token then goes away and comes
        // back, so the TSA must log in again with the PIN it has, which is now wrong.
        var change = Tools.Run("pkcs11-tool", ["--module", Tools.SoftHsmModule, "--token-label", _token.Label, "--login", "--pin", _token.Pin,
            "--change-pin", "--new-pin", "new-" + _token.Pin], _token.Environment);
        Assert.True(change.ExitCode == 0, change.ToString());
        string away = _token.TokenDirectory + ".away";
        Directory.Move(_token.TokenDirectory, away);
        var removed = DateTimeOffset.UtcNow;
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        Directory.Move(away, _token.TokenDirectory);
        Assert.True(await WaitAsync(() => tsa.Key.Token.Logins == 2, TimeSpan.FromSeconds(10)), "the TSA did not try to log in again");
        var refused = DateTimeOffset.UtcNow;
        // Several retry intervals with clients asking all the time.
        await Task.Delay(3000, TestContext.Current.CancellationToken);
        await load.StopAsync();

        Assert.Empty(load.Errors);
        Assert.Equal(2, tsa.Key.Token.Logins);
        Assert.Contains("refused the user PIN with CKR_PIN_INCORRECT", tsa.Key.Token.LastFault);
        Assert.Contains("restart the TSA with the right PIN", tsa.Key.Token.LastFault);
        Assert.DoesNotContain(_token.Pin, tsa.Key.Token.LastFault);
        var afterRemoval = load.Outcomes.Where(o => o.Started > removed).ToList();
        Assert.True(afterRemoval.Count(o => o.Started > refused) > 10, $"only {afterRemoval.Count(o => o.Started > refused)} requests after the refusal");
        Assert.All(afterRemoval, o => Assert.True(!o.Granted && o.SystemFailure, $"granted={o.Granted} status={o.Status}"));
        AssertEveryTokenVerifies(tsa, load);
    }

    private string FaultReasons() => string.Join("\n", File.Exists(_token.EventsPath) ? File.ReadAllLines(_token.EventsPath) : []);

    /// <summary>Every token granted verifies with the certificate of the TSU asked (the first when null); serials are unique.</summary>
    internal static void AssertEveryTokenVerifies(HsmTsa tsa, Load load, string? tsu = null)
    {
        var serials = load.Outcomes.Where(o => o.Granted).Select(o => tsa.VerifyAndSerial(o.Token!, tsu)).ToList();
        Assert.NotEmpty(serials);
        Assert.Equal(serials.Count, serials.Distinct().Count());
    }

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    public void Dispose()
    {
        _disposables.ForEach(d => d.Dispose());
        _token.Dispose();
    }
}
