namespace Reports;

/// <summary>A scenario as the report shows it: its result, and the waiver that applies to it (if any).</summary>
public sealed record ScenarioView(ReportScenario Scenario, Waiver? Waiver, Waiver? ExpiredWaiver, string? Input)
{
    /// <summary>A failed or errored scenario whose every requirement ID is covered by a waiver in force.</summary>
    public bool Waived => Waiver is not null;

    public bool IsFinding => Scenario.Status is Outcome.Failed or Outcome.Error;

    /// <summary>The result the report uses: "waived" for a waived finding, otherwise the scenario's status.</summary>
    public string Result => Waived ? "waived" : Scenario.Status;

    /// <summary>
    /// inspect: how many stored files this view stands for (the same check with the same result and finding text, see
    /// <see cref="InspectionDigest"/>); 1 for a scenario of a run or of one file.
    /// </summary>
    public int Files { get; init; } = 1;

    /// <summary>inspect: the first stored files the view stands for (<see cref="Input"/> names the first), with their evidence.</summary>
    public IReadOnlyList<ReportInput> ExampleInputs { get; init; } = [];
}
