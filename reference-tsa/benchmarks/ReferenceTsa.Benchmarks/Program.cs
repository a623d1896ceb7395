// Two benchmarks (not tests: they print rates and ratios).
// 1. Signing rate through the TSA's PKCS#11 session pool versus raw single-session C_Sign, same SoftHSM key:
//    ReferenceTsa.Benchmarks [seconds] [algorithm]
// 2. The served TSA over HTTP driven by h2load against raw signing with the same key (ServedThroughput.cs):
//    ReferenceTsa.Benchmarks served [seconds] [connections]
// 3. CPU time per token in each issuance stage, without HTTP (IssuanceCost.cs), software key of a fresh dev init:
//    ReferenceTsa.Benchmarks stages [rsa-3072|ecdsa-p256] [batch] [data parent directory]
using System.Diagnostics;
using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using ReferenceTsa.Events;
using ReferenceTsa.Protocol;
using ReferenceTsa.Signing;
using ReferenceTsa.Signing.Pkcs11;

if (args.FirstOrDefault() == "served")
{
    return await ReferenceTsa.Benchmarks.ServedThroughput.RunAsync(args[1..]);
}

if (args.FirstOrDefault() == "stages")
{
    return await ReferenceTsa.Benchmarks.ServedThroughput.StagesAsync(args[1..]);
}

const string Module = "/usr/lib/softhsm/libsofthsm2.so";
double seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
string algorithm = args.Length > 1 ? args[1] : "rsa-3072";
if (!File.Exists(Module))
{
    Console.Error.WriteLine("SoftHSM2 is not installed: apt-get install softhsm2");
    return 69;
}

string root = Directory.CreateTempSubdirectory("reftsa-bench-").FullName;
try
{
    string tokens = Path.Combine(root, "tokens");
    Directory.CreateDirectory(tokens);
    string conf = Path.Combine(root, "softhsm2.conf");
    File.WriteAllText(conf, $"directories.tokendir = {tokens}/\nobjectstore.backend = file\nlog.level = ERROR\n");
    NativeEnvironment.Set("SOFTHSM2_CONF", conf);
    string pin = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    var init = Process.Start("softhsm2-util", ["--init-token", "--free", "--label", "bench", "--so-pin", "so" + pin, "--pin", pin])!;
    init.WaitForExit();

    var tokenSelector = new Pkcs11TokenSelector(Module, "bench", null);
    Pkcs11KeyCeremony.TryParseAlgorithm(algorithm, out var keyAlgorithm);
    using (var ceremony = Pkcs11KeyCeremony.Open(tokenSelector, pin))
    {
        ceremony.Generate(keyAlgorithm, "bench", null);
    }

    var scheme = algorithm.StartsWith("ecdsa", StringComparison.Ordinal) ? SignatureScheme.Ecdsa : SignatureScheme.RsaPkcs1;
    var digest = DigestAlgorithm.Sha256;
    int threads = Environment.ProcessorCount;
    Console.WriteLine($"SoftHSM2 {algorithm} {scheme}/SHA-256, {seconds} s per measurement, {threads} cores");

    // 1. Raw: one session, one thread, C_Sign in a loop (the token's own single-session rate).
    double raw;
    var module = Pkcs11Module.Acquire(Module);
    try
    {
        var slot = Pkcs11Token.FindSlot(module.Library, tokenSelector);
        using var session = slot.OpenSession(SessionType.ReadOnly);
        session.Login(CKU.CKU_USER, pin);
        var key = Pkcs11SigningKey.FindPrivateKey(module.Factories, session, new Pkcs11KeySelector("bench", null));
        byte[] input = Pkcs11Mechanisms.SignInput(scheme, SHA256.HashData("x"u8), digest);
        var mechanism = Pkcs11Mechanisms.Create(module.Factories, scheme, digest);
        raw = Measure(1, seconds, _ => session.Sign(mechanism, key, input));
        session.Logout();
    }
    finally
    {
        module.Release();
    }

    // 2. Through the pool (what issuance does: DigestInfo, C_Sign, r||s→DER, software verification of every signature).
    using var pooled = Pkcs11SigningKey.Open(tokenSelector, new Pkcs11KeySelector("bench", null), pin, threads, scheme, NullEventLog.Instance);
    double pool1 = Measure(1, seconds, _ => pooled.SignHash(RandomNumberGenerator.GetBytes(32), digest));
    double poolN = Measure(threads, seconds, _ => pooled.SignHash(RandomNumberGenerator.GetBytes(32), digest));

    Console.WriteLine($"raw C_Sign, 1 session, 1 thread:        {raw,10:F0} signatures/s");
    Console.WriteLine($"pool, 1 thread:                         {pool1,10:F0} signatures/s  ({pool1 / raw:F2} x raw)");
    Console.WriteLine($"pool, {threads} sessions, {threads} threads:          {poolN,10:F0} signatures/s  ({poolN / raw:F2} x raw)");
    return 0;
}
finally
{
    Directory.Delete(root, recursive: true);
}

static double Measure(int threads, double seconds, Action<int> sign) => ReferenceTsa.Benchmarks.SigningRate.Measure(threads, seconds, sign);
