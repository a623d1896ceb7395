using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using ReferenceTsa.Certificates;
using ReferenceTsa.Events;
using ReferenceTsa.Protocol;
using ISession = Net.Pkcs11Interop.HighLevelAPI.ISession;

namespace ReferenceTsa.Signing.Pkcs11;

/// <summary>Key algorithms a ceremony can generate on the token.</summary>
public enum TsuKeyAlgorithm
{
    Rsa3072,
    Rsa4096,
    EcdsaP256,
    EcdsaP384,
}

/// <summary>
/// The ceremony refuses what it was given: a label already used, a key that is not on the token, a certificate for
/// another key or one that is not a TSU certificate. The token worked; the input is wrong (exit code 65, EX_DATAERR).
/// </summary>
public sealed class KeyCeremonyRefusedException(string message) : Exception(message);

/// <summary>
/// Key ceremony operations on a token, through one read-write session logged in as the user: generate a TSU key
/// pair inside the token, have it sign a PKCS#10 request, store the issued certificate next to it, describe it.
/// </summary>
public sealed class Pkcs11KeyCeremony : IDisposable
{
    private readonly Pkcs11Module _module;
    private readonly ISession _session;

    private Pkcs11KeyCeremony(Pkcs11Module module, ISession session, Pkcs11TokenSelector token)
    {
        _module = module;
        _session = session;
        Token = token;
    }

    public Pkcs11TokenSelector Token { get; }

    private Pkcs11InteropFactories Factories => _module.Factories;

    public static Pkcs11KeyCeremony Open(Pkcs11TokenSelector token, string pin)
    {
        var module = Pkcs11Module.Acquire(token.ModulePath);
        ISession? session = null;
        try
        {
            session = Pkcs11Token.FindSlot(module.Library, token).OpenSession(SessionType.ReadWrite);
            try
            {
                session.Login(CKU.CKU_USER, pin);
            }
            catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
            {
            }

            return new Pkcs11KeyCeremony(module, session, token);
        }
        catch
        {
            session?.Dispose();
            module.Release();
            throw;
        }
    }

    public static bool TryParseAlgorithm(string? text, out TsuKeyAlgorithm algorithm)
    {
        TsuKeyAlgorithm? parsed = text?.ToLowerInvariant() switch
        {
            "rsa-3072" or "rsa3072" => TsuKeyAlgorithm.Rsa3072,
            "rsa-4096" or "rsa4096" => TsuKeyAlgorithm.Rsa4096,
            "ecdsa-p256" or "p-256" or "p256" => TsuKeyAlgorithm.EcdsaP256,
            "ecdsa-p384" or "p-384" or "p384" => TsuKeyAlgorithm.EcdsaP384,
            _ => null,
        };
        algorithm = parsed ?? default;
        return parsed is not null;
    }

