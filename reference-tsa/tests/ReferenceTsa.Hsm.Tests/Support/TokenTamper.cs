using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using ReferenceTsa.Signing.Pkcs11;

namespace ReferenceTsa.Hsm.Tests.Support;

/// <summary>Creates keys the ceremony would never create, to prove the start-up gate refuses them.</summary>
public static class TokenTamper
{
    /// <summary>An EC P-256 pair on the token with the given private-key flags.</summary>
    public static byte[] CreateWeakKey(SoftHsmToken token, string label, bool extractable, bool sensitive)
    {
        NativeEnvironment.Set("SOFTHSM2_CONF", token.ConfPath);
        var module = Pkcs11Module.Acquire(Tools.SoftHsmModule);
        try
        {
            var slot = Pkcs11Token.FindSlot(module.Library, new Pkcs11TokenSelector(Tools.SoftHsmModule, token.Label, null));
            using var session = slot.OpenSession(SessionType.ReadWrite);
            session.Login(CKU.CKU_USER, token.Pin);
            var f = module.Factories.ObjectAttributeFactory;
            byte[] id = [0x0b, 0xad];
            session.GenerateKeyPair(module.Factories.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN),
            [
                f.Create(CKA.CKA_TOKEN, true), f.Create(CKA.CKA_LABEL, label), f.Create(CKA.CKA_ID, id), f.Create(CKA.CKA_VERIFY, true),
                f.Create(CKA.CKA_EC_PARAMS, Pkcs11PublicKeys.CurveParameters(Pkcs11PublicKeys.P256)),
            ],
            [
                f.Create(CKA.CKA_TOKEN, true), f.Create(CKA.CKA_PRIVATE, true), f.Create(CKA.CKA_SIGN, true),
                f.Create(CKA.CKA_SENSITIVE, sensitive), f.Create(CKA.CKA_EXTRACTABLE, extractable),
                f.Create(CKA.CKA_LABEL, label), f.Create(CKA.CKA_ID, id),
            ], out _, out var privateKey);
            var attributes = Pkcs11KeyAttributes.Of(session, privateKey);
            byte[] spki = Pkcs11PublicKeys.SubjectPublicKeyInfo(module.Factories, session, privateKey, attributes, new Pkcs11KeySelector(label, null));
            session.Logout();
            return spki;
        }
        finally
        {
            module.Release();
        }
    }
}
