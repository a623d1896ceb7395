using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Outcomes;
using Conformance.TrustedLists.Authenticity;
using Conformance.TrustedLists.Qualification;

namespace Conformance.Checks.Requirements;

/// <summary>
/// TSP-QTS-006: a token that declares itself an EU qualified time stamp (esi4-qtstStatement-1) is one only when an
/// authentic member-state trusted list shows its TSU (or the CA issuing it) as a TSA/QTST service with a qualifying
/// status at genTime (eIDAS art. 22 and 42, CIR (EU) 2015/1505, ETSI TS 119 612 and TS 119 615). Passes on yes, fails
/// on no (not listed, withdrawn, generic TSA only, a non-qualifying status); when the lists supplied cannot answer
/// (none for the territory, not authentic, expired before genTime) the check ends in error, never in a pass.
/// </summary>
public static class TrustedListRequirements
{
    public const string Id = "TSP-QTS-006";

    public static QualificationDecision Decide(TrustedListSet lists, X509Certificate2 tsu, IEnumerable<X509Certificate2> otherCertificates, DateTimeOffset genTime, DateTimeOffset now)
    {
        if (lists.IsEmpty)
        {
            throw new TargetErrorException($"{Id} could not be checked: no EU trusted list was supplied (--trusted-list FILE|DIR with --lotl FILE and --lotl-signer CERT, "
                + "or trusted-lists:/lotl:/lotl-signers: in the target file; --fetch-trusted-lists fetches them), so the qualified status at genTime is unknown");
        }

        return lists.Decider.Decide(tsu, otherCertificates, genTime, now);
    }

    public static void GrantedAtGenTime(QualificationDecision decision)
    {
        switch (decision.AtGenTime.Value)
        {
            case Qualified.Yes:
                return;
            case Qualified.No:
                throw new RequirementNotMetException(Id, "the TSU is not a granted qualified time-stamping service on its member state's trusted list at genTime",
                    $"a TSA/QTST service naming the TSU certificate or its CA, granted at {decision.GenTime:yyyy-MM-ddTHH:mm:ssZ}"
                        + (decision.List is { } list ? $", in {list.List.Describe()}" : string.Empty),
                    decision.AtGenTime.Reason);
            default:
                throw new TargetErrorException($"{Id} could not be decided from the trusted lists supplied: {decision.AtGenTime.Reason}");
        }
    }
}
