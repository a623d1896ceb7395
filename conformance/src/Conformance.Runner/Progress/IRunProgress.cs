using Conformance.Runner.Host;
using Conformance.Runner.Results;

namespace Conformance.Runner.Progress;

/// <summary>Notified as a run advances; called from several worker threads.</summary>
public interface IRunProgress
{
    void RunStarted(string what, int scenarioCount);

    void ScenarioStarted(int number, int total, ScenarioCase scenario);

    void ScenarioFinished(int completed, int total, ScenarioCase scenario, ScenarioResult result);

    /// <summary>inspect: one stored token has been judged (number of total files).</summary>
    void InputFinished(int number, int total, InputResult input)
    {
    }
}

public sealed class NoProgress : IRunProgress
{
    public static readonly NoProgress Instance = new();

    public void RunStarted(string what, int scenarioCount)
    {
    }

    public void ScenarioStarted(int number, int total, ScenarioCase scenario)
    {
    }

    public void ScenarioFinished(int completed, int total, ScenarioCase scenario, ScenarioResult result)
    {
    }
}
