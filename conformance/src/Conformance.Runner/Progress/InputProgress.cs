using Conformance.Runner.Host;
using Conformance.Runner.Results;

namespace Conformance.Runner.Progress;

/// <summary>inspect's progress: one line per stored token ([n/N] file: verdict), not one per scenario and file.</summary>
public sealed class InputProgress(TextWriter output) : IRunProgress
{
    private readonly object _gate = new();

    public void RunStarted(string what, int scenarioCount)
    {
        lock (_gate)
        {
            output.WriteLine(what);
        }
    }

    public void ScenarioStarted(int number, int total, ScenarioCase scenario)
    {
    }

    public void ScenarioFinished(int completed, int total, ScenarioCase scenario, ScenarioResult result)
    {
    }

    public void InputFinished(int number, int total, InputResult input)
    {
        int failed = input.Scenarios.Count(s => s.Status == ScenarioStatus.Failed);
        lock (_gate)
        {
            string chain = VerdictRules.ChainNotChecked(input.Scenarios) ? $" ({VerdictRules.ChainNotCheckedNote})" : "";
            output.WriteLine(Conformance.Catalogue.Text.VisibleText.Of(
                $"[{number}/{total}] {input.File}: {input.Verdict.ToString().ToLowerInvariant()}{(failed > 0 ? $", {failed} failed" : "")}{chain}", keepLineBreaks: false));
        }
    }
}
