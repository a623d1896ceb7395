using System.Runtime.CompilerServices;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Requirements;
using Conformance.Checks.Time;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>
/// Time accuracy (TSP-TIME-001..004): tokens sampled once per run and shared by the scenarios, judged against the
/// suite's own clock and its uncertainty ε against UTC.
/// </summary>
[Binding]
public sealed class TimeSteps(ServiceUnderTest service, ScenarioEvidence evidence)
{
    private static readonly ConditionalWeakTable<ServiceUnderTest, TimeSamplingSession> Sessions = new();
    private TimeSampleSet? _sampled;

    private TimeSampleSet Sampled => _sampled ?? throw new InvalidOperationException("No tokens have been sampled in this scenario; add 'When tokens are sampled ...'.");

    private TimeSamplingSession Session
    {
        get
        {
            if (service.IsOffline)
            {
                throw new NotApplicableException("time accuracy needs a live time-stamping service; a stored token has no send and receive instants");
            }

            return Sessions.GetValue(service, s =>
            {
                var endpoints = new List<(string, Uri)>();
                if (s.NonQualifiedUrl is { } plain)
                {
                    endpoints.Add(("tsa", plain));
                }

                if (s.QualifiedUrl is { } qualified)
                {
                    endpoints.Add(("qtsa", qualified));
                }

                return new TimeSamplingSession(s.RequireClient(), endpoints, s.Declarations.Clock, s.Declarations.TimeSampling, s.Declarations.Accuracy);
            });
        }
    }

    /// <summary>Without --ntp, --clock-uncertainty or a same-host TSA the check cannot be made: an error, never a pass.</summary>
    [Given("the suite's clock is referenced to UTC")]
    public async Task GivenTheClockIsReferenced()
    {
        ClockReference reference;
        try
        {
            reference = await Session.ClockAsync(evidence, service.CancellationToken);
        }
        catch (ClockReferenceException e)
        {
            throw new TargetErrorException($"the local clock could not be referenced to UTC: {e.Message}");
        }
        finally
        {
            evidence.Mention(TimeSamplingSession.ClockReferenceFile);
        }

        if (reference.Uncertainty is null)
        {
            throw new TargetErrorException(
                "no clock reference: the local clock's uncertainty against UTC is unknown, so genTime cannot be judged; give --ntp HOST[:PORT] or --clock-uncertainty DURATION (clock: in the target file)");
        }
    }

    [When("tokens are sampled from each endpoint of the time-stamping service")]
    public async Task WhenTokensAreSampled()
    {
        _sampled = await Session.SamplesAsync(evidence, service.CancellationToken);
        evidence.Mention(TimeSampleSet.SamplesFile);
        foreach (TimeSample sample in _sampled.Samples)
        {
            evidence.Mention(sample.TokenFile);
        }
    }

    [Then("every token's genTime lies within its accuracy of UTC, allowing for the suite's clock uncertainty")]
    public void ThenGenTimeWithinAccuracy()
    {
        TimeRequirements.GenTimeWithinAccuracyOfUtc([.. Sampled.Regular]);
        RequireNoFailedSamples();
    }

    [Then("every token states an accuracy of at most 1 second")]
    public void ThenAccuracyAtMostOneSecond()
    {
        TimeRequirements.AccuracyAtMostOneSecond([.. Sampled.Samples]);
        RequireNoFailedSamples();
    }

    [Then("every token states the accuracy the TSA declares")]
    public void ThenAccuracyAsDeclared()
    {
        TimeSpan declared = service.Declarations.Accuracy
            ?? throw new NotApplicableException("the target declares no accuracy (accuracy: in the target file), so there is nothing to compare with");
        TimeRequirements.AccuracyEqualsDeclared([.. Sampled.Samples], declared);
    }

    [Then("genTime never goes backwards between consecutive tokens by more than their accuracies")]
    public void ThenGenTimeDoesNotGoBackwards() => TimeRequirements.GenTimeNeverGoesBackwards([.. Sampled.Samples]);

    [Given("the sampling window spans a leap second scheduled in the IERS list")]
    public void GivenTheWindowSpansALeapSecond()
    {
        LeapSecondWindow window = Session.LeapWindow;
        if (window.LeapInstant is null)
        {
            throw new NotApplicableException(window.Reason!);
        }
    }

    [Then("the tokens taken around the leap second carry a genTime within their accuracy of UTC")]
    public void ThenLeapSecondSamplesWithinAccuracy()
    {
        var around = Sampled.AroundLeapSecond.ToList();
        if (around.Count == 0)
        {
            throw new TargetErrorException($"no token was obtained around the leap second ({string.Join("; ", Sampled.Failures)})");
        }

        TimeRequirements.GenTimeWithinAccuracyOfUtc(around);
    }

    private void RequireNoFailedSamples()
    {
        if (Sampled.Failures.Count > 0)
        {
            throw new TargetErrorException($"{Sampled.Failures.Count} sample(s) could not be taken, so the distribution is incomplete: {string.Join("; ", Sampled.Failures)}");
        }
    }
}
