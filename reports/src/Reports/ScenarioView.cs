namespace Reports;

/// <summary>A scenario as the report shows it: its result, and the waiver that applies to it (if any).</summary>
public sealed record ScenarioView(ReportScenario Scenario, Waiver? Waiver, Waiver? ExpiredWaiver, string? Input)
{
    /// <summary>A failed or errored scenario whose every requirement ID is covered by a waiver in force.</summary>
    public bool Waived => Waiver is not null;

    public bool IsFinding => Scenario.Status is Outcome.Failed or Outcome.Error;

    /// <summary>The result the report uses: "waived" for a waived finding, otherwise the scenario's status.</summary>
    public string Result => Waived ? "waived" : Scenario.Status;
}
