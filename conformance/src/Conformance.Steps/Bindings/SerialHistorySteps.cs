using System.Globalization;
using System.Runtime.CompilerServices;
using Conformance.Checks.History;
using Conformance.Checks.Outcomes;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>Serial numbers across runs: the serials of this run's tokens against the local history of earlier runs.</summary>
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
        SerialHistoryRequirements.NoSerialRepeatsAnEarlierRun(new SerialHistory(directory),
            SerialHistoryRequirements.RecordsOf(state.Series, run, DateTimeOffset.UtcNow));
    }
}
