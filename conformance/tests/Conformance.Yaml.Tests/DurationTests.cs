namespace Conformance.Yaml.Tests;

/// <summary>The one duration grammar: number + us|ms|s|m|h, the unit required, nothing negative or finer than 1 µs.</summary>
public sealed class DurationTests
{
    [Theory]
    [InlineData("250us", 250L)]
    [InlineData("250µs", 250L)]
    [InlineData("500ms", 500_000L)]
    [InlineData("1s", 1_000_000L)]
    [InlineData("1.5s", 1_500_000L)]
    [InlineData("0.2s", 200_000L)]
    [InlineData("2m", 120_000_000L)]
    [InlineData("24h", 86_400_000_000L)]
    [InlineData("10 s", 10_000_000L)]
    [InlineData("0s", 0L)]
    public void Reads_a_number_with_its_unit(string text, long microseconds)
    {
        Assert.True(Duration.TryParse(text, out TimeSpan duration, out string problem), problem);
        Assert.Equal(TimeSpan.FromMicroseconds(microseconds), duration);
    }

    [Theory]
    [InlineData("1", "the unit is missing, write 1s or 1ms (a bare number could be either)")]
    [InlineData("0.5", "the unit is missing, write 0.5s or 0.5ms (a bare number could be either)")]
    [InlineData("-1s", "a duration cannot be negative")]
    [InlineData("0.5us", "finer than one microsecond, the finest unit a time-stamp's accuracy can state")]
    [InlineData("1.0000001s", "finer than one microsecond, the finest unit a time-stamp's accuracy can state")]
    [InlineData("99999999999999h", "longer than any duration the suite can hold")]
    [InlineData("1e3ms", "")]
    [InlineData("1S", "")]
    [InlineData("1 sec", "")]
    [InlineData(".5s", "")]
    [InlineData("-x", "")]
    [InlineData("a while", "")]
    [InlineData("", "")]
    public void Refuses_ambiguous_negative_and_malformed_values_saying_why(string text, string why)
    {
        Assert.False(Duration.TryParse(text, out _, out string problem));
        Assert.Equal(why, problem);
        Assert.False(Duration.TryParse(text, out _));
    }

    [Fact]
    public void A_bad_duration_in_a_file_names_the_key_the_grammar_and_the_line()
    {
        var problems = new List<YamlProblem>();
        YamlFields f = YamlFile.Parse("timeouts:\n  connect: 10s\n  request: 30\n", "t.yaml", problems, "url: ...")!;
        YamlFields timeouts = f.Mapping("timeouts")!;

        Assert.Equal(TimeSpan.FromSeconds(10), timeouts.OptionalDuration("connect"));
        Assert.Null(timeouts.OptionalDuration("request"));
        Assert.Equal("t.yaml:3: 'timeouts.request' must be a duration: a number and a unit us, ms, s, m or h, such as 250us, 500ms, 1.5s or 2m, not '30': the unit is missing, write 30s or 30ms (a bare number could be either)", Assert.Single(problems).ToString());
    }
}
