using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using ReferenceTsa.Clock;
using ReferenceTsa.Configuration;
using ReferenceTsa.EvidenceLog;
using ReferenceTsa.Protocol;
using ReferenceTsa.Signing.Pkcs11;

namespace ReferenceTsa.Observability;

/// <summary>Counters and a latency histogram, rendered for GET /metrics in the Prometheus text format.</summary>
public sealed class TsaMetrics
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private readonly ConcurrentDictionary<string, long> _issued = new();
    private readonly ConcurrentDictionary<(string Endpoint, string Reason), long> _rejected = new();
    private readonly long[] _bucketCounts = new long[LatencyBuckets.Length];
    private long _latencyCount;
    private long _latencySumMicros;
    private long _evidenceFailures;
    private readonly ConcurrentDictionary<string, long> _bodyFailures = new();

    public void Issued(string endpoint) => _issued.AddOrUpdate(endpoint, 1, (_, n) => n + 1);

    public void Rejected(string endpoint, PkiFailureInfo reason) =>
        _rejected.AddOrUpdate((endpoint, reason.ToString()), 1, (_, n) => n + 1);

    public void EvidenceFailure() => Interlocked.Increment(ref _evidenceFailures);

    /// <summary>A request whose body did not arrive: "timeout" (408: slow, stalled, absent), "aborted" (client closed), "malformed".</summary>
    public void BodyFailure(string reason) => _bodyFailures.AddOrUpdate(reason, 1, (_, n) => n + 1);

    public void Latency(TimeSpan elapsed)
    {
        double seconds = elapsed.TotalSeconds;
        for (int i = 0; i < LatencyBuckets.Length; i++)
        {
            if (seconds <= LatencyBuckets[i])
            {
                Interlocked.Increment(ref _bucketCounts[i]);
            }
        }

        Interlocked.Increment(ref _latencyCount);
        Interlocked.Add(ref _latencySumMicros, (long)(seconds * 1_000_000));
    }

    public string Render(TimeStampingService service, IClockStateSource clock, IEvidenceLog evidence)
    {
        var text = new StringBuilder();
        RenderRequests(text, service);
        RenderLatency(text);
        RenderClock(text, clock.Current);
        RenderTsus(text, service);
        RenderEvidence(text, evidence);
        return text.ToString();
    }

    private void RenderRequests(StringBuilder text, TimeStampingService service)
    {
        text.AppendLine("# HELP tsa_tokens_issued_total Time-stamp tokens issued.");
        text.AppendLine("# TYPE tsa_tokens_issued_total counter");
        foreach (var endpoint in service.Endpoints)
        {
            text.AppendLine(Invariant, $"tsa_tokens_issued_total{{endpoint=\"{endpoint.Name}\"}} {_issued.GetValueOrDefault(endpoint.Name)}");
        }

        text.AppendLine("# HELP tsa_requests_rejected_total Requests answered with an RFC 3161 rejection, by failInfo.");
        text.AppendLine("# TYPE tsa_requests_rejected_total counter");
        foreach (var ((endpoint, reason), rejected) in _rejected.OrderBy(kv => kv.Key))
        {
            text.AppendLine(Invariant, $"tsa_requests_rejected_total{{endpoint=\"{endpoint}\",reason=\"{reason}\"}} {rejected}");
        }

        text.AppendLine("# HELP tsa_request_body_failures_total Requests whose body did not arrive: timeout (HTTP 408: slower than the "
            + "minimum data rate, stalled, or never sent), aborted (the client closed the connection), malformed.");
        text.AppendLine("# TYPE tsa_request_body_failures_total counter");
        foreach (string reason in new[] { "timeout", "aborted", "malformed" })
        {
            text.AppendLine(Invariant, $"tsa_request_body_failures_total{{reason=\"{reason}\"}} {_bodyFailures.GetValueOrDefault(reason)}");
        }
    }

    private void RenderLatency(StringBuilder text)
    {

        text.AppendLine("# HELP tsa_issuance_duration_seconds Time from a complete request to a durable, signed response.");
        text.AppendLine("# TYPE tsa_issuance_duration_seconds histogram");
        for (int i = 0; i < LatencyBuckets.Length; i++)
        {
            text.AppendLine(Invariant, $"tsa_issuance_duration_seconds_bucket{{le=\"{LatencyBuckets[i]}\"}} {Interlocked.Read(ref _bucketCounts[i])}");
        }

        long count = Interlocked.Read(ref _latencyCount);
        text.AppendLine(Invariant, $"tsa_issuance_duration_seconds_bucket{{le=\"+Inf\"}} {count}");
        text.AppendLine(Invariant, $"tsa_issuance_duration_seconds_sum {Interlocked.Read(ref _latencySumMicros) / 1e6}");
        text.AppendLine(Invariant, $"tsa_issuance_duration_seconds_count {count}");
    }

    private static void RenderClock(StringBuilder text, ClockState state)
    {
        text.AppendLine("# HELP tsa_clock_gate_open 1 while the clock gate lets issuance proceed.");
        text.AppendLine("# TYPE tsa_clock_gate_open gauge");
        text.AppendLine(Invariant, $"tsa_clock_gate_open {(state.Open ? 1 : 0)}");
        text.AppendLine("# HELP tsa_clock_monitored 0 when the clock is not monitored (development only).");
        text.AppendLine("# TYPE tsa_clock_monitored gauge");
        text.AppendLine(Invariant, $"tsa_clock_monitored {(state.Monitored ? 1 : 0)}");
        if (state.ErrorBound is { } bound)
        {
            text.AppendLine("# HELP tsa_clock_error_bound_seconds Largest error bound of the usable time sources.");
            text.AppendLine("# TYPE tsa_clock_error_bound_seconds gauge");
            text.AppendLine(Invariant, $"tsa_clock_error_bound_seconds {bound.TotalSeconds}");
        }
    }

    /// <summary>Per-TSU gauges: when each stops signing, its expiry warning, whether it can sign now, its HSM's health.</summary>
    private static void RenderTsus(StringBuilder text, TimeStampingService service)
    {
        var now = DateTimeOffset.UtcNow;
        void TsuGauge(string name, string help, Func<Issuance.TimeStampingUnit, double> value)
        {
            text.AppendLine(Invariant, $"# HELP {name} {help}");
            text.AppendLine(Invariant, $"# TYPE {name} gauge");
            foreach (var tsu in service.Tsus)
            {
                text.AppendLine(Invariant, $"{name}{{tsu=\"{tsu.Name}\"}} {value(tsu)}");
            }
        }

        TsuGauge("tsa_tsu_certificate_expiry_seconds", "Seconds until the TSU stops signing: its certificate's notAfter or its private key "
            + "usage period end, whichever is first (negative once passed).", tsu => Math.Round((tsu.SigningEndsAt - now).TotalSeconds, 3));
        TsuGauge("tsa_tsu_expiry_warning", "1 from the configured warning period (Tsa:ExpiryWarningDays) before the TSU stops signing, and after.",
            tsu => tsu.ExpiresSoon(now) || now >= tsu.SigningEndsAt ? 1 : 0);
        TsuGauge("tsa_tsu_can_sign", "1 while the TSU's certificate and private key usage period allow signing now.",
            tsu => tsu.CannotSignAt(now) is null ? 1 : 0);
        text.AppendLine("# HELP tsa_hsm_healthy 1 while the TSU's PKCS#11 token answers (software keys are not listed).");
        text.AppendLine("# TYPE tsa_hsm_healthy gauge");
        foreach (var tsu in service.Tsus)
        {
            if (tsu.SigningKey is Pkcs11SigningKey hsm)
            {
                text.AppendLine(Invariant, $"tsa_hsm_healthy{{tsu=\"{tsu.Name}\"}} {(hsm.Token.LastFault is null ? 1 : 0)}");
            }
        }
    }

    private void RenderEvidence(StringBuilder text, IEvidenceLog evidence)
    {

        text.AppendLine("# HELP tsa_evidence_records_total Records in the evidence log.");
        text.AppendLine("# TYPE tsa_evidence_records_total counter");
        text.AppendLine(Invariant, $"tsa_evidence_records_total {evidence.LastSequence}");
        text.AppendLine("# HELP tsa_evidence_pending_records Records handed to the evidence log and not yet durable.");
        text.AppendLine("# TYPE tsa_evidence_pending_records gauge");
        text.AppendLine(Invariant, $"tsa_evidence_pending_records {evidence.PendingRecords}");
        text.AppendLine("# HELP tsa_evidence_lag_seconds Evidence-log lag: how long the records of the last group commit waited from append to durable.");
        text.AppendLine("# TYPE tsa_evidence_lag_seconds gauge");
        text.AppendLine(Invariant, $"tsa_evidence_lag_seconds {evidence.LastCommitLag.TotalSeconds}");
        text.AppendLine("# HELP tsa_evidence_failures_total Tokens withheld because their evidence record could not be written.");
        text.AppendLine("# TYPE tsa_evidence_failures_total counter");
        text.AppendLine(Invariant, $"tsa_evidence_failures_total {Interlocked.Read(ref _evidenceFailures)}");
    }
}
