using ReferenceTsa.Clock;
using ReferenceTsa.Configuration;
using ReferenceTsa.Hosting;
using ReferenceTsa.Tests.Support;

namespace ReferenceTsa.Tests;

/// <summary>Leap-second and smearing-source settings that cannot be used stop start-up with the setting and the file named.</summary>
public sealed class LeapSecondConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("leap-config-").FullName;
    private readonly TsaOptions _options;

    public LeapSecondConfigurationTests()
    {
        EmbeddedDefault.Initialize(_directory, new EmbeddedDefault.Options(Certificates.DevKeyType.EcdsaP256, Certificates.DevKeyType.EcdsaP256));
        _options = TsaConfigurationFile.Read(Path.Combine(_directory, EmbeddedDefault.ConfigurationFileName));
        _options.Clock = new ClockOptions { Sources = ["127.0.0.1:10123", "127.0.0.1:10124"] };
    }

    private string Problems()
    {
        var e = Assert.Throws<TsaConfigurationException>(() => Load());
        return e.Message;
    }

    private TimeStampingService Load() => TimeStampingServiceLoader.Load(_options, _directory, DateTimeOffset.UtcNow, "tsa.json");

    [Fact]
    public void The_default_policy_is_pause_with_the_tzdata_list()
    {
        using var service = Load();
        Assert.Equal(LeapSecondPolicy.Pause, service.Clock.LeapSecondPolicy);
        Assert.Equal("/usr/share/zoneinfo/leap-seconds.list", service.Clock.LeapSecondList!.Path);
        Assert.Equal(TimeSpan.FromSeconds(1), service.Clock.LeapSecondWindow);
    }

    [Fact]
    public void An_unknown_policy_is_refused()
    {
        _options.Clock.LeapSeconds.Policy = "smear";
        Assert.Contains("Tsa:Clock:LeapSeconds:Policy: 'smear' is not none, pause or stop", Problems());
    }

    [Fact]
    public void A_missing_list_is_refused_with_what_to_do()
    {
        _options.Clock.LeapSeconds.List = Path.Combine(_directory, "no-such.list");
        string problems = Problems();
        Assert.Contains($"Tsa:Clock:LeapSeconds:List: {_options.Clock.LeapSeconds.List} does not exist", problems);
        Assert.Contains("tzdata", problems);
    }

    [Fact]
    public void A_corrupt_list_is_refused_naming_its_hash_line()
    {
        var lines = LeapSecondListFile.Lines(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 6, 28, 0, 0, 0, TimeSpan.Zero));
        lines[^1] = "#h\t00000000 11111111 22222222 33333333 44444444";
        string path = Path.Combine(_directory, "corrupt.list");
        File.WriteAllLines(path, lines);
        _options.Clock.LeapSeconds.List = path;
        Assert.Contains($"Tsa:Clock:LeapSeconds:List: {path}:{lines.Count}: SHA-1 of the data is", Problems());
    }

    [Fact]
    public void Policy_none_does_not_read_the_list()
    {
        _options.Clock.LeapSeconds = new LeapSecondOptions { Policy = "none", List = Path.Combine(_directory, "no-such.list") };
        using var service = Load();
        Assert.Equal(LeapSecondPolicy.None, service.Clock.LeapSecondPolicy);
        Assert.Null(service.Clock.LeapSecondList);
    }

    [Fact]
    public void A_public_smearing_service_as_a_source_is_refused()
    {
        _options.Clock.Sources = ["127.0.0.1:10123", "time2.google.com"];
        string problems = Problems();
        Assert.Contains("Tsa:Clock:Sources:1: 'time2.google.com' is Google Public NTP, which smears leap seconds", problems);
        Assert.Contains("TIS-7.7.1", problems);
    }

    [Theory]
    [InlineData(nameof(ClockOptions.SmearDriftPpm))]
    [InlineData(nameof(ClockOptions.SmearObservation))]
    [InlineData("LeapSeconds:Window")]
    public void Unusable_smear_and_window_settings_are_refused(string setting)
    {
        switch (setting)
        {
            case nameof(ClockOptions.SmearDriftPpm):
                _options.Clock.SmearDriftPpm = 0;
                break;
            case nameof(ClockOptions.SmearObservation):
                _options.Clock.SmearObservation = "ten minutes";
                break;
            default:
                _options.Clock.LeapSeconds.Window = "7200s"; // longer than an hour
                break;
        }

        Assert.Contains($"Tsa:Clock:{setting}:", Problems());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
