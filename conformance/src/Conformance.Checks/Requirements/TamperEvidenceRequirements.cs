using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;

namespace Conformance.Checks.Requirements;

/// <summary>
/// EIDAS-ART42-1-A. eIDAS Art. 42(1)(a): a qualified time stamp binds date and time to the data so that an undetected
/// change of the data is reasonably ruled out. Shown by changing one bit of the stamped imprint in a copy of the token:
/// the message-digest attribute or the signature must then fail.
/// </summary>
public static class TamperEvidenceRequirements
{
    private const string Id = "EIDAS-ART42-1-A";

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
