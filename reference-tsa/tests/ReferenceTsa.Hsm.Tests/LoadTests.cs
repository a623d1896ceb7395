using ReferenceTsa.Hsm.Tests.Support;

namespace ReferenceTsa.Hsm.Tests;

/// <summary>
/// 32 concurrent clients against a SoftHSM-backed TSU: zero errors, zero rejections, zero repeated serials, every
/// token verifies. 15 s by default; REFTSA_HSM_LOAD_SECONDS=60 runs the issue's 60 s acceptance load.
/// </summary>
public sealed class LoadTests : IDisposable
{
    private readonly SoftHsmToken _token = new();

    [Fact(Timeout = 300_000)]
    public async Task Thirty_two_clients_get_only_valid_tokens_with_unique_serials()
    {
        int seconds = int.TryParse(Environment.GetEnvironmentVariable("REFTSA_HSM_LOAD_SECONDS"), out int s) ? s : 15;
        byte[] spki = _token.Generate("tsu", "rsa-3072");
        var (ca, _) = SoftHsmToken.NewCa(_token.Root);
        using var __ = ca;
        using var certificate = SoftHsmToken.IssueFor(ca, spki, "HSM TSU");
        await using var tsa = await HsmTsa.StartAsync(_token, "tsu", "rsa-pkcs1", "SHA256", certificate, poolSize: Math.Max(2, Environment.ProcessorCount));

        var load = new Load(tsa, clients: 32);
        await Task.Delay(TimeSpan.FromSeconds(seconds), TestContext.Current.CancellationToken);
        await load.StopAsync();

        Assert.Empty(load.Errors);
        var outcomes = load.Outcomes.ToList();
        Assert.True(outcomes.Count > 32 * seconds / 2, $"only {outcomes.Count} responses in {seconds} s");
        Assert.All(outcomes, o => Assert.True(o.Granted, $"status {o.Status}"));
        var serials = outcomes.Select(o => tsa.VerifyAndSerial(o.Token!)).ToList();
        Assert.Equal(serials.Count, serials.Distinct().Count());
        TestContext.Current.SendDiagnosticMessage($"{outcomes.Count} tokens in {seconds} s from 32 clients ({outcomes.Count / (double)seconds:F0}/s), 0 errors, 0 repeated serials");
        Console.WriteLine($"HSM load: {outcomes.Count} tokens in {seconds} s from 32 clients ({outcomes.Count / (double)seconds:F0}/s), 0 errors, 0 repeated serials");
    }

    public void Dispose() => _token.Dispose();
}
