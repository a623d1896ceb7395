using Conformance.TrustedLists.Authenticity;
using Conformance.TrustedLists.Qualification;
using Conformance.TrustedLists.Reading;
using Conformance.TrustedLists.Tests.Infrastructure;

namespace Conformance.TrustedLists.Tests;

public sealed class QualificationTests(TestWorld world) : IClassFixture<TestWorld>
{
    private static readonly DateTimeOffset Y2025 = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_tsu_granted_as_qtst_at_gentime_is_qualified_and_the_deciding_entry_is_named()
    {
        QualificationDecision decision = world.Decide(world.SignedBelgianList(world.GrantedQtst()));
        Assert.Equal(Qualified.Yes, decision.AtGenTime.Value);
        Assert.Equal(Qualified.Yes, decision.Now.Value);
        Assert.Equal("TSP Test TSU 1", decision.Deciding!.Service.Name);
        Assert.Equal(0, decision.Deciding.PathLevel);
        Assert.Equal("in force at genTime", decision.ListTiming);
        Assert.Equal(80, decision.List!.List.SequenceNumber);
        Assert.Contains("granted from 2025-06-01T00:00:00Z", decision.AtGenTime.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_naming_the_issuing_ca_makes_its_tsu_certificates_qualified()
    {
        QualificationDecision decision = world.Decide(world.SignedBelgianList(world.GrantedQtst("TSP Test TSA CA", world.TsaCa)));
        Assert.Equal(Qualified.Yes, decision.AtGenTime.Value);
        Assert.Equal(1, decision.Deciding!.PathLevel);
    }

    [Fact]
    public void A_service_withdrawn_before_gentime_is_not_qualified()
    {
        var service = new TestService("TSP Test TSU 1", world.Tsu, TestListBuilder.Qtst, TestListBuilder.Withdrawn, new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero),
            (TestListBuilder.Qtst, TestListBuilder.Granted, Y2025));
        QualificationDecision decision = world.Decide(world.SignedBelgianList(service));
        Assert.Equal(Qualified.No, decision.AtGenTime.Value);
        Assert.Contains("withdrawn", decision.AtGenTime.Reason, StringComparison.Ordinal);
        Assert.Equal([null, new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero)], decision.Matches.Single().Timeline.Select(p => p.End));
    }

