using Conformance.Runner.Results;

namespace Conformance.Runner.Inspection;

/// <summary>
/// What an inspection leaves in memory: the report without its per-file scenario results (those are in report.json,
/// written as the files finished), one row per file and the aggregated findings.
/// </summary>
/// <param name="Report">The report's verdict, counts and problems; its Inputs are empty (they are in report.json).</param>
/// <param name="ReportPath">The report.json written, with every file's scenario results.</param>
public sealed record InspectionResult(RunReport Report, IReadOnlyList<InspectedFile> Files, IReadOnlyList<FindingGroup> Findings, string ReportPath);
