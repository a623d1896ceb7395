using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using ISession = Net.Pkcs11Interop.HighLevelAPI.ISession;
using ReferenceTsa.Events;
using ReferenceTsa.Protocol;

namespace ReferenceTsa.Signing.Pkcs11;

/// <summary>The key exists but must not sign time-stamps (the start-up gate, EN 319 421 TIS-7.6.2/7.6.3).</summary>
public sealed class Pkcs11KeyRefusedException(string message) : Exception(message);

/// <summary>
/// A TSU key inside a PKCS#11 token. The hash is computed in software and signed single-part with CKM_RSA_PKCS
/// (over a DigestInfo), CKM_RSA_PKCS_PSS or CKM_ECDSA, on sessions of the token's shared pool (one login for all keys
/// on the token), at most <see cref="PoolSize"/> of them at once for this key. Every signature is
/// verified with the public key fixed at start-up (the certificate's) before it is returned, so a signature by
/// any other key, or a faulty one, never reaches a token: it becomes a systemFailure instead.
/// </summary>
public sealed class Pkcs11SigningKey : ITsuSigningKey
{
    private readonly Pkcs11Token _token;
    private readonly Pkcs11KeySelector _selector;
    private readonly ITsaEventLog _events;
    private readonly byte[] _publicKeyInfo;
    private readonly ThreadLocal<AsymmetricAlgorithm> _verifier;
    private readonly SemaphoreSlim _permits;
    private readonly Lock _handleLock = new();
    private (int Epoch, IObjectHandle Handle)? _handle;
    private int _injectedFailures;

    private Pkcs11SigningKey(Pkcs11Token token, int poolSize, Pkcs11KeySelector selector, SignatureScheme scheme, ITsaEventLog events,
        Pkcs11KeyAttributes attributes, byte[] publicKeyInfo, (int, IObjectHandle) handle)
    {
        _token = token;
        PoolSize = poolSize;
        _permits = new SemaphoreSlim(poolSize, poolSize);
        _selector = selector;
        _events = events;
        Scheme = scheme;
        Attributes = attributes;
        _publicKeyInfo = publicKeyInfo;
        _handle = handle;
        _verifier = new ThreadLocal<AsymmetricAlgorithm>(() => ImportPublicKey(_publicKeyInfo));
        Reference = new KeyReference(attributes.Label, Convert.ToHexStringLower(attributes.Id),
            Convert.ToHexStringLower(SHA256.HashData(publicKeyInfo)));
        Description = $"PKCS#11 {selector} on {token.Selector}";
        token.StateChanged += OnTokenStateChanged;
    }

    public SignatureScheme Scheme { get; }

    public KeyProtection Protection => KeyProtection.Hsm;

    public string Description { get; }

    public Pkcs11KeyAttributes Attributes { get; }

    public KeyReference Reference { get; }

    /// <summary>The connection to the token, shared with every other key on it.</summary>
    public Pkcs11Token Token => _token;

    /// <summary>How many of the token's sessions this key signs on at once.</summary>
    public int PoolSize { get; }

    /// <summary>The key's SubjectPublicKeyInfo as read from the token at start-up.</summary>
    public ReadOnlyMemory<byte> PublicKeyInfo => _publicKeyInfo;

    /// <summary>
    /// Joins the token's connection (logging in only if no other key on it did), finds exactly one private key and
    /// applies the start-up gate.
    /// </summary>
    public static Pkcs11SigningKey Open(Pkcs11TokenSelector tokenSelector, Pkcs11KeySelector selector, string pin, int poolSize,
        SignatureScheme scheme, ITsaEventLog events)
    {
        var token = Pkcs11Token.Acquire(tokenSelector, pin, poolSize);
        try
        {
            var (attributes, publicKeyInfo, handle) = token.Use((session, epoch) =>
            {
                var key = FindPrivateKey(token.Module.Factories, session, selector);
                var attributes = Pkcs11KeyAttributes.Of(session, key);
                var problems = attributes.GateProblems();
                if (problems.Count > 0)
                {
                    throw new Pkcs11KeyRefusedException(
                        $"{selector} on {tokenSelector} must not be a TSU key (EN 319 421 TIS-7.6.2/7.6.3): {string.Join("; ", problems)}");
                }

                bool compatible = (attributes.KeyType, scheme) is (CKK.CKK_RSA, SignatureScheme.RsaPkcs1 or SignatureScheme.RsaPss)
                    or (CKK.CKK_EC, SignatureScheme.Ecdsa);
                if (!compatible)
                {
                    throw new Pkcs11KeyRefusedException($"{selector} is a {attributes.KeyType} key and cannot sign with {scheme}");
                }

                var spki = Pkcs11PublicKeys.SubjectPublicKeyInfo(token.Module.Factories, session, key, attributes, selector);
                return (attributes, spki, (epoch, key));
            });
            return new Pkcs11SigningKey(token, poolSize, selector, scheme, events, attributes, publicKeyInfo, handle);
        }
        catch
        {
            token.Release(poolSize);
            throw;
        }
    }

    public static IObjectHandle FindPrivateKey(Pkcs11InteropFactories factories, ISession session, Pkcs11KeySelector selector)
    {
        var found = session.FindAllObjects(selector.Template(factories, CKO.CKO_PRIVATE_KEY));
        return found.Count switch
        {
            1 => found[0],
            0 => throw new Pkcs11UnavailableException($"no private {selector} on the token (or not visible after login)"),
            _ => throw new Pkcs11UnavailableException($"{found.Count} private keys match {selector}; give both label and CKA_ID"),
        };
    }

