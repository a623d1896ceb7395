using Conformance.Checks.Operator;
using Conformance.Checks.Outcomes;

namespace Conformance.Checks.Tests.Operator;

/// <summary>The white-box start-up judgment: a TSA set up with a fault must refuse to start.</summary>
public sealed class OperatorRequirementsTests
{
    [Fact]
    public void A_refused_start_passes_and_a_start_despite_the_fault_is_the_scenarios_finding()
    {
        OperatorRequirements.ConfigurationRefused("EN319421 §8.2", "the qualified TSU signs non-qualified tokens", "exit 78: Tsa:Tsus:q ...", "unused");

        var f = Assert.Throws<RequirementNotMetException>(() =>
            OperatorRequirements.ConfigurationRefused("EN319421 §8.2", "the qualified TSU signs non-qualified tokens", null, "http://127.0.0.1:1/tsa and http://127.0.0.1:1/qtsa"));
        Assert.True(f.IsScenarioFinding);
        Assert.Null(f.RequirementId);
        Assert.Equal("the TSA started although the qualified TSU signs non-qualified tokens (EN319421 §8.2) (expected: the configuration refused at start-up; "
            + "observed: the instance runs and serves http://127.0.0.1:1/tsa and http://127.0.0.1:1/qtsa)", f.Message);
    }
}
