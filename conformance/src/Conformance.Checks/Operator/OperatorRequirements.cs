using System.Numerics;
using Conformance.Checks.Outcomes;

namespace Conformance.Checks.Operator;

/// <summary>
/// The judgments of the white-box scenarios (TSP-REF-001..007), over what the operator did and what the instance
/// answered. Each names its requirement, the clause, and the observed answers.
/// </summary>
public static class OperatorRequirements
{
    /// <summary>
    /// TSP-REF-001 (EN 319 421 TIS-7.7.1-07, OVR-7.13-04; RFC 3161 timeNotAvailable): once the clock cannot be shown to
    /// be within the declared accuracy of UTC the TSA stops issuing. It may take a moment to notice (<paramref name="within"/>),
    /// but from its first refusal on it issues nothing while the fault lasts.
    /// </summary>
    public static void IssuanceStopped(IssuanceAttempt? firstRefusal, IReadOnlyList<IssuanceAttempt> whileDown, string fault, TimeSpan within)
    {
        const string id = "TSP-REF-001";
        if (firstRefusal is null)
        {
            throw new RequirementNotMetException(id, $"the TSA kept issuing time-stamps for {within.TotalSeconds:0.#} s after {fault} (EN 319 421 TIS-7.7.1-07)",
                $"a rejection with timeNotAvailable or systemFailure within {within.TotalSeconds:0.#} s", "every request granted");
        }

        if (!firstRefusal.RefusedForLackOfTimeOrSystem)
        {
            throw new RequirementNotMetException(id, $"after {fault} the TSA refused with an unrelated reason", "failInfo timeNotAvailable or systemFailure", firstRefusal.Outcome);
        }

        if (whileDown.FirstOrDefault(a => a.Granted) is { } issued)
        {
            throw new RequirementNotMetException(id, $"the TSA issued a time-stamp while {fault} went on, after it had already refused one (EN 319 421 TIS-7.7.1-07)",
                "no token until the clock has recovered", issued.ToString());
        }
    }

    /// <summary>TSP-REF-001, second half: the TSA issues again once the clock has recovered.</summary>
    public static void IssuanceResumed(IssuanceAttempt? firstGrant, TimeSpan within)
    {
        if (firstGrant is null)
        {
            throw new RequirementNotMetException("TSP-REF-001", $"the TSA did not issue again within {within.TotalSeconds:0.#} s after its UTC sources recovered",
                "a token once the clock is back within the accuracy", "every request refused");
        }
    }

    /// <summary>
    /// TSP-REF-007 (TIS-8.2-01) and the other start-up refusals: the TSA set up with <paramref name="fault"/> refuses to
    /// start (<paramref name="startRefusal"/> is its message); one that starts anyway, serving <paramref name="serving"/>,
    /// is the scenario's finding.
    /// </summary>
    public static void ConfigurationRefused(string clause, string fault, string? startRefusal, string serving)
    {
        if (startRefusal is null)
        {
            throw RequirementNotMetException.ForScenario($"the TSA started although {fault} ({clause})",
                "the configuration refused at start-up", $"the instance runs and serves {serving}");
        }
    }

    /// <summary>
    /// TSP-REF-002 (TIS-7.7.1-09, TIS-7.6.7-06), TSP-REF-003 (TIS-7.6.4-04), TSP-REF-007 (TIS-8.2-01): the TSA set up with
    /// <paramref name="fault"/> either refuses to start at all or refuses every request; it never issues a token.
    /// </summary>
    public static void NoTokenWithFault(string clause, string fault, string? startRefusal, IReadOnlyList<IssuanceAttempt> attempts)
    {
        if (startRefusal is not null)
        {
            return;
        }

        if (attempts.Count == 0)
        {
            throw new TargetErrorException($"the instance with {fault} started, but no request was sent to it");
        }

        if (attempts.FirstOrDefault(a => a.Granted) is { } issued)
        {
            throw RequirementNotMetException.ForScenario($"the TSA issued a time-stamp although {fault} ({clause})",
                "a refused start-up, or a rejection of every request", issued.ToString());
        }
    }