    /// <summary>Test and fault-drill hook: the next <paramref name="count"/> C_Sign calls fail as CKR_DEVICE_ERROR.</summary>
    internal void InjectSignFailures(int count) => Interlocked.Exchange(ref _injectedFailures, count);

    public byte[] SignHash(ReadOnlySpan<byte> hash, DigestAlgorithm hashAlgorithm)
    {
        byte[] input = Pkcs11Mechanisms.SignInput(Scheme, hash, hashAlgorithm);
        if (!_permits.Wait(Pkcs11Token.AcquireTimeout))
        {
            throw new Pkcs11UnavailableException(
                $"all {PoolSize} sessions of {_selector} on {_token.Selector} stayed busy for {Pkcs11Token.AcquireTimeout.TotalSeconds} s");
        }

        byte[] raw;
        try
        {
            raw = _token.Use((session, epoch) => SignOnSession(session, epoch, input, hashAlgorithm));
        }
        finally
        {
            _permits.Release();
        }

        byte[] signature = Scheme == SignatureScheme.Ecdsa ? Pkcs11Mechanisms.EcdsaRawToDer(raw) : raw;
        if (!Verify(hash, hashAlgorithm, signature))
        {
            const string reason = "a signature from the token did not verify with the TSU public key; it was discarded";
            _token.MarkFaulted(reason);
            throw new CryptographicException(reason);
        }

        return signature;
    }

    private byte[] SignOnSession(ISession session, int epoch, byte[] input, DigestAlgorithm hashAlgorithm)
    {
        var key = KeyHandle(session, epoch);
        if (Volatile.Read(ref _injectedFailures) > 0 && Interlocked.Decrement(ref _injectedFailures) >= 0)
        {
            throw new Pkcs11Exception("C_Sign", CKR.CKR_DEVICE_ERROR);
        }

        var mechanism = Pkcs11Mechanisms.Create(_token.Module.Factories, Scheme, hashAlgorithm);
        try
        {
            return session.Sign(mechanism, key, input);
        }
        finally
        {
            (mechanism as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// The key handle for this connection epoch. After a reconnect the key is looked up again and must still pass the
    /// gate and have the same public key; otherwise the token is treated as unavailable.
    /// </summary>
    private IObjectHandle KeyHandle(ISession session, int epoch)
    {
        lock (_handleLock)
        {
            if (_handle is { } cached && cached.Epoch == epoch)
            {
                return cached.Handle;
            }
        }

        var key = FindPrivateKey(_token.Module.Factories, session, _selector);
        var attributes = Pkcs11KeyAttributes.Of(session, key);
        var problems = attributes.GateProblems();
        if (problems.Count > 0)
        {
            throw new Pkcs11UnavailableException($"after reconnecting, {_selector} fails the gate: {string.Join("; ", problems)}");
        }

        byte[] spki = Pkcs11PublicKeys.SubjectPublicKeyInfo(_token.Module.Factories, session, key, attributes, _selector);
        if (!spki.AsSpan().SequenceEqual(_publicKeyInfo))
        {
            throw new Pkcs11UnavailableException($"after reconnecting, {_selector} has another public key; refusing to sign with it");
        }

        lock (_handleLock)
        {
            _handle = (epoch, key);
        }

        return key;
    }

    private bool Verify(ReadOnlySpan<byte> hash, DigestAlgorithm hashAlgorithm, byte[] signature) => (_verifier.Value, Scheme) switch
    {
        (RSA rsa, SignatureScheme.RsaPkcs1) => rsa.VerifyHash(hash, signature, hashAlgorithm.DotNetName, RSASignaturePadding.Pkcs1),
        (RSA rsa, SignatureScheme.RsaPss) => rsa.VerifyHash(hash, signature, hashAlgorithm.DotNetName, RSASignaturePadding.Pss),
        (ECDsa ecdsa, SignatureScheme.Ecdsa) => ecdsa.VerifyHash(hash, signature, DSASignatureFormat.Rfc3279DerSequence),
        _ => false,
    };

    /// <summary>
    /// The token's public key is the certificate's, and the private key proves it by signing a fresh random hash
    /// that verifies with the certificate's public key.
    /// </summary>
    public bool MatchesCertificate(X509Certificate2 certificate)
    {
        if (!certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(_publicKeyInfo))
        {
            return false;
        }

        byte[] challenge = RandomNumberGenerator.GetBytes(32);
        try
        {
            SignHash(challenge, DigestAlgorithm.Sha256);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private void OnTokenStateChanged(bool healthy, string reason) =>
        _events.Append(healthy ? "hsm.recovered" : "hsm.fault", Reference, new Dictionary<string, string>
        {
            ["token"] = _token.Selector.ToString(),
            ["reason"] = reason,
        });

    internal static AsymmetricAlgorithm ImportPublicKey(byte[] spki)
    {
        try
        {
            var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(spki, out _);
            return rsa;
        }
        catch (CryptographicException)
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(spki, out _);
            return ecdsa;
        }
    }

    public void Dispose()
    {
        _token.StateChanged -= OnTokenStateChanged;
        _token.Release(PoolSize);
        _verifier.Dispose();
        _permits.Dispose();
    }
}
