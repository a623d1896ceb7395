namespace Conformance.Catalogue;

/// <summary>
/// Per source document: how its catalogued requirements are shown.
/// <list type="bullet">
/// <item><b>automated</b>: kind automated or both, and at least one scenario exercises it;</item>
/// <item><b>attested</b>: kind attested, or kind both without a scenario yet (its evidence list applies);</item>
/// <item><b>uncovered</b>: kind automated with no scenario yet: nothing shows it today;</item>
/// <item><b>informative</b>: level MAY or INFO (permissions and notes, nothing to show).</item>
/// </list>
/// </summary>
public static class CoverageReport
{
    public static IReadOnlyList<DocumentCoverage> Compute(Catalogue catalogue, FeatureScan scan)
    {
        var index = new ScenarioIndex(catalogue, scan);
        var rows = new List<DocumentCoverage>();
        foreach (var doc in catalogue.Documents)
        {
            int automated = 0, attested = 0, uncovered = 0, informative = 0;
            var reqs = catalogue.Requirements.Where(r => r.Source.Document == doc.Key).ToList();
            foreach (var r in reqs)
            {
                if (r.Level is RequirementLevel.May or RequirementLevel.Info)
                {
                    informative++;
                }
                else if (r.Kind.NeedsScenario() && index.HasScenario(r.Id))
                {
                    automated++;
                }
                else if (r.Kind is RequirementKind.Attested or RequirementKind.Both)
                {
                    attested++;
                }
                else
                {
                    uncovered++;
                }
            }

            rows.Add(new DocumentCoverage(doc, reqs.Count, automated, attested, uncovered, informative));
        }

        return rows;
    }
}

public sealed record DocumentCoverage(SourceDocument Document, int Total, int Automated, int Attested, int Uncovered, int Informative);
