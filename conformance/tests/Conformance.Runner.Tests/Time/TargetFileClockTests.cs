using Conformance.Checks.Time;
using Conformance.Runner.Targets;
using Conformance.Steps.Context;

namespace Conformance.Runner.Tests.Time;

/// <summary>clock: in the target file (ntp, uncertainty).</summary>
public sealed class TargetFileClockTests
{
    [Fact]
    public void Reads_the_ntp_server_and_the_declared_uncertainty()
    {
        TargetDefinition target = TargetFileLoader.Parse("url: http://127.0.0.1/tsa\nclock: { ntp: 127.0.0.1:11123, uncertainty: 20ms }\n", "t.yaml");

        Assert.Equal(new NtpServerAddress("127.0.0.1", 11123), target.Clock.NtpServer);
        Assert.Equal(TimeSpan.FromMilliseconds(20), target.Clock.DeclaredUncertainty);
    }

    [Fact]
    public void Without_clock_there_is_no_reference()
    {
        TargetDefinition target = TargetFileLoader.Parse("url: http://127.0.0.1/tsa\n", "t.yaml");

        Assert.True(target.Clock.IsNone);
    }

    [Fact]
    public void Bad_clock_settings_are_reported_with_file_and_line()
    {
        var e = Assert.Throws<TargetFileException>(() =>
            TargetFileLoader.Parse("url: http://127.0.0.1/tsa\nclock:\n  ntp: host:99999\n  uncertainty: soon\n  drift: 1\n", "t.yaml"));

        Assert.Contains(e.Errors, m => m.StartsWith("t.yaml:3: clock.ntp:", StringComparison.Ordinal) && m.Contains("port must be a number from 1 to 65535"));
        Assert.Contains(e.Errors, m => m.StartsWith("t.yaml:4: 'clock.uncertainty' must be a duration", StringComparison.Ordinal));
        Assert.Contains(e.Errors, m => m.StartsWith("t.yaml:5: unknown key 'drift' in clock", StringComparison.Ordinal));
    }
}
