using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using ReferenceTsa.Signing.Pkcs11;
using ISession = Net.Pkcs11Interop.HighLevelAPI.ISession;

namespace ReferenceTsa.Hsm.Tests.Support;

/// <summary>
/// Changes a token behind the TSA's back: keys the ceremony would never create (the start-up gate must refuse them),
/// and a TSU key replaced under its label (issuance must refuse it).
/// </summary>
public static class TokenTamper
{
    /// <summary>
    /// Inside this process (SoftHSM does not see objects another process adds to a token it has loaded): destroys the
    /// key pair labelled <paramref name="label"/> and generates another, sensitive and never extractable, under the
    /// same label. The TSA's login is shared and stays; no logout.
    /// </summary>
    public static void ReplaceKey(SoftHsmToken token, string label)
    {
        var module = Pkcs11Module.Acquire(Tools.SoftHsmModule);
        try
        {
            var slot = Pkcs11Token.FindSlot(module.Library, new Pkcs11TokenSelector(Tools.SoftHsmModule, token.Label, null));
            using var session = slot.OpenSession(SessionType.ReadWrite);
            try
            {
                session.Login(CKU.CKU_USER, token.Pin);
            }
            catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
            {
            }

            var f = module.Factories.ObjectAttributeFactory;
            foreach (var objectClass in new[] { CKO.CKO_PRIVATE_KEY, CKO.CKO_PUBLIC_KEY })
            {
                foreach (var handle in session.FindAllObjects([f.Create(CKA.CKA_CLASS, objectClass), f.Create(CKA.CKA_LABEL, label)]))
                {
                    session.DestroyObject(handle);
                }
            }

            GenerateEcPair(module, session, label, [0x0e, 0x1d], extractable: false, sensitive: true);
        }
        finally
        {
            module.Release();
        }
    }

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
            var privateKey = GenerateEcPair(module, session, label, [0x0b, 0xad], extractable, sensitive);
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

    private static IObjectHandle GenerateEcPair(Pkcs11Module module, ISession session, string label, byte[] id, bool extractable, bool sensitive)
    {
        var f = module.Factories.ObjectAttributeFactory;
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
        return privateKey;
    }
}
