using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using ReferenceTsa.Protocol;
using ReferenceTsa.Signing;
using ReferenceTsa.Signing.Pkcs11;
using System.Security.Cryptography;

namespace ReferenceTsa.Benchmarks;

public static partial class ServedThroughput
{
    /// <summary>
    /// Raw C_Sign with the TSU's key on the dev init SoftHSM2 token: one session per core, one thread each, logged in
    /// once (the most the token does for this key; the TSA's pool adds hashing, the DigestInfo and verification).
    /// </summary>
    private static (double Rate, string How) RawPkcs11(string data, double seconds)
    {
        const string ModulePath = "/usr/lib/softhsm/libsofthsm2.so";
        // SoftHSM reads SOFTHSM2_CONF once, in C_Initialize: one SoftHSM set-up per benchmark run.
        NativeEnvironment.Set("SOFTHSM2_CONF", Path.Combine(data, "softhsm2.conf"));
        string pin = File.ReadAllText(Path.Combine(data, "hsm-user-pin")).Trim();
        var selector = new Pkcs11TokenSelector(ModulePath, "reference-tsa-dev", null);
        var module = Pkcs11Module.Acquire(ModulePath);
        try
        {
            var slot = Pkcs11Token.FindSlot(module.Library, selector);
            int threads = Environment.ProcessorCount;
            var sessions = Enumerable.Range(0, threads).Select(_ => slot.OpenSession(SessionType.ReadOnly)).ToArray();
            sessions[0].Login(CKU.CKU_USER, pin);
            var key = Pkcs11SigningKey.FindPrivateKey(module.Factories, sessions[0], new Pkcs11KeySelector("tsu-nonqualified", null));
            var mechanism = Pkcs11Mechanisms.Create(module.Factories, SignatureScheme.RsaPkcs1, DigestAlgorithm.Sha256);
            double rate = SigningRate.Measure(threads, seconds, t =>
                sessions[t].Sign(mechanism, key, Pkcs11Mechanisms.SignInput(SignatureScheme.RsaPkcs1, RandomNumberGenerator.GetBytes(32), DigestAlgorithm.Sha256)));
            sessions[0].Logout();
            foreach (var session in sessions)
            {
                session.Dispose();
            }

            return (rate, $"C_Sign, {threads} sessions, {threads} threads");
        }
        finally
        {
            module.Release();
        }
    }
}
