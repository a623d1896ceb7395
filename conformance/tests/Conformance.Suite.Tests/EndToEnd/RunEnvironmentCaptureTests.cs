using Conformance.Runner.Reporting;
using Conformance.Runner.Results;

namespace Conformance.Suite.Tests.EndToEnd;

/// <summary>The clock reference report.json records, read from what the time checks left in the run's evidence.</summary>
public sealed class RunEnvironmentCaptureTests : IDisposable
{
    private readonly string _run = Directory.CreateTempSubdirectory("tsa-conformance-env-").FullName;

    private void ClockReferenceFile(string json)
    {
        Directory.CreateDirectory(Path.Combine(_run, "evidence", "time"));
        File.WriteAllText(Path.Combine(_run, RunEnvironmentCapture.ClockReferenceFile), json);
    }

    [Fact]
    public void Without_a_clock_reference_file_none_is_declared()
    {
        RunEnvironment environment = RunEnvironmentCapture.Capture(_run, "9.9.9");
        Assert.Equal(ClockReference.NoneDeclared, environment.ClockReference.Reference);
        Assert.Null(environment.ClockReference.Source);
        Assert.Equal("9.9.9", environment.ToolVersion);
        Assert.Equal(Environment.MachineName, environment.Host);
    }

    [Fact]
    public void An_ntp_reference_is_copied_with_its_uncertainty_offset_time_and_server()
    {
        ClockReferenceFile("""
            { "reference": "ntp 127.0.0.1:12345", "uncertaintyMs": 2.5, "offsetMs": -0.75, "measuredAtUtc": "2026-11-27T22:00:01.5Z",
              "server": { "stratum": 1, "refId": "GPS" } }
            """);
        ClockReference reference = RunEnvironmentCapture.ReadClockReference(_run);
        Assert.Equal("ntp 127.0.0.1:12345", reference.Reference);
        Assert.Equal(2.5, reference.UncertaintyMs);
        Assert.Equal(-0.75, reference.OffsetMs);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 22, 0, 1, 500, TimeSpan.Zero), reference.MeasuredAtUtc);
        Assert.Equal("GPS", reference.Server!.Value.GetProperty("refId").GetString());
        Assert.Equal("evidence/time/clock-reference.json", reference.Source);
    }

    [Fact]
    public void An_unreadable_file_declares_none_and_says_why_naming_the_file()
    {
        ClockReferenceFile("{ \"reference\": ");
        ClockReference reference = RunEnvironmentCapture.ReadClockReference(_run);
        Assert.Equal(ClockReference.NoneDeclared, reference.Reference);
        Assert.StartsWith(Path.Combine(_run, RunEnvironmentCapture.ClockReferenceFile) + ": unreadable, so no clock reference is declared: line ", reference.Note);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_run, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
