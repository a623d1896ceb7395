using System.Text.Json;
using ReferenceTsa.Hsm.Tests.Support;

namespace ReferenceTsa.Hsm.Tests;

/// <summary>
/// Two TSU keys on one SoftHSM token, each behind its own endpoint: one connection and one C_Login for the token,
/// shared by both keys' session pools; each key signs only its own TSU's tokens; after the token is removed and
/// restored, both keys resume on one new login.
/// </summary>
public sealed class TokenSharingTests : IDisposable
{
    private readonly SoftHsmToken _token = new();
    private readonly List<IDisposable> _disposables = [];

    private async Task<HsmTsa> StartTwoTsusAsync()
    {
        byte[] ecdsa = _token.Generate("tsu-a", "ecdsa-p256");
        byte[] rsa = _token.Generate("tsu-b", "rsa-3072");
        var (ca, _) = SoftHsmToken.NewCa(_token.Root);
        _disposables.Add(ca);
        var a = SoftHsmToken.IssueFor(ca, ecdsa, "HSM TSU A");
        var b = SoftHsmToken.IssueFor(ca, rsa, "HSM TSU B");
        _disposables.Add(a);
        _disposables.Add(b);
        return await HsmTsa.StartAsync(_token,
        [
            new TsuOnToken("tsu-a", "tsu-a", "ecdsa", "SHA256", a, PoolSize: 3),
            new TsuOnToken("tsu-b", "tsu-b", "rsa-pkcs1", "SHA256", b, PoolSize: 2),
        ]);
    }

    [Fact(Timeout = 90_000)]
    public async Task Two_keys_on_one_token_sign_their_own_tokens_on_one_login()
    {
        await using var tsa = await StartTwoTsusAsync();
        var a = tsa.KeyOf("tsu-a");
        var b = tsa.KeyOf("tsu-b");

        var loadA = new Load(tsa, clients: 4, "tsu-a");
        var loadB = new Load(tsa, clients: 4, "tsu-b");
        Assert.True(await loadA.WaitForGrantAfterAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(10)), "no token from TSU A");
        Assert.True(await loadB.WaitForGrantAfterAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(10)), "no token from TSU B");
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        await loadA.StopAsync();
        await loadB.StopAsync();

        Assert.Empty(loadA.Errors);
        Assert.Empty(loadB.Errors);
        Assert.All(loadA.Outcomes.Concat(loadB.Outcomes), o => Assert.True(o.Granted, $"status {o.Status}"));
        // Each TSU's tokens verify with its own certificate (VerifyAndSerial also checks the signer is that certificate).
        FaultTests.AssertEveryTokenVerifies(tsa, loadA, "tsu-a");
        FaultTests.AssertEveryTokenVerifies(tsa, loadB, "tsu-b");
        Assert.All(loadB.Outcomes.Take(5), o => Assert.ThrowsAny<Exception>(() => tsa.VerifyAndSerial(o.Token!, "tsu-a")));

        Assert.Same(a.Token, b.Token);
        Assert.Equal(1, a.Token.Logins);
        Assert.Equal(a.PoolSize + b.PoolSize, a.Token.PoolSize);
        Assert.InRange(a.Token.OpenSessions, 1, a.Token.PoolSize);
        Assert.Equal(_token.SerialNumber(), a.Token.SerialNumber);
    }

    [Fact(Timeout = 90_000)]
    public async Task Removing_and_restoring_the_token_resumes_both_keys_on_one_new_login()
    {
        await using var tsa = await StartTwoTsusAsync();
        var loadA = new Load(tsa, clients: 4, "tsu-a");
        var loadB = new Load(tsa, clients: 4, "tsu-b");
        Assert.True(await loadA.WaitForGrantAfterAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(10)), "no token from TSU A before the fault");
        Assert.True(await loadB.WaitForGrantAfterAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(10)), "no token from TSU B before the fault");

        string away = _token.TokenDirectory + ".away";
        Directory.Move(_token.TokenDirectory, away);
        var removed = DateTimeOffset.UtcNow;
        await Task.Delay(2000, TestContext.Current.CancellationToken);
        var restoring = DateTimeOffset.UtcNow;
        Directory.Move(away, _token.TokenDirectory);
        var restored = DateTimeOffset.UtcNow;
        bool resumedA = await loadA.WaitForGrantAfterAsync(restored, TimeSpan.FromSeconds(20));
        bool resumedB = await loadB.WaitForGrantAfterAsync(restored, TimeSpan.FromSeconds(20));
        await loadA.StopAsync();
        await loadB.StopAsync();

        Assert.Empty(loadA.Errors);
        Assert.Empty(loadB.Errors);
        Assert.True(resumedA && resumedB, $"resumed: A {resumedA}, B {resumedB}; last fault: {tsa.Key.Token.LastFault}");
        foreach (var load in new[] { loadA, loadB })
        {
            var duringOutage = load.Outcomes.Where(o => o.Started > removed && o.Finished < restoring).ToList();
            Assert.True(duringOutage.Count > 5, $"only {duringOutage.Count} requests answered during the outage");
            Assert.All(duringOutage, o => Assert.True(!o.Granted && o.Status == 2 && o.SystemFailure, $"granted={o.Granted} status={o.Status}"));
        }

        FaultTests.AssertEveryTokenVerifies(tsa, loadA, "tsu-a");
        FaultTests.AssertEveryTokenVerifies(tsa, loadB, "tsu-b");
        // One login at start-up and one after the restore, for both keys together.
        Assert.Same(tsa.KeyOf("tsu-a").Token, tsa.KeyOf("tsu-b").Token);
        Assert.Equal(2, tsa.Key.Token.Logins);
        Assert.Null(tsa.Key.Token.LastFault);

        // Both keys recorded the fault and the recovery in the TSA's event log.
        var events = File.ReadAllLines(_token.EventsPath).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (Event: e.GetProperty("event").GetString(), Key: e.GetProperty("key").GetProperty("Label").GetString())).ToList();
        foreach (string key in new[] { "tsu-a", "tsu-b" })
        {
            Assert.Contains(("hsm.fault", key), events);
            Assert.Contains(("hsm.recovered", key), events);
        }
    }

    public void Dispose()
    {
        _disposables.ForEach(d => d.Dispose());
        _token.Dispose();
    }
}
