using Conformance.Checks.Evidence;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Transport;

namespace Conformance.Checks.Time;

/// <summary>
/// The time sampling of one run, shared by the TSP-TIME scenarios: the clock reference is established once, and the
/// tokens are requested once (one after another, per endpoint, spread as planned, through a leap second when one is
/// scheduled in the window), whichever scenario asks first. The files evidence/time/clock-reference.json and
/// evidence/time/samples.json record both for the report.
/// </summary>
public sealed class TimeSamplingSession(
    TsaClient client, IReadOnlyList<(string Endpoint, Uri Url)> endpoints, ClockReferenceSettings clock, TimeSamplingPlan plan, TimeSpan? declaredAccuracy)
{
    public const string ClockReferenceFile = "time/clock-reference.json";

    private readonly object _gate = new();
    private Task<ClockReference>? _clock;
    private Task<TimeSampleSet>? _samples;
    private LeapSecondWindow? _leapWindow;

    public ClockReferenceSettings ClockSettings => clock;
    public TimeSamplingPlan Plan => plan;

    /// <summary>The run's sampling window (from the first use, over the spread) and whether it spans a leap second.</summary>
    public LeapSecondWindow LeapWindow
    {
        get
        {
            lock (_gate)
            {
                DateTimeOffset start = DateTimeOffset.UtcNow;
                return _leapWindow ??= LeapSecondWindow.Decide(plan.LeapSecondListPath, start, start + plan.Spread);
            }
        }
    }

    public Task<ClockReference> ClockAsync(ITimeEvidence evidence, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _clock ??= EstablishAsync(evidence, cancellationToken);
        }
    }

    public Task<TimeSampleSet> SamplesAsync(ITimeEvidence evidence, CancellationToken cancellationToken)
    {
        LeapSecondWindow window = LeapWindow;
        lock (_gate)
        {
            return _samples ??= SampleAsync(window, evidence, cancellationToken);
        }
    }

    private async Task<ClockReference> EstablishAsync(ITimeEvidence evidence, CancellationToken cancellationToken)
    {
        try
        {
            ClockReference reference = await ClockReference.EstablishAsync(clock, cancellationToken).ConfigureAwait(false);
            evidence.SaveAt(ClockReferenceFile, reference.ToJson());
            return reference;
        }
        catch (ClockReferenceException)
        {
            evidence.SaveAt(ClockReferenceFile, new ClockReference { Reference = $"ntp {clock.NtpServer}" }.ToJson());
            throw;
        }
    }

    private async Task<TimeSampleSet> SampleAsync(LeapSecondWindow window, ITimeEvidence evidence, CancellationToken cancellationToken)
    {
        if (endpoints.Count == 0)
        {
            throw new NotApplicableException("needs a live time-stamping service");
        }

        // ε: measured once for a quick run, again before each round when the samples are spread over time.
        ClockReference? reference = clock.IsNone ? null : await TryClockAsync(evidence, cancellationToken).ConfigureAwait(false);
        var schedule = plan.Schedule(window.WindowStart, window);
        var samples = new List<TimeSample>();
        var failures = new List<string>();
        for (int round = 0; round < schedule.Count; round++)
        {
            (DateTimeOffset at, bool aroundLeap) = schedule[round];
            TimeSpan wait = at - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                plan.Progress?.Invoke($"time sampling: {round} of {schedule.Count} rounds done, next at {at.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z{(aroundLeap ? " (leap second)" : "")}");
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                if (clock.NtpServer is not null && !aroundLeap && plan.Spread > TimeSpan.Zero)
                {
                    reference = await MeasureAgainAsync(failures, cancellationToken).ConfigureAwait(false);
                }
            }

            foreach ((string endpoint, Uri url) in endpoints)
            {
                if (await TakeAsync(endpoint, url, reference?.Uncertainty, aroundLeap, evidence, failures, cancellationToken).ConfigureAwait(false) is { } sample)
                {
                    samples.Add(sample);
                }
            }
        }

        var set = new TimeSampleSet { Samples = samples, Failures = failures, LeapWindow = window };
        evidence.SaveAt(TimeSampleSet.SamplesFile, set.ToJson());
        return set;
    }

    private async Task<ClockReference?> TryClockAsync(ITimeEvidence evidence, CancellationToken cancellationToken)
    {
        try
        {
            return await ClockAsync(evidence, cancellationToken).ConfigureAwait(false);
        }
        catch (ClockReferenceException)
        {
            return null; // TSP-TIME-001 reports it; the other checks do not need ε.
        }
    }

    private async Task<ClockReference?> MeasureAgainAsync(List<string> failures, CancellationToken cancellationToken)
    {
        try
        {
            return await ClockReference.EstablishAsync(clock, cancellationToken).ConfigureAwait(false);
        }
        catch (ClockReferenceException e)
        {
            failures.Add($"clock reference at {DateTimeOffset.UtcNow:O}: {e.Message}");
            return null;
        }
    }

    private async Task<TimeSample?> TakeAsync(
        string endpoint, Uri url, TimeSpan? epsilon, bool aroundLeap, ITimeEvidence evidence, List<string> failures, CancellationToken cancellationToken)
    {
        var request = TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { Nonce = TimeStampRequest.RandomNonce(64) };
        DateTimeOffset send = DateTimeOffset.UtcNow;
        TimeStampExchange exchange;
        try
        {
            // No evidence is written inside the exchange, so the receive instant is taken right after the answer is read.
            exchange = await client.RequestAsync(url, request, null, evidence.Label, cancellationToken).ConfigureAwait(false);
        }
        catch (TargetErrorException e)
        {
            failures.Add($"{endpoint} request at {send:O}: {e.Message}");
            return null;
        }

        DateTimeOffset receive = DateTimeOffset.UtcNow;
        string label = $"{evidence.Label}-{endpoint}";
        evidence.Save(label + "-request", "tsq", request.Encode());
        if (!exchange.Http.Body.IsEmpty)
        {
            evidence.Save(label + "-response", "tsr", exchange.Http.Body.Span);
        }

        if (exchange.Response is not { IsGranted: true, Token: { TstInfo: { GenTime: { } genTime } tst } token } response)
        {
            failures.Add($"{endpoint} request at {send:O}: no token with a readable genTime ({exchange.Response?.StatusText ?? exchange.DecodeError ?? exchange.Http.Describe()})");
            return null;
        }

        string tokenFile = TokenEvidence.Save(evidence, label, response.TokenBytes, null)[0];
        TimeSpan? accuracy = TimeSample.AccuracyOf(tst);
        return new TimeSample
        {
            Endpoint = endpoint,
            Url = url,
            TokenFile = tokenFile,
            SendUtc = send,
            ReceiveUtc = receive,
            GenTimeText = tst.GenTimeText,
            GenTime = genTime,
            Accuracy = accuracy,
            BoundAccuracy = accuracy ?? declaredAccuracy ?? TimeSpan.FromSeconds(1),
            Epsilon = epsilon,
            AroundLeapSecond = aroundLeap,
        };
    }
}
