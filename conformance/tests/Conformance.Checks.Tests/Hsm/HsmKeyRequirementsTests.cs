using Conformance.Checks.Hsm;
using Conformance.Checks.Outcomes;

namespace Conformance.Checks.Tests.Hsm;

/// <summary>TSP-REF-004 without PKCS#11 access: a target that declares software keys fails; one that declares nothing is not judged here.</summary>
public sealed class HsmKeyRequirementsTests
{
    [Fact]
    public void Declared_software_keys_fail_REF_004_and_no_declaration_passes_this_check()
    {
        HsmKeyRequirements.KeyIsNotASoftwareKey(null);

        var f = Assert.Throws<RequirementNotMetException>(() => HsmKeyRequirements.KeyIsNotASoftwareKey("PKCS#8 files under keys/"));
        Assert.Equal("TSP-REF-004", f.RequirementId);
        Assert.Equal("a key generated and used only inside an HSM", f.Expected);
        Assert.Equal("PKCS#8 files under keys/", f.Observed);
    }
}
