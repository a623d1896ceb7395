using Microsoft.Extensions.Logging.Abstractions;
using ReferenceTsa.Clock;
using ReferenceTsa.Configuration;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>chrony's tracking data as a time source ("chrony:" entries in Tsa:Clock:Sources), against real chronyd -x.</summary>
public sealed class ChronyTrackingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reads_a_real_chronyd_through_its_command_port()
    {
        using var chronyd = new Chronyd(commandPort: true);
        var sample = await ChronyTracking.QueryAsync(chronyd.TrackingSource, TimeProvider.System, TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        Assert.Equal(chronyd.TrackingSource, sample.Source);
        Assert.Equal(3, sample.Stratum); // local stratum 3
        Assert.Equal(0, sample.LeapIndicator);
        Assert.True(sample.SourceSynchronised);
        Assert.Equal("7F7F0101", sample.ReferenceId); // chrony's local reference
        Assert.True(sample.ErrorBound < TimeSpan.FromMilliseconds(50), $"bound {sample.ErrorBound}");
    }

    [Fact]
    public async Task Two_tracked_chronyds_open_the_gate_and_losing_one_closes_it_with_chronycs_reason()
    {
        using var one = new Chronyd(commandPort: true);
        using var two = new Chronyd(commandPort: true);
        var gate = new ClockGate(TimeSpan.FromMilliseconds(900), 2, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100), 2);
        var monitor = new TimeSourceMonitor([one.TrackingSource, two.TrackingSource], gate, TimeProvider.System,
            TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), NullLogger<TimeSourceMonitor>.Instance);
        var ct = TestContext.Current.CancellationToken;
        await monitor.PollOnceAsync(ct);
        var state = await monitor.PollOnceAsync(ct);
        Assert.True(state.Open, state.Reason);
        Assert.Equal(2, state.Samples.Count);

        two.Stop();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        do
        {
            state = await monitor.PollOnceAsync(ct);
        }
        while (state.Open && DateTimeOffset.UtcNow < deadline);

        Assert.False(state.Open);
        Assert.Contains($"{two.TrackingSource}: chronyc tracking", state.Reason);
    }

    [Fact]
    public void The_csv_fields_become_offset_root_delay_dispersion_and_leap()
    {
        // Reference time 100 s ago; system clock 2 ms slow of NTP time; leap second to be inserted.
        double referenceTime = (Now.AddSeconds(-100) - DateTimeOffset.UnixEpoch).TotalSeconds;
        string csv = $"C0000201,ntp1.example.net,2,{referenceTime:0.000000000},0.002000000,0.000100000,0.000200000,-3.1,0.01,0.05,0.010000000,0.001000000,64.2,Insert second\n";
        var sample = ChronyTracking.Parse("chrony:", csv, Now);
        Assert.Equal(TimeSpan.FromMilliseconds(2), sample.Offset);
        Assert.Equal(TimeSpan.FromMilliseconds(10), sample.RootDelay);
        Assert.InRange(sample.RootDispersion.TotalMilliseconds, 2.499, 2.501); // 1 ms + 100 s × 15 ppm
        Assert.Equal(1, sample.LeapIndicator);
        Assert.Equal(2, sample.Stratum);
        Assert.Equal("ntp1.example.net", sample.ReferenceId);
        Assert.InRange(sample.ErrorBound.TotalMilliseconds, 9.499, 9.501); // 2 + 2.5 + 10/2
    }

    [Fact]
    public void An_unsynchronised_chronyd_is_not_a_usable_source()
    {
        string csv = "00000000,,0,0.000000000,0.000000000,0.000000000,0.000000000,36.149,0.000,0.000,1.000000000,1.000000000,0.0,Not synchronised";
        var sample = ChronyTracking.Parse("chrony:", csv, Now);
        Assert.Equal(3, sample.LeapIndicator);
        Assert.False(sample.SourceSynchronised);
    }

    [Theory]
    [InlineData("506 Cannot talk to daemon", "not the 14 CSV fields")]
    [InlineData("7F7F0101,,3,x,0,0,0,0,0,0,0,0,0,Normal", "field 4 (reference time) is 'x'")]
    [InlineData("7F7F0101,,3,1.0,0,0,0,0,0,0,0,0,0,Sideways", "leap status 'Sideways'")]
    public void Unexpected_chronyc_output_is_named(string csv, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => ChronyTracking.Parse("chrony:127.0.0.1:323", csv, Now));
        Assert.Contains("chrony:127.0.0.1:323", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("chrony:", new string[0])]
    [InlineData("chrony:/run/chrony/chronyd.sock", new[] { "-h", "/run/chrony/chronyd.sock" })]
    [InlineData("chrony:127.0.0.1:10323", new[] { "-h", "127.0.0.1", "-p", "10323" })]
    [InlineData("chrony:[::1]:323", new[] { "-h", "::1", "-p", "323" })]
    public void Source_entries_name_the_chronyd_to_ask(string source, string[] arguments)
    {
        Assert.True(ChronyTracking.TryParseSource(source, out string[] actual, out string? problem), problem);
        Assert.Equal(arguments, actual);
    }

    [Fact]
    public void A_malformed_chrony_entry_is_a_configuration_problem_naming_the_source()
    {
        var directory = Directory.CreateTempSubdirectory("chrony-config-").FullName;
        try
        {
            EmbeddedDefault.Initialize(directory, new EmbeddedDefault.Options(Certificates.DevKeyType.EcdsaP256, Certificates.DevKeyType.EcdsaP256));
            var options = Hosting.TsaConfigurationFile.Read(Path.Combine(directory, EmbeddedDefault.ConfigurationFileName));
            options.Clock = new ClockOptions { Sources = ["127.0.0.1:123", "chrony:localhost:port"] };
            var e = Assert.Throws<TsaConfigurationException>(() => TimeStampingServiceLoader.Load(options, directory, DateTimeOffset.UtcNow, "tsa.json"));
            Assert.Contains("Tsa:Clock:Sources:1", e.Message);
            Assert.Contains("chrony:localhost:port", e.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