    [Fact]
    public void A_service_withdrawn_after_gentime_was_qualified_then_and_is_not_now()
    {
        var withdrawal = new DateTimeOffset(2026, 2, 15, 0, 0, 0, TimeSpan.Zero);
        var service = new TestService("TSP Test TSU 1", world.Tsu, TestListBuilder.Qtst, TestListBuilder.Withdrawn, withdrawal, (TestListBuilder.Qtst, TestListBuilder.Granted, Y2025));
        QualificationDecision decision = world.Decide(world.SignedBelgianList(service));
        Assert.Equal(Qualified.Yes, decision.AtGenTime.Value);
        Assert.Equal(Qualified.No, decision.Now.Value);
        Assert.False(decision.DecidingPeriod!.IsCurrent);
        Assert.Contains(decision.Warnings, w => w.Contains("after the list's own issue date", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tsu_listed_only_as_generic_tsa_is_not_qualified()
    {
        var service = new TestService("TSP Test TSU 1", world.Tsu, TestListBuilder.GenericTsa, TestListBuilder.Granted, Y2025);
        QualificationDecision decision = world.Decide(world.SignedBelgianList(service));
        Assert.Equal(Qualified.No, decision.AtGenTime.Value);
        Assert.Contains("listed only as TSA", decision.AtGenTime.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tsu_not_on_the_list_is_not_qualified()
    {
        QualificationDecision decision = world.Decide(world.SignedBelgianList(world.GrantedQtst("TSP Test TSU 2", world.OtherTsu)), world.Tsu);
        Assert.Equal(Qualified.No, decision.AtGenTime.Value);
        Assert.Contains("no service of BE trusted list seq 80", decision.AtGenTime.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_with_the_same_subject_but_another_key_does_not_match()
    {
        using var impostor = TestPki.Issue(world.TsaCa, world.Tsu.Subject);
        QualificationDecision decision = world.Decide(world.SignedBelgianList(world.GrantedQtst()), impostor);
        Assert.Equal(Qualified.No, decision.AtGenTime.Value);
        Assert.Empty(decision.Matches);
    }

    [Fact]
    public void Before_eidas_the_directive_statuses_count_and_after_it_only_granted()
    {
        var service = new TestService("TSP Test TSU 1", world.Tsu, TestListBuilder.Qtst, TestListBuilder.Accredited, new DateTimeOffset(2016, 7, 1, 0, 0, 0, TimeSpan.Zero),
            (TestListBuilder.Qtst, TestListBuilder.Accredited, new DateTimeOffset(2014, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        byte[] list = world.SignedBelgianList(service);
        Assert.Equal(Qualified.Yes, world.Decide(list, genTime: new DateTimeOffset(2015, 3, 1, 0, 0, 0, TimeSpan.Zero)).HistoryAtGenTime.Value);
        Assert.Equal(Qualified.No, world.Decide(list, genTime: new DateTimeOffset(2017, 3, 1, 0, 0, 0, TimeSpan.Zero)).HistoryAtGenTime.Value);
    }

    [Fact]
    public void A_gentime_before_the_first_status_is_not_qualified()
    {
        QualificationDecision decision = world.Decide(world.SignedBelgianList(world.GrantedQtst()), genTime: new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(Qualified.No, decision.AtGenTime.Value);
        Assert.Contains("no status at genTime", decision.AtGenTime.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_list_cannot_make_a_later_token_qualified()
    {
        byte[] expired = TestListBuilder.Sign(TestListBuilder.MemberList("BE", 81, TestWorld.Issued.AddYears(-1), TestWorld.Issued.AddMonths(-6), [world.GrantedQtst()]), world.BelgianSigner);
        QualificationDecision decision = world.Decide(expired);
        Assert.Equal(Qualified.Unknown, decision.AtGenTime.Value);
        Assert.Contains("expired", decision.AtGenTime.Reason, StringComparison.Ordinal);
        Assert.Equal(Qualified.Yes, decision.HistoryAtGenTime.Value);
        Assert.StartsWith("expired before genTime", decision.ListTiming, StringComparison.Ordinal);
        Assert.Contains(decision.Warnings, w => w.Contains("past its NextUpdate", StringComparison.Ordinal));
    }

    [Fact]
    public void A_later_list_is_read_through_its_history_and_says_so()
    {
        QualificationDecision decision = world.Decide(world.SignedBelgianList(world.GrantedQtst()), genTime: new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(Qualified.Yes, decision.AtGenTime.Value);
        Assert.StartsWith("a later list", decision.ListTiming, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_signed_by_a_certificate_the_lotl_does_not_announce_is_not_authentic()
    {
        byte[] rogue = TestListBuilder.Sign(TestListBuilder.MemberList("BE", 82, TestWorld.Issued, TestWorld.NextUpdate, [world.GrantedQtst()]), world.RogueSigner);
        QualificationDecision decision = world.Decide(rogue);
        Assert.Equal(Qualified.Unknown, decision.AtGenTime.Value);
        Assert.Contains("does not announce for BE", decision.AtGenTime.Reason, StringComparison.Ordinal);
        Assert.Equal(Qualified.Yes, decision.HistoryAtGenTime.Value);
    }

    [Fact]
    public void A_lotl_not_signed_by_the_pinned_certificate_authenticates_nothing()
    {
        TrustedListSet set = world.Set(world.SignedBelgianList(world.GrantedQtst()), pinned: world.RogueSigner);
        Assert.False(set.ListOfListsAuthenticity!.IsAuthentic);
        Assert.Contains("not one of the 1 pinned", set.ListOfListsAuthenticity.Reason, StringComparison.Ordinal);
        Assert.Equal(Qualified.Unknown, new QualificationDecider(set).Decide(world.Tsu, [], TestWorld.GenTime, TestWorld.Now).AtGenTime.Value);
    }

    [Fact]
    public void Without_a_list_for_the_territory_the_answer_is_unknown()
    {
        TrustedListSet set = TrustedListSet.Create([], world.Lotl(), [world.LotlSigner]);
        QualificationDecision decision = new QualificationDecider(set).Decide(world.Tsu, [], TestWorld.GenTime, TestWorld.Now);
        Assert.Equal(Qualified.Unknown, decision.AtGenTime.Value);
        Assert.Contains("no trusted list for territory BE was supplied", decision.AtGenTime.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_newest_authentic_list_decides_and_the_older_one_is_mentioned()
    {
        byte[] older = TestListBuilder.Sign(TestListBuilder.MemberList("BE", 79, TestWorld.Issued.AddDays(-30), TestWorld.NextUpdate, [world.GrantedQtst()]), world.BelgianSigner);
        var withdrawn = new TestService("TSP Test TSU 1", world.Tsu, TestListBuilder.Qtst, TestListBuilder.Withdrawn, new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero),
            (TestListBuilder.Qtst, TestListBuilder.Granted, Y2025));
        TrustedListSet set = TrustedListSet.Create([TrustedListFile.Parse(older, "79.xml"), TrustedListFile.Parse(world.SignedBelgianList(withdrawn), "80.xml")], world.Lotl(), [world.LotlSigner]);
        QualificationDecision decision = new QualificationDecider(set).Decide(world.Tsu, [world.TsaCa], TestWorld.GenTime, TestWorld.Now);
        Assert.Equal(80, decision.List!.List.SequenceNumber);
        Assert.Equal(Qualified.No, decision.AtGenTime.Value);
        Assert.Contains(decision.Warnings, w => w.Contains("seq 79", StringComparison.Ordinal));
    }
}
