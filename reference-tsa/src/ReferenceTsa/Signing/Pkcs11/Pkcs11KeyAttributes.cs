using System.Formats.Asn1;
using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using ISession = Net.Pkcs11Interop.HighLevelAPI.ISession;

namespace ReferenceTsa.Signing.Pkcs11;

/// <summary>A key on a token: by CKA_LABEL, CKA_ID (hex) or both.</summary>
public sealed record Pkcs11KeySelector(string? Label, byte[]? Id)
{
    public string IdHex => Id is null ? "" : Convert.ToHexStringLower(Id);

    public override string ToString() => (Label, Id) switch
    {
        (not null, not null) => $"key '{Label}' (CKA_ID {IdHex})",
        (not null, null) => $"key '{Label}'",
        _ => $"key with CKA_ID {IdHex}",
    };

    public List<IObjectAttribute> Template(Pkcs11InteropFactories factories, CKO objectClass)
    {
        var template = new List<IObjectAttribute> { factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, objectClass) };
        if (Label is not null)
        {
            template.Add(factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, Label));
        }

        if (Id is not null)
        {
            template.Add(factories.ObjectAttributeFactory.Create(CKA.CKA_ID, Id));
        }

        return template;
    }
}

/// <summary>
/// The private key attributes the start-up gate checks (EN 319 421 TIS-7.6.2/7.6.3: generated and kept in the
/// device, never leaving it in clear), read with C_GetAttributeValue.
/// </summary>
public sealed record Pkcs11KeyAttributes(
    CKK KeyType,
    string? Label,
    byte[] Id,
    bool Token,
    bool Private,
    bool Sensitive,
    bool AlwaysSensitive,
    bool Extractable,
    bool NeverExtractable,
    bool Sign,
    bool Local)
{
    private static readonly CKA[] Read =
    [
        CKA.CKA_KEY_TYPE, CKA.CKA_LABEL, CKA.CKA_ID, CKA.CKA_TOKEN, CKA.CKA_PRIVATE, CKA.CKA_SENSITIVE,
        CKA.CKA_ALWAYS_SENSITIVE, CKA.CKA_EXTRACTABLE, CKA.CKA_NEVER_EXTRACTABLE, CKA.CKA_SIGN,
        CKA.CKA_LOCAL,
    ];

    public static Pkcs11KeyAttributes Of(ISession session, IObjectHandle key)
    {
        var values = session.GetAttributeValue(key, [.. Read]);
        // An attribute the module will not reveal counts as the unsafe value.
        bool Flag(int i, bool unreadable) => values[i].CannotBeRead ? unreadable : values[i].GetValueAsBool();
        return new Pkcs11KeyAttributes(
            (CKK)values[0].GetValueAsUlong(),
            values[1].CannotBeRead ? null : values[1].GetValueAsString(),
            values[2].CannotBeRead ? [] : values[2].GetValueAsByteArray() ?? [],
            Flag(3, false), Flag(4, false), Flag(5, false), Flag(6, false), Flag(7, true), Flag(8, false), Flag(9, false),
            Flag(10, false));
    }

    /// <summary>Why this key must not be a TSU key; empty when it may.</summary>
    public IReadOnlyList<string> GateProblems()
    {
        var problems = new List<string>();
        if (!Token) problems.Add("CKA_TOKEN is false (a session object, not kept on the device)");
        if (!Private) problems.Add("CKA_PRIVATE is false (usable without login)");
        if (!Sensitive) problems.Add("CKA_SENSITIVE is false (its value can be read in clear)");
        if (!AlwaysSensitive) problems.Add("CKA_ALWAYS_SENSITIVE is false (it was readable in clear at some time)");
        if (Extractable) problems.Add("CKA_EXTRACTABLE is true (it can be wrapped and exported)");
        if (!NeverExtractable) problems.Add("CKA_NEVER_EXTRACTABLE is false (it was exportable at some time)");
        if (!Sign) problems.Add("CKA_SIGN is false");
        if (KeyType is not (CKK.CKK_RSA or CKK.CKK_EC)) problems.Add($"its type {KeyType} is neither RSA nor EC");
        return problems;
    }
}