    /// <summary>
    /// Generates the pair on the token: private key CKA_TOKEN, CKA_PRIVATE, CKA_SENSITIVE, CKA_SIGN true and
    /// CKA_EXTRACTABLE false (so the token sets CKA_ALWAYS_SENSITIVE and CKA_NEVER_EXTRACTABLE); no decrypt, unwrap
    /// or derive. Refuses a label or ID already used by a private key.
    /// </summary>
    public (Pkcs11KeySelector Key, byte[] PublicKeyInfo) Generate(TsuKeyAlgorithm algorithm, string label, byte[]? id)
    {
        id ??= RandomNumberGenerator.GetBytes(16);
        var f = Factories.ObjectAttributeFactory;
        foreach (var existing in new[] { new Pkcs11KeySelector(label, null), new Pkcs11KeySelector(null, id) })
        {
            if (_session.FindAllObjects(existing.Template(Factories, CKO.CKO_PRIVATE_KEY)).Count > 0)
            {
                throw new KeyCeremonyRefusedException($"a private {existing} exists already on {Token}; choose another");
            }
        }

        var publicTemplate = new List<IObjectAttribute>
        {
            f.Create(CKA.CKA_TOKEN, true),
            f.Create(CKA.CKA_PRIVATE, false),
            f.Create(CKA.CKA_LABEL, label),
            f.Create(CKA.CKA_ID, id),
            f.Create(CKA.CKA_VERIFY, true),
            f.Create(CKA.CKA_ENCRYPT, false),
            f.Create(CKA.CKA_WRAP, false),
        };
        var privateTemplate = new List<IObjectAttribute>
        {
            f.Create(CKA.CKA_TOKEN, true),
            f.Create(CKA.CKA_PRIVATE, true),
            f.Create(CKA.CKA_SENSITIVE, true),
            f.Create(CKA.CKA_EXTRACTABLE, false),
            f.Create(CKA.CKA_SIGN, true),
            f.Create(CKA.CKA_DECRYPT, false),
            f.Create(CKA.CKA_UNWRAP, false),
            f.Create(CKA.CKA_DERIVE, false),
            f.Create(CKA.CKA_LABEL, label),
            f.Create(CKA.CKA_ID, id),
        };
        CKM mechanism;
        if (algorithm is TsuKeyAlgorithm.Rsa3072 or TsuKeyAlgorithm.Rsa4096)
        {
            mechanism = CKM.CKM_RSA_PKCS_KEY_PAIR_GEN;
            publicTemplate.Add(f.Create(CKA.CKA_MODULUS_BITS, algorithm == TsuKeyAlgorithm.Rsa3072 ? 3072UL : 4096UL));
            publicTemplate.Add(f.Create(CKA.CKA_PUBLIC_EXPONENT, new byte[] { 0x01, 0x00, 0x01 }));
        }
        else
        {
            mechanism = CKM.CKM_EC_KEY_PAIR_GEN;
            string curve = algorithm == TsuKeyAlgorithm.EcdsaP256 ? Pkcs11PublicKeys.P256 : Pkcs11PublicKeys.P384;
            publicTemplate.Add(f.Create(CKA.CKA_EC_PARAMS, Pkcs11PublicKeys.CurveParameters(curve)));
        }

        _session.GenerateKeyPair(Factories.MechanismFactory.Create(mechanism), publicTemplate, privateTemplate,
            out _, out var privateKey);
        var selector = new Pkcs11KeySelector(label, id);
        var attributes = Pkcs11KeyAttributes.Of(_session, privateKey);
        return (selector, Pkcs11PublicKeys.SubjectPublicKeyInfo(Factories, _session, privateKey, attributes, selector));
    }

    /// <summary>Finds the private key, its attributes and public key.</summary>
    public (IObjectHandle Handle, Pkcs11KeyAttributes Attributes, byte[] PublicKeyInfo) Describe(Pkcs11KeySelector selector)
    {
        IObjectHandle key;
        try
        {
            key = Pkcs11SigningKey.FindPrivateKey(Factories, _session, selector);
        }
        catch (Pkcs11UnavailableException e)
        {
            // The token answered: the key named is not on it (or not only once).
            throw new KeyCeremonyRefusedException($"{e.Message} ({Token})");
        }

        var attributes = Pkcs11KeyAttributes.Of(_session, key);
        return (key, attributes, Pkcs11PublicKeys.SubjectPublicKeyInfo(Factories, _session, key, attributes, selector));
    }

    /// <summary>Signs a hash inside the token (for the PKCS#10 request and the import check).</summary>
    public byte[] SignHash(Pkcs11KeySelector selector, SignatureScheme scheme, ReadOnlySpan<byte> hash, DigestAlgorithm digest)
    {
        var (key, _, _) = Describe(selector);
        var mechanism = Pkcs11Mechanisms.Create(Factories, scheme, digest);
        try
        {
            byte[] raw = _session.Sign(mechanism, key, Pkcs11Mechanisms.SignInput(scheme, hash, digest));
            return scheme == SignatureScheme.Ecdsa ? Pkcs11Mechanisms.EcdsaRawToDer(raw) : raw;
        }
        finally
        {
            (mechanism as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// A PKCS#10 request signed inside the token, with what a TSU certificate needs (EN 319 422 §6, RFC 3161 §2.3):
    /// extendedKeyUsage id-kp-timeStamping only and critical, keyUsage digitalSignature critical, subjectKeyIdentifier.
    /// </summary>
    public byte[] CreateSigningRequest(Pkcs11KeySelector selector, SignatureScheme scheme, DigestAlgorithm digest, X500DistinguishedName subject)
    {
        var (_, _, spki) = Describe(selector);
        var publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(spki, out _);
        var request = new CertificateRequest(subject, publicKey, digest.DotNetName);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(Oids.TimeStampingPurpose)], critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, false));
        return request.CreateSigningRequest(new TokenSignatureGenerator(this, selector, scheme, digest, publicKey));
    }

