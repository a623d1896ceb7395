using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using ReferenceTsa.Certificates;
using ReferenceTsa.Issuance;
using ReferenceTsa.Protocol;
using ReferenceTsa.Serials;
using ReferenceTsa.Signing;

namespace ReferenceTsa.Tests.Support;

/// <summary>A dev CA with one RSA and one ECDSA TSU, shared by the issuance tests of a class.</summary>
public sealed class TestTsus : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tsa-unit-").FullName;

    public TestTsus()
    {
        Now = DateTimeOffset.UtcNow;
        Ca = DevCertificateAuthority.Create(Now);
        Rsa = CreateTsu("rsa", RSA.Create(3072), SignatureScheme.RsaPkcs1, DigestAlgorithm.Sha256, "Unit TSU RSA");
        Ecdsa = CreateTsu("ecdsa", ECDsa.Create(ECCurve.NamedCurves.nistP256), SignatureScheme.Ecdsa, DigestAlgorithm.Sha256, "Unit TSU ECDSA");
        RsaPss = CreateTsu("rsa-pss", RSA.Create(3072), SignatureScheme.RsaPss, DigestAlgorithm.Sha256, "Unit TSU RSA-PSS");
        EcdsaP384 = CreateTsu("ecdsa-p384", ECDsa.Create(ECCurve.NamedCurves.nistP384), SignatureScheme.Ecdsa, DigestAlgorithm.Sha384, "Unit TSU P-384");
        Serials = new SqliteSerialNumberAllocator(Path.Combine(_directory, "state.sqlite"));
    }

    public DateTimeOffset Now { get; }

    public DevCertificateAuthority Ca { get; }

    public TimeStampingUnit Rsa { get; }

    public TimeStampingUnit Ecdsa { get; }

    public TimeStampingUnit RsaPss { get; }

    public TimeStampingUnit EcdsaP384 { get; }

    public TimeStampingUnit ByName(string name) => name switch
    {
        "rsa" => Rsa,
        "ecdsa" => Ecdsa,
        "rsa-pss" => RsaPss,
        "ecdsa-p384" => EcdsaP384,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public ISerialNumberAllocator Serials { get; }

    public const string OwnPolicy = "1.2.3.4.1";

    public static IssuancePolicy Policy(TimeStampingUnit tsu, bool qualified = false, string accuracy = "1s", int digits = 3,
        bool includeTsaName = true) => new()
    {
        Name = qualified ? "qtsa" : "tsa",
        Path = qualified ? "/qtsa" : "/tsa",
        Tsu = tsu,
        DefaultPolicyOid = OwnPolicy,
        AcceptedPolicyOids = [OwnPolicy, Oids.BestPracticesTimeStampPolicy],
        AcceptedHashes = DigestAlgorithm.DefaultAccepted,
        Accuracy = Accuracy.TryParse(accuracy, out var a) ? a : throw new ArgumentException(accuracy),
        GenTimeFractionDigits = digits,
        IncludeTsaName = includeTsaName,
        Qualified = qualified,
    };

    public TimeStampIssuer Issuer(TimeProvider? clock = null) =>
        new(Serials, clock ?? TimeProvider.System, NullLogger<TimeStampIssuer>.Instance);

    private TimeStampingUnit CreateTsu(string name, AsymmetricAlgorithm key, SignatureScheme scheme, DigestAlgorithm digest, string cn)
    {
        var publicKey = key is RSA rsa ? new PublicKey(rsa) : new PublicKey((ECDsa)key);
        var certificate = Ca.IssueTsuCertificate(publicKey, cn, Now, TimeSpan.FromDays(30), TimeSpan.FromDays(10));
        return new TimeStampingUnit(name, certificate, [], new SoftwareSigningKey(key, scheme, name), digest);
    }

    public void Dispose()
    {
        Rsa.Dispose();
        Ecdsa.Dispose();
        RsaPss.Dispose();
        EcdsaP384.Dispose();
        Ca.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A clock stopped at a chosen instant, so genTime encodings can be asserted exactly.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
