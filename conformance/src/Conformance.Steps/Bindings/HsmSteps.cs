using System.Security.Cryptography.X509Certificates;
using System.Text;
using Conformance.Checks.Hsm;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;
using Conformance.Checks.Transport;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>
/// TSP-REF-004 (EN 319 421 TIS-7.6.3-02): with PKCS#11 access (hsm: in the target file), the TSU private key's
/// attributes are read with the suite's own client and compared with the certificate the live service sends.
/// </summary>
[Binding]
public sealed class HsmSteps(ServiceUnderTest service, TimeStampingState state, ScenarioEvidence evidence, ScenarioRequirements requirements)
{
    /// <summary>What the auditor asks for without PKCS#11 access: the catalogue's evidence list of the scenario's requirement.</summary>
    private string Evidence => requirements.EvidenceToAskFor;

    private bool _qualified;
    private X509Certificate2? _certificate;
    private Pkcs11KeyInspection? _inspection;

    [Given("the TSU certificate of the {word} time-stamping service")]
    public async Task GivenTheTsuCertificate(string endpoint)
    {
        _qualified = endpoint switch
        {
            "qualified" => true,
            "non-qualified" => false,
            _ => throw new ArgumentException($"unknown endpoint '{endpoint}': write qualified or non-qualified"),
        };
        Uri url = _qualified ? service.RequireQualifiedUrl()
            : service.IsOffline ? throw new NotApplicableException("needs the live service's TSU certificate")
            : service.NonQualifiedUrl ?? throw new NotApplicableException("no non-qualified URL is declared for this target");
        TimeStampRequest request = TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { CertReq = true };
        TimeStampExchange exchange = await service.RequireClient().RequestAsync(url, request, evidence, evidence.Label, service.CancellationToken);
        TimeStampResponse response = exchange.RequireResponse();
        state.Token = response.Token ?? throw new TargetErrorException($"{url}: {response.StatusText}; a token was needed to read the TSU certificate");
        _certificate = CmsRequirements.RequireSignerCertificate(state.Token);
    }

    [When("the auditor reads the TSU private key's attributes over PKCS#11")]
    public void WhenTheAuditorReadsTheKey()
    {
        string which = _qualified ? "qualified" : "non-qualified";
        if (service.Declarations.Hsm is not { } access)
        {
            HsmKeyRequirements.KeyIsNotASoftwareKey(service.Declarations.SoftwareKeys);
            throw new NeedsAttestedEvidenceException(null,
                "the target gives no PKCS#11 access to the TSU keys (hsm: in the target file)", Evidence);
        }

        HsmKeySelector key = access.KeyFor(_qualified) ?? throw new NeedsAttestedEvidenceException(null,
            $"the hsm: section names no key for the {which} TSU ({(_qualified ? "qualified-key-label/qualified-key-id" : "key-label/key-id")})", Evidence);
        try
        {
            _inspection = Pkcs11KeyInspector.Inspect(access, key);
        }
        catch (HsmAccessException e)
        {
            throw new TargetErrorException(e.Message, e);
        }

        evidence.Save($"{evidence.Label}-{which}-pkcs11", "txt", Encoding.UTF8.GetBytes(_inspection.ToEvidenceText()));
    }

    [Then("the key is a sensitive token object that was generated on the token and can never be extracted")]
    public void ThenTheKeyIsHeldInTheDevice() => HsmKeyRequirements.KeyIsHeldInTheDevice(Inspection);

    [Then("the key in the token is the TSU certificate's key")]
    public void ThenTheKeyIsTheCertificatesKey() =>
        HsmKeyRequirements.PublicKeyMatchesCertificate(Inspection, _certificate ?? throw new InvalidOperationException("no TSU certificate was obtained in this scenario"));

    private Pkcs11KeyInspection Inspection => _inspection ?? throw new InvalidOperationException("the key has not been read in this scenario");
}
