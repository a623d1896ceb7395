using System.Globalization;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Transport;

namespace Conformance.Checks.History;

/// <summary>
/// TSP-TST-004 across runs. RFC 3161 §2.4.2: serialNumber is unique for each token a TSA issues, so also across
/// restarts. The serials of this run's granted tokens are compared with the <see cref="SerialHistory"/> of earlier runs
/// and then appended to it; a serial an earlier run recorded for the same TSU is a finding naming both tokens.
/// </summary>
public static class SerialHistoryRequirements
{
    /// <summary>The history records of the granted tokens in <paramref name="exchanges"/> whose TSTInfo and signer can be read.</summary>
    public static IReadOnlyList<SerialHistoryRecord> RecordsOf(IEnumerable<(string Variation, TimeStampExchange Exchange)> exchanges, string run, DateTimeOffset now)
    {
        var records = new List<SerialHistoryRecord>();
        foreach ((string variation, TimeStampExchange exchange) in exchanges)
        {
            if (exchange.Response is { IsGranted: true, Token: { TstInfo: { } tst } token } && SerialHistory.TsuOf(token) is { } tsu)
            {
                records.Add(new SerialHistoryRecord
                {
                    Tsu = tsu,
                    Serial = tst.SerialNumber.ToString(CultureInfo.InvariantCulture),
                    Url = exchange.Http.Url.ToString(),
                    Run = run,
                    Token = exchange.EvidenceFiles.FirstOrDefault(f => f.EndsWith(".tst", StringComparison.Ordinal)) ?? variation,
                    GenTime = tst.GenTimeText,
                    RecordedAtUtc = now,
                });
            }
        }

        return records;
    }

    /// <summary>
    /// Checks <paramref name="records"/> against the history and appends them. No record, or a history that cannot be
    /// read or written, leaves the requirement unjudged (<see cref="TargetErrorException"/>).
    /// </summary>
    public static void NoSerialRepeatsAnEarlierRun(SerialHistory history, IReadOnlyList<SerialHistoryRecord> records)
    {
        const string id = "TSP-TST-004";
        if (records.Count == 0)
        {
            throw new TargetErrorException("no token with a readable TSTInfo and signer was obtained, so no serial number could be recorded");
        }

        IReadOnlyList<(SerialHistoryRecord Earlier, SerialHistoryRecord Now)> repeats;
        try
        {
            repeats = history.CheckAndAppend(records);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new TargetErrorException($"the serial history in {history.Directory} cannot be used: {e.Message}");
        }

        if (repeats.Count > 0)
        {
            (SerialHistoryRecord earlier, SerialHistoryRecord now) = repeats[0];
            throw new RequirementNotMetException(id, $"{repeats.Count} serial number(s) repeat one recorded for the same TSU by an earlier run",
                "each serial number used once by a TSA, across restarts",
                $"serial {now.Serial} of TSU {now.Tsu}: earlier in {earlier.Run}, token {earlier.Token} ({earlier.Url}, genTime {earlier.GenTime}); "
                + $"again in this run, token {now.Token} (genTime {now.GenTime}); history file {history.FileFor(now.Tsu)}");
        }
    }
}
