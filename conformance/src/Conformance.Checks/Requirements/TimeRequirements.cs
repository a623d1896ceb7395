using System.Globalization;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Time;

namespace Conformance.Checks.Requirements;

/// <summary>
/// Time-accuracy checks over the tokens sampled in a run: EN 319 421 §7.7.1 and §7.7.2, RFC 3161 §2.1 (1)(2), eIDAS
/// Art. 42(1)(b). They observe the service from outside; the TSA's own clock monitoring is attested, not tested here.
/// </summary>
public static class TimeRequirements
{
    /// <summary>
    /// TSP-TIME-001 (and TSP-TIME-004 on the samples around a leap second). EN 319 421 TIS-7.7.1-05/-06: the time in a
    /// token agrees with UTC within the accuracy stated. Seen from a client whose clock is within ε of UTC, genTime must
    /// lie in [send - accuracy - ε, receive + accuracy + ε]; every sample outside is listed.
    /// </summary>
    public static void GenTimeWithinAccuracyOfUtc(IReadOnlyCollection<TimeSample> samples)
    {
        if (samples.Count == 0)
        {
            throw new TargetErrorException("no token was sampled, so genTime could not be compared with UTC");
        }

        if (samples.FirstOrDefault(s => s.Epsilon is null) is { } unjudged)
        {
            throw new TargetErrorException($"the local clock's uncertainty was not known when {unjudged.TokenFile} was taken, so it cannot be judged");
        }

        var outside = samples.Where(s => s.WithinBound == false).ToList();
        if (outside.Count > 0)
        {
            TimeSample worst = outside.MaxBy(s => s.Offset.Duration())!;
            (DateTimeOffset earliest, DateTimeOffset latest) = worst.Bounds(worst.BoundAccuracy)!.Value;
            throw RequirementNotMetException.ForScenario(
                $"{outside.Count} of {samples.Count} tokens carry a genTime outside the window allowed by their accuracy and the local clock's uncertainty; worst: {worst.TokenFile} ({worst.Endpoint})",
                $"genTime within {TimeJson.Iso(earliest)} .. {TimeJson.Iso(latest)} (send/receive ± accuracy {Ms(worst.BoundAccuracy)} ms{(worst.Accuracy is null ? " (none in the token; declared or 1 s)" : "")} ± ε {Ms(worst.Epsilon!.Value)} ms)",
                $"genTime {worst.GenTimeIso}, {Ms(worst.Offset)} ms from the local midpoint; outside: {string.Join(", ", outside.Select(s => $"{s.TokenFile} {Ms(s.Offset)} ms"))}");
        }
    }

    /// <summary>TSP-TIME-002. EN 319 421 TIS-7.7.2-03 and OVR-5.1-03: every token states an accuracy of one second or better.</summary>
    public static void AccuracyAtMostOneSecond(IReadOnlyCollection<TimeSample> samples)
    {
        RequireSamples(samples);
        var missing = samples.Where(s => s.Accuracy is null).ToList();
        if (missing.Count > 0)
        {
            throw new RequirementNotMetException("TSP-TIME-002", $"{missing.Count} of {samples.Count} tokens state no accuracy",
                "accuracy present, at most 1 s", $"absent in {string.Join(", ", missing.Select(s => s.TokenFile))}");
        }

        var coarse = samples.Where(s => s.Accuracy > TimeSpan.FromSeconds(1)).ToList();
        if (coarse.Count > 0)
        {
            throw new RequirementNotMetException("TSP-TIME-002", $"{coarse.Count} of {samples.Count} tokens state an accuracy coarser than one second",
                "at most 1000 ms", string.Join(", ", coarse.Select(s => $"{Ms(s.Accuracy!.Value)} ms in {s.TokenFile}")));
        }
    }

    /// <summary>TSP-TIME-002. EN 319 421 OVR-5.1-03 via §5.2: the accuracy in tokens is the one the TSA discloses.</summary>
    public static void AccuracyEqualsDeclared(IReadOnlyCollection<TimeSample> samples, TimeSpan declared)
    {
        RequireSamples(samples);
        var different = samples.Where(s => s.Accuracy != declared).ToList();
        if (different.Count > 0)
        {
            throw new RequirementNotMetException("TSP-TIME-002", $"{different.Count} of {samples.Count} tokens state another accuracy than the TSA declares",
                $"{Ms(declared)} ms (accuracy in the target file)",
                string.Join(", ", different.Select(s => $"{(s.Accuracy is { } a ? Ms(a) + " ms" : "none")} in {s.TokenFile}")));
        }
    }

    /// <summary>
    /// TSP-TIME-003 (heuristic). EN 319 421 TIS-7.7.2-05 asks the TSA to detect drifts and jumps; seen from outside, a
    /// token requested after another may not carry a genTime earlier by more than the two accuracies together.
    /// </summary>
    public static void GenTimeNeverGoesBackwards(IReadOnlyCollection<TimeSample> samples)
    {
        RequireSamples(samples);
        var jumps = new List<string>();
        foreach (var endpoint in samples.GroupBy(s => s.Endpoint))
        {
            var ordered = endpoint.OrderBy(s => s.SendUtc).ToList();
            foreach ((TimeSample earlier, TimeSample later) in ordered.Zip(ordered.Skip(1)))
            {
                TimeSpan step = later.GenTime - earlier.GenTime;
                TimeSpan tolerance = earlier.BoundAccuracy + later.BoundAccuracy;
                if (step < -tolerance)
                {
                    jumps.Add($"{earlier.TokenFile} {earlier.GenTimeIso} then {later.TokenFile} {later.GenTimeIso} ({Ms(step)} ms, tolerance {Ms(tolerance)} ms)");
                }
            }
        }

        if (jumps.Count > 0)
        {
            throw new RequirementNotMetException("TSP-TIME-003", "genTime went backwards between tokens requested one after another by more than their accuracies allow",
                "each genTime no earlier than the previous one minus both accuracies", string.Join("; ", jumps));
        }
    }

    private static void RequireSamples(IReadOnlyCollection<TimeSample> samples)
    {
        if (samples.Count == 0)
        {
            throw new TargetErrorException("no token was sampled");
        }
    }

    private static string Ms(TimeSpan value) => TimeJson.Milliseconds(value).ToString("0.###", CultureInfo.InvariantCulture);
}
