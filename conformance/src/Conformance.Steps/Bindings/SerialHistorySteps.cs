using System.Globalization;
using System.Runtime.CompilerServices;
using Conformance.Checks.History;
using Conformance.Checks.Outcomes;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>TSP-TST-004 across runs: the serials of this run's tokens against the local history of earlier runs.</summary>
[Binding]
public sealed class SerialHistorySteps(ServiceUnderTest service, TimeStampingState state, ScenarioEvidence evidence)
{
    private static readonly ConditionalWeakTable<ServiceUnderTest, string> RunLabels = new();

    [Then("no token repeats a serial number an earlier run recorded for the same TSU")]
    public void ThenNoSerialRepeatsAcrossRuns()
    {
        string directory = service.Declarations.SerialHistoryDirectory
            ?? throw new NotApplicableException("the serial history is switched off (--no-history), so earlier runs cannot be compared");
        string run = RunLabels.GetValue(service, _ =>
            $"run started {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} (evidence {evidence.Directory ?? "not on disk"})");

        var records = new List<SerialHistoryRecord>();
        foreach ((string variation, var exchange) in state.Series)
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
                    RecordedAtUtc = DateTimeOffset.UtcNow,
                });
            }
        }

        if (records.Count == 0)
        {
            throw new TargetErrorException("no token with a readable TSTInfo and signer was obtained, so no serial number could be recorded");
        }

        var history = new SerialHistory(directory);
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
            throw new RequirementNotMetException("TSP-TST-004", $"{repeats.Count} serial number(s) repeat one recorded for the same TSU by an earlier run",
                "each serial number used once by a TSA, across restarts",
                $"serial {now.Serial} of TSU {now.Tsu}: earlier in {earlier.Run}, token {earlier.Token} ({earlier.Url}, genTime {earlier.GenTime}); again in this run, token {now.Token} (genTime {now.GenTime}); history file {history.FileFor(now.Tsu)}");
        }
    }
}
