using System.Text;
using Microsoft.Extensions.Logging;

namespace ReferenceTsa.Defects;

/// <summary>Says loudly that defects are active: in the start-up log, the /readyz warnings and a /metrics gauge.</summary>
public static class DefectAnnouncement
{
    public static void Log(ActiveDefects defects, ILogger logger)
    {
        if (!defects.Any)
        {
            return;
        }

        logger.LogCritical("{Message}", defects.Describe());
        foreach (var defect in defects.List)
        {
            logger.LogCritical("Defect {Defect}: {Effect} (caught by {Requirements})", defect.Name, defect.Effect, string.Join(", ", defect.CaughtBy));
        }
    }

    public static IEnumerable<string> Warnings(ActiveDefects defects) => defects.Any ? [defects.Describe()] : [];

    /// <summary>tsa_defect_active{defect="..."} 1 for each active defect, and tsa_defects_active with their number.</summary>
    public static string Metrics(ActiveDefects defects)
    {
        var text = new StringBuilder();
        text.AppendLine("# HELP tsa_defects_active Injected defects (development mode): any value above 0 means the TSA is deliberately non-conformant.");
        text.AppendLine("# TYPE tsa_defects_active gauge");
        text.AppendLine(FormattableString.Invariant($"tsa_defects_active {defects.List.Count}"));
        text.AppendLine("# HELP tsa_defect_active 1 for each injected defect.");
        text.AppendLine("# TYPE tsa_defect_active gauge");
        foreach (var defect in defects.List)
        {
            text.AppendLine(FormattableString.Invariant($"tsa_defect_active{{defect=\"{defect.Name}\"}} 1"));
        }

        return text.ToString();
    }
}
