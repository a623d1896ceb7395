using Conformance.Checks.Time;
using Conformance.Runner.Tests.Time;

namespace Conformance.Checks.Tests.Time;

public sealed class SntpClientTests
{
    [Fact]
    public async Task Measures_the_local_clock_against_a_synchronised_chronyd_and_derives_epsilon()
    {
        using var chronyd = new ChronydServer(localStratum: 8);

        NtpMeasurement m = await SntpClient.MeasureAsync(chronyd.Address, samples: 6, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(8, m.Stratum);
        Assert.Equal(0, m.LeapIndicator);
        Assert.Equal(4, m.Version);
        Assert.True(m.Delay >= TimeSpan.Zero);
        // chronyd -x serves this very clock: the offset is what the loopback round trip leaves, far below a second.
        Assert.InRange(m.Offset.Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        Assert.Equal(m.Offset.Duration() + (m.Delay / 2) + m.RootDispersion + (m.RootDelay / 2), m.Uncertainty);
        Assert.True(m.Uncertainty > TimeSpan.Zero);

        ClockReference reference = await ClockReference.EstablishAsync(new ClockReferenceSettings { NtpServer = chronyd.Address }, TestContext.Current.CancellationToken);
        Assert.Equal($"ntp 127.0.0.1:{chronyd.Port}", reference.Reference);
        Assert.NotNull(reference.Uncertainty);
        Assert.Equal(8, reference.Measurement!.Stratum);
    }

    [Fact]
    public async Task A_declared_uncertainty_adds_to_the_measured_one()
    {
        using var chronyd = new ChronydServer(localStratum: 8);

        ClockReference reference = await ClockReference.EstablishAsync(
            new ClockReferenceSettings { NtpServer = chronyd.Address, DeclaredUncertainty = TimeSpan.FromMilliseconds(20) }, TestContext.Current.CancellationToken);

        Assert.Equal(reference.Measurement!.Uncertainty + TimeSpan.FromMilliseconds(20), reference.Uncertainty);
    }

    [Fact]
    public async Task Refuses_a_server_that_is_not_synchronised()
    {
        using var chronyd = new ChronydServer(localStratum: null);

        var e = await Assert.ThrowsAsync<ClockReferenceException>(() =>
            SntpClient.MeasureAsync(chronyd.Address, cancellationToken: TestContext.Current.CancellationToken));

        Assert.True(e.ServerUnsynchronised);
        Assert.Contains($"NTP server 127.0.0.1:{chronyd.Port} is not synchronised", e.Message);
    }

    [Fact]
    public async Task A_silent_port_is_reported_with_the_server_and_the_timeout()
    {
        using var chronyd = new ChronydServer(localStratum: 8);
        var silent = new NtpServerAddress("127.0.0.1", chronyd.Port == 65535 ? 65534 : chronyd.Port + 1);

        var e = await Assert.ThrowsAsync<ClockReferenceException>(() =>
            SntpClient.MeasureAsync(silent, samples: 2, timeout: TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken));

        Assert.Contains($"NTP server {silent}", e.Message);
        Assert.False(e.ServerUnsynchronised);
    }

    [Fact]
    public async Task A_declared_uncertainty_alone_is_taken_as_is_and_no_reference_is_none()
    {
        ClockReference declared = await ClockReference.EstablishAsync(new ClockReferenceSettings { DeclaredUncertainty = TimeSpan.FromMilliseconds(20) }, TestContext.Current.CancellationToken);
        ClockReference none = await ClockReference.EstablishAsync(ClockReferenceSettings.None, TestContext.Current.CancellationToken);
        ClockReference sameHost = await ClockReference.EstablishAsync(ClockReferenceSettings.SameHostAsTsa, TestContext.Current.CancellationToken);

        Assert.Equal(("declared", TimeSpan.FromMilliseconds(20)), (declared.Reference, declared.Uncertainty!.Value));
        Assert.Equal("none", none.Reference);
        Assert.Null(none.Uncertainty);
        Assert.Equal((ClockReference.SameHostLabel, TimeSpan.Zero), (sameHost.Reference, sameHost.Uncertainty!.Value));
    }

    [Theory]
    [InlineData("127.0.0.1:11123", "127.0.0.1", 11123)]
    [InlineData("ntp.example.eu", "ntp.example.eu", 123)]
    [InlineData("[::1]:4123", "::1", 4123)]
    public void Parses_host_and_port(string text, string host, int port)
    {
        Assert.True(NtpServerAddress.TryParse(text, out NtpServerAddress? address, out _));
        Assert.Equal(new NtpServerAddress(host, port), address);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("host:0", "port must be a number from 1 to 65535")]
    [InlineData("host:abc", "not 'abc'")]
    [InlineData("[::1", "not closed")]
    public void Rejects_a_bad_server_with_a_message_naming_the_problem(string text, string expected)
    {
        Assert.False(NtpServerAddress.TryParse(text, out _, out string? error));
        Assert.Contains(expected, error);
    }
}
