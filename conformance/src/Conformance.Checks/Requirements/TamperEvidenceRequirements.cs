using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.Requirements;

/// <summary>
/// EIDAS-ART42-1-A. eIDAS Art. 42(1)(a): a qualified time stamp binds date and time to the data so that an undetected
/// change of the data is reasonably ruled out. Shown on the token as issued (<see cref="TimeIsBoundToTheData"/>) and by
/// changing one bit of the stamped imprint in a copy of the token: the message-digest attribute or the signature must
/// then fail (<see cref="AlteredImprintIsDetected"/>).
/// </summary>
public static class TamperEvidenceRequirements
{
    public const string Id = "EIDAS-ART42-1-A";

    /// <summary>
    /// The token as issued binds its time to the data: the stamped imprint is the request's (TSP-TST-003's check), the
    /// signed attributes bind the TSTInfo (TSP-CMS-006's) and the signature verifies (TSP-CMS-010's). A part that fails
    /// is a finding of Art. 42(1)(a) (<see cref="ComposedRequirement"/>).
    /// </summary>
    public static void TimeIsBoundToTheData(TimeStampRequest request, TimeStampToken token)
    {
        TstInfo tst = TokenRequirements.RequireTstInfo(token, Id);
        ComposedRequirement.Part(Id, () => TstInfoRequirements.ImprintMatchesRequest(request, tst));
        ComposedRequirement.Part(Id, () => CmsRequirements.SignedAttributesBindTheContent(token));
        ComposedRequirement.Part(Id, () => CmsRequirements.SignatureVerifies(token));
    }

    public static void AlteredImprintIsDetected(TimeStampToken token)
    {
        TstInfo tst = TokenRequirements.RequireTstInfo(token, Id);
        byte[] altered = token.Encoded.ToArray();
        int tstAt = altered.AsSpan().IndexOf(tst.Encoded.Span);
        int imprintAt = tstAt < 0 || tst.HashedMessage.IsEmpty ? -1 : altered.AsSpan(tstAt, tst.Encoded.Length).IndexOf(tst.HashedMessage.Span);
        if (imprintAt < 0)
        {
            throw new TargetErrorException("the stamped imprint could not be located in the token's encoding, so no altered copy could be made");
        }

        altered[tstAt + imprintAt + tst.HashedMessage.Length - 1] ^= 0x01;
        if (!TimeStampToken.TryDecode(altered, out TimeStampToken? copy, out _) || copy is null)
        {
            return; // the change already breaks the structure: detected
        }

        try
        {
            CmsRequirements.SignedAttributesBindTheContent(copy);
            CmsRequirements.SignatureVerifies(copy);
        }
        catch (RequirementNotMetException)
        {
            return; // detected by the message digest or the signature
        }

        throw new RequirementNotMetException(Id, "a copy of the token with one bit of the stamped imprint changed still verifies",
            "the change detected by the message-digest attribute or the signature", "both checks passed on the altered copy");
    }
}
