using Conformance.TrustedLists.Authenticity;
using Conformance.TrustedLists.Qualification;
using Conformance.TrustedLists.Reading;
using Conformance.TrustedLists.Signing;
using Conformance.TrustedLists.Tests.Infrastructure;

namespace Conformance.TrustedLists.Tests;

/// <summary>
/// Each real token of the shared corpus judged against its paired real list, authenticated through the real LOTL of
/// 2024-05-31 (seq 341). The LOTL is pinned to the certificate in its own KeyInfo, standing in for the Official
/// Journal's published LOTL signing certificates a user would supply.
/// </summary>
public sealed class RealCorpusTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset ValidationTime = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Expected decisions, derived by reading each list's XML for the service that names the token's TSU certificate
    /// or its issuing CA (line numbers of the TSPService element in the file):
    /// BE seq 74 line 6419 "TSU 202301": TSA/QTST granted since 2024-04-12T15:00:36Z, no history; genTime 2025-05-27 lies
    ///   before NextUpdate 2025-07-27, so the list was in force at genTime → yes.
    /// EE seq 65 line 3142 "SK-TSA 2024E": TSA/QTST granted since 2023-11-07T22:00:18Z; genTime 2024-10-25, NextUpdate
    ///   2024-12-12 → in force, yes.
    /// IT seq 211 line 9081 names the issuing "Time Stamp Authority eIDAS" CA (issuer level 1): granted since 2017-07-13;
    ///   the list was issued 2025-07-31, after genTime 2025-04-29 → a later list read through its history, yes.
    /// FR seq 134 line 10749 names "DocuSign Time Stamping CA - G1" (issuer level 1): granted since 2020-12-17; list issued
    ///   2024-07-01 after genTime 2024-02-21 → later list, yes.
    /// SK seq 59 line 7124 "(75) TSA Disig aTSU 1": granted since 2017-10-26; list issued 2019-08-23 after genTime
    ///   2019-04-12 → later list, yes.
    /// IE seq 20 line 320 names "Adobe Qualified Timestamp CA" (issuer level 1): granted since 2017-08-31T23:00:00Z;
    ///   genTime 2020-04-29 before NextUpdate 2020-09-05 → in force, yes.
    /// ES seq 97 line 11141 "Qualified timestamps issued by tsa.izenpe.com" (matched by key and subject): granted since
    ///   2017-07-21, so its history says yes; but the list is signed by a certificate (SHA-256 984B4592…) that the 2024
    ///   LOTL does not announce for ES (the signer was replaced since 2020), so it is not authentic → unknown.
    /// Every list is past its NextUpdate on the validation date, so "qualified now" is unknown for each.
    /// </summary>
    public static TheoryData<string, string, Qualified, string, int, string> Pairs() => new()
    {
        { "BE-2025-01-27.xml", "bosa-be-timestamp-unit-202301-2025_ecdsa.tst", Qualified.Yes, "TSU 202301", 0, "in force at genTime" },
        { "EE-2024-06-12.xml", "sk-timestamping-unit-2024e-2024_ecdsa.tst", Qualified.Yes, "SK Time-Stamping Authority for qualified electronic time stamps (SK-TSA 2024E)", 0, "in force at genTime" },
        { "IT-2025-07-31.xml", "difesa-it-tsu-eidas-2025.tst", Qualified.Yes, "CN=Ministero della Difesa - Time Stamp Authority eIDAS SERIALNUMBER=97355240587 OU=S.M.D. - C.do C4 Difesa O=Ministero della Difesa C=IT", 1, "a later list" },
        { "FR-2024-07-01.xml", "docusign-fr-qualified-timestamping-2024.tst", Qualified.Yes, "DocuSign Time Stamping CA - G1 -  1.3.6.1.4.1.22234.2.6.5.8", 1, "a later list" },
        { "SK-2019-08-23.xml", "disig-atsu1-2019_essv1-and-v2.tst", Qualified.Yes, "(75) TSA Disig aTSU 1", 0, "a later list" },
        { "IE-2020-03-05.xml", "adobe-qualified-tsu3-2020.tst", Qualified.Yes, "Adobe Qualified Timestamp CA", 1, "in force at genTime" },
        { "ES-2020-01-16.xml", "izenpe-tsa-2020.tst", Qualified.Unknown, "Qualified timestamps issued by tsa.izenpe.com", 0, "in force at genTime" },
    };

    private static readonly Lazy<TrustedListFile> Lotl2024 = new(() => TrustedListFile.Load(SharedCorpus.List("EU-2024-05-31.xml")));

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Each_real_token_is_judged_against_its_paired_list(string listName, string tokenName, Qualified expected, string serviceName, int level, string timing)
    {
        SharedCorpus.Require();
        StoredToken token = StoredToken.Read(SharedCorpus.Token(tokenName));
        TrustedListFile lotl = Lotl2024.Value;
        TrustedListSet set = TrustedListSet.Create([TrustedListFile.Load(SharedCorpus.List(listName))], lotl, [lotl.Signature.Signer!]);

        QualificationDecision decision = new QualificationDecider(set).Decide(token.Signer, token.Certificates, token.GenTime, ValidationTime);
        output.WriteLine(decision.Describe());

        Assert.Equal(expected, decision.AtGenTime.Value);
        Assert.Equal(Qualified.Yes, decision.HistoryAtGenTime.Value);
        Assert.Equal(Qualified.Unknown, decision.Now.Value);
        ServiceMatch match = decision.Matches.Single(m => m.Service.Type == TestListBuilder.Qtst);
        Assert.Equal((serviceName, level), (match.Service.Name, match.PathLevel));
        Assert.StartsWith(timing, decision.ListTiming, StringComparison.Ordinal);
        Assert.Contains(decision.Warnings, w => w.Contains("past its NextUpdate", StringComparison.Ordinal));
        if (expected == Qualified.Yes)
        {
            Assert.Same(match, decision.Deciding);
        }
    }

    [Theory]
    [InlineData("EU-2024-05-31.xml", XmlDsigAlgorithms.RsaSha256, 341)]
    [InlineData("EU-2025-08-08.xml", XmlDsigAlgorithms.RsaSha512, 370)]
    public void The_real_lists_of_lists_verify_and_point_to_every_member_state(string name, string method, long sequence)
    {
        TrustedListFile lotl = TrustedListFile.Load(SharedCorpus.List(name));
        Assert.Equal(ListSignatureStatus.Valid, lotl.Signature.Status);
        Assert.Equal(method, lotl.Signature.SignatureMethod);
        Assert.True(lotl.List.IsListOfLists);
        Assert.Equal(sequence, lotl.List.SequenceNumber);
        Assert.Superset(new HashSet<string> { "BE", "EE", "ES", "FR", "IE", "IT", "SK", "EU" }, lotl.List.Pointers.Select(p => p.Territory).ToHashSet());
        Assert.All(lotl.List.Pointers, p => Assert.NotEmpty(p.SigningCertificates));
    }

    [Fact]
    public void The_2025_lotl_no_longer_announces_the_signers_of_the_older_french_and_slovak_lists()
    {
        TrustedListFile lotl = TrustedListFile.Load(SharedCorpus.List("EU-2025-08-08.xml"));
        TrustedListSet set = TrustedListSet.Create(new[] { "BE-2025-01-27.xml", "FR-2024-07-01.xml", "SK-2019-08-23.xml" }.Select(n => TrustedListFile.Load(SharedCorpus.List(n))), lotl, [lotl.Signature.Signer!]);
        Assert.Equal(new Dictionary<string, bool> { ["BE"] = true, ["FR"] = false, ["SK"] = false }, set.Lists.ToDictionary(l => l.List.Territory, l => l.Authenticity.IsAuthentic));
    }
}