    /// <summary>
    /// Stores <paramref name="certificate"/> on the token as CKO_CERTIFICATE/CKC_X_509 with the key's CKA_ID and label,
    /// after checking it is a usable TSU certificate for exactly this key (same public key, and a fresh signature by the
    /// private key verifies with it).
    /// </summary>
    public void ImportCertificate(Pkcs11KeySelector selector, SignatureScheme scheme, X509Certificate2 certificate, DateTimeOffset now)
    {
        var (_, attributes, spki) = Describe(selector);
        if (!certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(spki))
        {
            throw new KeyCeremonyRefusedException($"the certificate {certificate.Subject} is not for {selector}: the public keys differ");
        }

        byte[] challenge = RandomNumberGenerator.GetBytes(32);
        byte[] signature = SignHash(selector, scheme, challenge, DigestAlgorithm.Sha256);
        using var verifier = Pkcs11SigningKey.ImportPublicKey(certificate.PublicKey.ExportSubjectPublicKeyInfo());
        bool verified = verifier switch
        {
            RSA rsa => rsa.VerifyHash(challenge, signature, HashAlgorithmName.SHA256,
                scheme == SignatureScheme.RsaPss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => ecdsa.VerifyHash(challenge, signature, DSASignatureFormat.Rfc3279DerSequence),
            _ => false,
        };
        if (!verified)
        {
            throw new KeyCeremonyRefusedException($"a signature by {selector} does not verify with the certificate's public key");
        }

        var problems = TsuCertificateProfile.Problems(certificate, now);
        if (problems.Count > 0)
        {
            throw new KeyCeremonyRefusedException($"{certificate.Subject} is not a valid TSU certificate: {string.Join("; ", problems)}");
        }

        var id = new Pkcs11KeySelector(null, attributes.Id);
        if (_session.FindAllObjects(id.Template(Factories, CKO.CKO_CERTIFICATE)).Count > 0)
        {
            throw new KeyCeremonyRefusedException($"a certificate with CKA_ID {id.IdHex} is on the token already");
        }

        var f = Factories.ObjectAttributeFactory;
        _session.CreateObject(
        [
            f.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE),
            f.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509),
            f.Create(CKA.CKA_TOKEN, true),
            f.Create(CKA.CKA_PRIVATE, false),
            f.Create(CKA.CKA_MODIFIABLE, false),
            f.Create(CKA.CKA_LABEL, attributes.Label ?? selector.Label ?? ""),
            f.Create(CKA.CKA_ID, attributes.Id),
            f.Create(CKA.CKA_SUBJECT, certificate.SubjectName.RawData),
            f.Create(CKA.CKA_ISSUER, certificate.IssuerName.RawData),
            f.Create(CKA.CKA_SERIAL_NUMBER, SerialNumberDer(certificate)),
            f.Create(CKA.CKA_VALUE, certificate.RawData),
        ]);
    }

    /// <summary>The certificate stored with the key's CKA_ID, if any.</summary>
    public X509Certificate2? FindCertificate(byte[] id)
    {
        var found = _session.FindAllObjects(new Pkcs11KeySelector(null, id).Template(Factories, CKO.CKO_CERTIFICATE));
        if (found.Count == 0)
        {
            return null;
        }

        byte[] der = _session.GetAttributeValue(found[0], [CKA.CKA_VALUE])[0].GetValueAsByteArray();
        return X509CertificateLoader.LoadCertificate(der);
    }

    private static byte[] SerialNumberDer(X509Certificate2 certificate)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        writer.WriteInteger(certificate.SerialNumberBytes.Span);
        return writer.Encode();
    }

    public static KeyReference Reference(Pkcs11KeyAttributes attributes, byte[] spki) =>
        new(attributes.Label, Convert.ToHexStringLower(attributes.Id), Convert.ToHexStringLower(SHA256.HashData(spki)));

    public void Dispose()
    {
        _session.Dispose();
        _module.Release();
    }

    /// <summary>Signs the request's TBS inside the token: hash in software, C_Sign on the device.</summary>
    private sealed class TokenSignatureGenerator(Pkcs11KeyCeremony ceremony, Pkcs11KeySelector selector, SignatureScheme scheme,
        DigestAlgorithm digest, PublicKey publicKey) : X509SignatureGenerator
    {
        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) =>
            SignatureAlgorithmIdentifier.ForSignature(scheme, digest);

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) =>
            ceremony.SignHash(selector, scheme, digest.Hash(data), digest);

        protected override PublicKey BuildPublicKey() => publicKey;
    }
}
