using System.Security.Cryptography.X509Certificates;
using Conformance.TrustedLists.Authenticity;
using Conformance.TrustedLists.Qualification;
using Conformance.TrustedLists.Reading;

namespace Conformance.TrustedLists.Tests.Infrastructure;

/// <summary>
/// One self-made trust world: a LOTL signer (pinned), a Belgian list signer the LOTL announces, a rogue signer it does
/// not, a TSA CA and TSU certificates with C=BE. Certificates are made once per test class.
/// </summary>
public sealed class TestWorld
{
    public static readonly DateTimeOffset Issued = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset NextUpdate = Issued.AddMonths(6);
    public static readonly DateTimeOffset GenTime = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public X509Certificate2 LotlSigner { get; } = TestPki.SelfSignedRsa("CN=Test LOTL signer, O=European Commission test, C=EU");
    public X509Certificate2 BelgianSigner { get; } = TestPki.SelfSignedEcdsa("CN=Test BE TL signer, O=Test supervisory body, C=BE");
    public X509Certificate2 RogueSigner { get; } = TestPki.SelfSignedRsa("CN=Test BE TL signer, O=Test supervisory body, C=BE");
    public X509Certificate2 TsaCa { get; } = TestPki.SelfSignedRsa("CN=Test TSA CA, O=Test QTSP, C=BE");
    public X509Certificate2 Tsu { get; }
    public X509Certificate2 OtherTsu { get; }

    public TestWorld()
    {
        Tsu = TestPki.Issue(TsaCa, "CN=Test TSU 1, O=Test QTSP, C=BE");
        OtherTsu = TestPki.Issue(TsaCa, "CN=Test TSU 2, O=Test QTSP, C=BE");
    }

    public TrustedListFile Lotl(params X509Certificate2[] announcedForBelgium) =>
        TrustedListFile.Parse(TestListBuilder.Sign(TestListBuilder.ListOfLists(400, Issued,
            ("BE", "http://127.0.0.1/BE.xml", announcedForBelgium.Length == 0 ? [BelgianSigner] : announcedForBelgium)), LotlSigner), "test-lotl.xml");

    public byte[] SignedBelgianList(params TestService[] services) =>
        TestListBuilder.Sign(TestListBuilder.MemberList("BE", 80, Issued, NextUpdate, services), BelgianSigner);

    public TrustedListSet Set(byte[] belgianList, X509Certificate2? pinned = null) =>
        TrustedListSet.Create([TrustedListFile.Parse(belgianList, "test-BE.xml")], Lotl(), [pinned ?? LotlSigner]);

    public QualificationDecision Decide(byte[] belgianList, X509Certificate2? tsu = null, DateTimeOffset? genTime = null) =>
        new QualificationDecider(Set(belgianList)).Decide(tsu ?? Tsu, [TsaCa], genTime ?? GenTime, Now);

    public TestService GrantedQtst(string name = "TSP Test TSU 1", X509Certificate2? identity = null) =>
        new(name, identity ?? Tsu, TestListBuilder.Qtst, TestListBuilder.Granted, new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero));
}