/// <summary>Reads a token key's public half as a SubjectPublicKeyInfo.</summary>
public static class Pkcs11PublicKeys
{
    public const string P256 = "1.2.840.10045.3.1.7";
    public const string P384 = "1.3.132.0.34";
    public const string P521 = "1.3.132.0.35";

    /// <summary>
    /// RSA: CKA_MODULUS and CKA_PUBLIC_EXPONENT of the private key itself (or its public key object). EC: the
    /// CKO_PUBLIC_KEY with the same CKA_ID/label (CKA_EC_PARAMS, CKA_EC_POINT); the private key has no point.
    /// </summary>
    public static byte[] SubjectPublicKeyInfo(Pkcs11InteropFactories factories, ISession session, IObjectHandle privateKey,
        Pkcs11KeyAttributes attributes, Pkcs11KeySelector selector)
    {
        if (attributes.KeyType == CKK.CKK_RSA)
        {
            var values = session.GetAttributeValue(privateKey, [CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT]);
            if (values.Any(v => v.CannotBeRead || v.GetValueAsByteArray() is null or { Length: 0 }))
            {
                values = session.GetAttributeValue(PublicKeyObject(factories, session, selector), [CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT]);
            }

            using var rsa = RSA.Create(new RSAParameters
            {
                Modulus = TrimLeadingZeros(values[0].GetValueAsByteArray()),
                Exponent = TrimLeadingZeros(values[1].GetValueAsByteArray()),
            });
            return rsa.ExportSubjectPublicKeyInfo();
        }

        if (attributes.KeyType == CKK.CKK_EC)
        {
            var values = session.GetAttributeValue(PublicKeyObject(factories, session, selector), [CKA.CKA_EC_PARAMS, CKA.CKA_EC_POINT]);
            string curve = AsnDecoder.ReadObjectIdentifier(values[0].GetValueAsByteArray(), AsnEncodingRules.DER, out _);
            byte[] point = UnwrapEcPoint(values[1].GetValueAsByteArray());
            int coordinate = (point.Length - 1) / 2;
            if (point[0] != 0x04 || point.Length != 1 + (2 * coordinate))
            {
                throw new CryptographicException("CKA_EC_POINT is not an uncompressed point");
            }

            using var ecdsa = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.CreateFromValue(curve),
                Q = new ECPoint { X = point[1..(1 + coordinate)], Y = point[(1 + coordinate)..] },
            });
            return ecdsa.ExportSubjectPublicKeyInfo();
        }

        throw new CryptographicException($"{selector} is a {attributes.KeyType} key; only RSA and EC keys sign time-stamps");
    }

    public static IObjectHandle PublicKeyObject(Pkcs11InteropFactories factories, ISession session, Pkcs11KeySelector selector)
    {
        var found = session.FindAllObjects(selector.Template(factories, CKO.CKO_PUBLIC_KEY));
        return found.Count == 1
            ? found[0]
            : throw new Pkcs11UnavailableException($"{found.Count} public key objects match {selector}; exactly one is needed");
    }

    /// <summary>PKCS#11 v2.40 stores DER(OCTET STRING(point)); some modules store the bare point.</summary>
    public static byte[] UnwrapEcPoint(byte[] value)
    {
        try
        {
            byte[] inner = AsnDecoder.ReadOctetString(value, AsnEncodingRules.DER, out int consumed);
            if (consumed == value.Length && inner.Length > 0 && inner[0] == 0x04)
            {
                return inner;
            }
        }
        catch (AsnContentException)
        {
        }

        return value;
    }

    public static byte[] CurveParameters(string curveOid)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteObjectIdentifier(curveOid);
        return writer.Encode();
    }

    private static byte[] TrimLeadingZeros(byte[] value)
    {
        int i = 0;
        while (i < value.Length - 1 && value[i] == 0)
        {
            i++;
        }

        return value[i..];
    }
}
