using Conformance.Checks.Outcomes;
using Conformance.Checks.Requirements;
using Conformance.Checks.Time;

namespace Conformance.Checks.Tests.Time;

/// <summary>The TSP-TIME judgements on sample records, at their edges.</summary>
public sealed class TimeSampleChecksTests
{
    private static readonly DateTimeOffset Send = new(2030, 5, 4, 10, 0, 0, TimeSpan.Zero);

    private static TimeSample Sample(double genTimeOffsetMs, double accuracyMs = 1000, double? epsilonMs = 20, string file = "0001-t.tst", double sendAfterMs = 0) => new()
    {
        Endpoint = "tsa",
        Url = new Uri("http://127.0.0.1/tsa"),
        TokenFile = file,
        SendUtc = Send.AddMilliseconds(sendAfterMs),
        ReceiveUtc = Send.AddMilliseconds(sendAfterMs + 40),
        GenTimeText = "20300504100000Z",
        GenTime = Send.AddMilliseconds(sendAfterMs + genTimeOffsetMs),
        Accuracy = TimeSpan.FromMilliseconds(accuracyMs),
        BoundAccuracy = TimeSpan.FromMilliseconds(accuracyMs),
        Epsilon = epsilonMs is { } e ? TimeSpan.FromMilliseconds(e) : null,
    };

    [Fact]
    public void GenTime_on_the_edges_of_the_window_passes_and_just_beyond_fails()
    {
        // Window: [send - 1000 - 20, receive + 1000 + 20] = [-1020, +1060] ms around the send instant.
        TimeRequirements.GenTimeWithinAccuracyOfUtc([Sample(-1020), Sample(1060), Sample(20)]);

        var e = Assert.Throws<RequirementNotMetException>(() => TimeRequirements.GenTimeWithinAccuracyOfUtc([Sample(20), Sample(1061, file: "0009-late.tst")]));
        // Shared by TSP-TIME-001 and TSP-TIME-004: the finding names no ID, the runner gives it the scenario's.
        Assert.Null(e.RequirementId);
        Assert.True(e.IsScenarioFinding);
        Assert.DoesNotContain("TSP-", e.Message);
        Assert.Contains("0009-late.tst", e.Message);
        Assert.False(Sample(-1021).WithinBound);
    }

    [Fact]
    public void Without_epsilon_the_genTime_cannot_be_judged()
    {
        Assert.Null(Sample(0, epsilonMs: null).WithinBound);
        Assert.Throws<TargetErrorException>(() => TimeRequirements.GenTimeWithinAccuracyOfUtc([Sample(0, epsilonMs: null)]));
    }

    [Fact]
    public void Accuracy_above_one_second_or_not_as_declared_is_a_finding()
    {
        TimeRequirements.AccuracyAtMostOneSecond([Sample(0, accuracyMs: 1000)]);
        Assert.Throws<RequirementNotMetException>(() => TimeRequirements.AccuracyAtMostOneSecond([Sample(0, accuracyMs: 1001)]));
        TimeRequirements.AccuracyEqualsDeclared([Sample(0, accuracyMs: 500)], TimeSpan.FromMilliseconds(500));
        var e = Assert.Throws<RequirementNotMetException>(() => TimeRequirements.AccuracyEqualsDeclared([Sample(0, accuracyMs: 1000)], TimeSpan.FromMilliseconds(500)));
        Assert.Contains("500 ms", e.Message);
    }

    [Fact]
    public void GenTime_going_back_by_more_than_both_accuracies_is_a_jump()
    {
        // Second token sent 100 ms later; its genTime 1999 ms earlier than the first one's is within 2 x 1000 ms.
        TimeRequirements.GenTimeNeverGoesBackwards([Sample(0), Sample(-2099, sendAfterMs: 100, file: "0002.tst")]);

        var e = Assert.Throws<RequirementNotMetException>(() =>
            TimeRequirements.GenTimeNeverGoesBackwards([Sample(0), Sample(-2101, sendAfterMs: 100, file: "0002.tst")]));
        Assert.Equal("TSP-TIME-003", e.RequirementId);
        Assert.Contains("0002.tst", e.Message);
    }

    [Fact]
    public void The_genTime_is_written_in_ISO_8601_with_every_digit_it_carries()
    {
        TimeSample s = Sample(0) with { GenTimeText = "20300504100000.123456789Z" };
        Assert.Equal("2030-05-04T10:00:00.123456789Z", s.GenTimeIso);
    }
}