    /// <summary>
    /// TSP-REF-005 (EN 319 421 OVR-7.12-02/-03/-04/-05/-06, EN 319 401 REQ-7.10-05): the log has an entry for each kind of
    /// event, each dated precisely (to the millisecond at least, in UTC), and the clock events fall in the window in which
    /// the suite made them happen (widened by <paramref name="tolerance"/> for the two clocks' difference).
    /// </summary>
    public static void EventsLogged(IReadOnlyList<TsaLogEntry> log, (DateTimeOffset From, DateTimeOffset To) lossWindow,
        (DateTimeOffset From, DateTimeOffset To) recoveryWindow, TimeSpan tolerance)
    {
        const string id = "TSP-REF-005";
        var problems = new List<string>();
        if (!log.Any(e => e.Category == TsaLogCategory.KeyLifecycle))
        {
            problems.Add("no TSU key life-cycle event (e.g. generation) is logged (OVR-7.12-02)");
        }

        if (!log.Any(e => e.Category == TsaLogCategory.CertificateLifecycle))
        {
            problems.Add("no TSU certificate life-cycle event (e.g. installation) is logged (OVR-7.12-03)");
        }

        if (!log.Any(e => e.Category == TsaLogCategory.ClockSynchronisationLost && Within(e.Time, lossWindow, tolerance)))
        {
            problems.Add($"no loss-of-synchronisation event dated between {lossWindow.From:HH:mm:ss.fff} and {lossWindow.To:HH:mm:ss.fff} (OVR-7.12-06)");
        }

        if (!log.Any(e => e.Category == TsaLogCategory.ClockSynchronised && Within(e.Time, recoveryWindow, tolerance)))
        {
            problems.Add($"no synchronisation event dated between {recoveryWindow.From:HH:mm:ss.fff} and {recoveryWindow.To:HH:mm:ss.fff} (OVR-7.12-04/-05)");
        }

        var imprecise = log.Where(e => e.Category != TsaLogCategory.Other && !IsPrecise(e.RecordedTimeText)).ToList();
        if (imprecise.Count > 0)
        {
            problems.Add($"{imprecise.Count} event(s) not dated to the millisecond in UTC, e.g. '{imprecise[0].RecordedTimeText}' ({imprecise[0].Event})");
        }

        if (problems.Count > 0)
        {
            throw new RequirementNotMetException(id, "the event log does not record every key and clock event with a precise time",
                "key and certificate life-cycle, synchronisation and loss-of-synchronisation events, each dated to the millisecond in UTC",
                $"{string.Join("; ", problems)} ({log.Count} entries read)");
        }
    }

    /// <summary>TSP-REF-006 (RFC 3161 §2.4.2): serial numbers stay unique across a crash and restart under load.</summary>
    public static void SerialsUniqueAcrossCrash(IReadOnlyList<IssuanceAttempt> beforeCrash, IReadOnlyList<IssuanceAttempt> afterRestart)
    {
        const string id = "TSP-REF-006";
        var before = beforeCrash.Where(a => a.Serial is not null).ToList();
        var after = afterRestart.Where(a => a.Serial is not null).ToList();
        if (before.Count == 0 || after.Count == 0)
        {
            throw new TargetErrorException($"{id}: the crash test needs tokens on both sides of the crash; got {before.Count} before and {after.Count} after");
        }

        var repeated = before.Concat(after).GroupBy(a => a.Serial!.Value).Where(g => g.Count() > 1).ToList();
        if (repeated.Count > 0)
        {
            BigInteger serial = repeated[0].Key;
            throw new RequirementNotMetException(id, $"{repeated.Count} serial number(s) were issued twice across the crash (RFC 3161 §2.4.2)",
                "every serial number unique, even after a crash", $"serial {serial:X} in {string.Join(" and ", repeated[0].Select(a => a.ToString()))}");
        }
    }

    private static bool Within(DateTimeOffset time, (DateTimeOffset From, DateTimeOffset To) window, TimeSpan tolerance) =>
        time >= window.From - tolerance && time <= window.To + tolerance;

    /// <summary>An ISO 8601 UTC instant with at least three fraction digits (e.g. 2026-01-01T10:00:00.123Z or +00:00).</summary>
    internal static bool IsPrecise(string text)
    {
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return false;
        }

        int digits = 0;
        while (dot + 1 + digits < text.Length && char.IsAsciiDigit(text[dot + 1 + digits]))
        {
            digits++;
        }

        string zone = text[(dot + 1 + digits)..];
        return digits >= 3 && (zone == "Z" || zone == "+00:00");
    }
}
