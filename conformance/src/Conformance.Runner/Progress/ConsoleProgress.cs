using System.Globalization;
using Conformance.Catalogue.Text;
using Conformance.Runner.Host;
using Conformance.Runner.Results;

namespace Conformance.Runner.Progress;

/// <summary>
/// Progress for people. On a terminal: a status line (scenario n of N, current feature) rewritten in place, and one
/// permanent line per finished scenario. Redirected or with CI=true: plain lines only, no control characters.
/// </summary>
public sealed class ConsoleProgress(TextWriter output, bool interactive) : IRunProgress
{
    private readonly object _gate = new();
    private bool _statusShown;
    private int _finished;

    /// <summary>Interactive when stdout is a terminal and CI is not set to true.</summary>
    public static ConsoleProgress ForConsole() =>
        new(Console.Out, !Console.IsOutputRedirected && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase));

    public void RunStarted(string what, int scenarioCount)
    {
        lock (_gate)
        {
            _finished = 0;
            output.WriteLine(VisibleText.Of($"{what}: {scenarioCount} scenario(s)", keepLineBreaks: false));
        }
    }

    public void ScenarioStarted(int number, int total, ScenarioCase scenario)
    {
        if (!interactive)
        {
            return;
        }

        lock (_gate)
        {
            string line = VisibleText.Of($"[{number}/{total}] {scenario.Feature.Title}: {scenario.Name}", keepLineBreaks: false)!;
            int width = Console.IsOutputRedirected ? 120 : Math.Max(40, Console.WindowWidth - 1);
            output.Write("\r\u001b[K" + (line.Length > width ? line[..(width - 1)] + "…" : line));
            _statusShown = true;
        }
    }

    public void ScenarioFinished(int completed, int total, ScenarioCase scenario, ScenarioResult result)
    {
        lock (_gate)
        {
            if (_statusShown)
            {
                output.Write("\r\u001b[K");
                _statusShown = false;
            }

            completed = ++_finished; // numbered under the lock, so lines come out in order
            string ids = result.RequirementIds.Count > 0 ? string.Join(",", result.RequirementIds) : "-";
            string status = (result.Status == ScenarioStatus.Failed && result.EffectiveGrade is { } grade ? grade.ToText() : result.Status.ToText()).ToUpperInvariant().PadRight(14);
            if (interactive)
            {
                status = Colour(result.Status, result.EffectiveGrade) + status + "\u001b[0m";
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{completed}/{total}] {status} {ids,-13} {result.Feature}: {result.Name} ({result.DurationMs:F0} ms)"));
            if (result.Status is not ScenarioStatus.Passed && result.Message is { } message)
            {
                output.WriteLine("        " + VisibleText.Of(message, keepLineBreaks: false));
            }
        }
    }

    private static string Colour(ScenarioStatus status, FindingGrade? grade) => status switch
    {
        ScenarioStatus.Passed => "\u001b[32m",
        ScenarioStatus.Failed when grade == FindingGrade.Nonconformity => "\u001b[31m",
        ScenarioStatus.Error => "\u001b[35m",
        _ => "\u001b[33m",
    };
}
