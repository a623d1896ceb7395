using System.Net;
using System.Numerics;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;
using Conformance.Checks.Transport;

namespace Conformance.Checks.Tests.Requirements;

/// <summary>
/// The judgments over a series of requests (TSP-REQ-013 every declared hash granted, TSP-REQ-005 requested policy
/// honoured, TSP-TST-004 serials unique): a finding when the series shows it, not judged (error) or not applicable
/// when it cannot, and a pass otherwise.
/// </summary>
public sealed class RequestSeriesCheckTests
{
    /// <summary>The crafted tokens' policy.</summary>
    private const string Policy = "1.3.6.1.4.1.99999.1.1";

    private static (string Variation, TimeStampExchange Exchange) Granted(string variation, TokenSpec? spec = null, string? requestedPolicy = null) =>
        (variation, Exchange(CraftedTokens.Response(CraftedTokens.Build(spec).Token), requestedPolicy, [$"0001-{variation}.tst"]));

    private static (string Variation, TimeStampExchange Exchange) Rejected(string variation, string? requestedPolicy = null) =>
        (variation, Exchange(CraftedTokens.Response(null), requestedPolicy, []));

    private static TimeStampExchange Exchange(TimeStampResponse? response, string? requestedPolicy, IReadOnlyList<string> evidence, HttpStatusCode status = HttpStatusCode.OK) => new()
    {
        Request = TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { RequestedPolicy = requestedPolicy },
        Http = new HttpExchange { Url = new Uri("http://127.0.0.1:9/tsa"), Method = "POST", StatusCode = status, ReasonPhrase = status.ToString() },
        Response = response,
        EvidenceFiles = evidence,
    };

    [Fact]
    public void Every_declared_hash_granted_passes_and_a_refused_one_fails_REQ_013()
    {
        RequestSeriesRequirements.EveryDeclaredHashGranted([Granted("SHA-256"), Granted("SHA-384")]);

        var f = Assert.Throws<RequirementNotMetException>(() => RequestSeriesRequirements.EveryDeclaredHashGranted([Granted("SHA-256"), Rejected("SHA3-256")]));
        Assert.Equal("TSP-REQ-013", f.RequirementId);
        Assert.StartsWith("TSP-REQ-013: a request with a SHA3-256 imprint was not granted (expected: granted with a token; observed: ", f.Message);
        Assert.Contains("failInfo BadAlg", f.Observed);
    }

    [Fact]
    public void An_http_error_in_the_hash_series_is_not_judged()
    {
        var http500 = ("SHA-512", Exchange(null, null, [], HttpStatusCode.InternalServerError));

        Assert.Throws<TargetErrorException>(() => RequestSeriesRequirements.EveryDeclaredHashGranted([Granted("SHA-256"), http500]));
    }

    [Fact]
    public void A_granted_token_with_another_policy_than_requested_fails_REQ_005()
    {
        RequestSeriesRequirements.RequestedPoliciesHonoured([Granted($"{Policy} (declared)", requestedPolicy: Policy), Rejected("0.4.0.2023.1.1 (profile)", "0.4.0.2023.1.1")], true);

        var f = Assert.Throws<RequirementNotMetException>(() =>
            RequestSeriesRequirements.RequestedPoliciesHonoured([Granted("1.2.3.4 (declared)", requestedPolicy: "1.2.3.4")], true));
        Assert.Equal("TSP-REQ-005", f.RequirementId);
        Assert.Equal(("1.2.3.4", Policy), (f.Expected, f.Observed));
    }

    [Fact]
    public void No_policy_granted_fails_REQ_005_only_when_a_declared_policy_was_requested()
    {
        var f = Assert.Throws<RequirementNotMetException>(() =>
            RequestSeriesRequirements.RequestedPoliciesHonoured([Rejected($"{Policy} (declared)", Policy)], true));
        Assert.Equal("TSP-REQ-005", f.RequirementId);
        Assert.Equal("at least one declared policy granted", f.Expected);
        Assert.Contains($"{Policy} (declared): ", f.Observed);

        var na = Assert.Throws<NotApplicableException>(() =>
            RequestSeriesRequirements.RequestedPoliciesHonoured([Rejected("0.4.0.2023.1.1 (profile)", "0.4.0.2023.1.1")], false));
        Assert.Contains("the target declares none of its own", na.Message);
    }

    [Fact]
    public void Distinct_serials_pass_and_a_repeated_serial_fails_TST_004_naming_both_tokens()
    {
        var serials = new TstInfoRequirements.SerialRegistry();
        RequestSeriesRequirements.SerialsUnique([Granted("request 1", new TokenSpec { Serial = 1 }), Granted("request 2", new TokenSpec { Serial = 2 })], serials);
        Assert.Equal(2, serials.Count);

        var f = Assert.Throws<RequirementNotMetException>(() =>
            RequestSeriesRequirements.SerialsUnique([Granted("request 3", new TokenSpec { Serial = 7 }), Granted("request 4", new TokenSpec { Serial = 7 })], new TstInfoRequirements.SerialRegistry()));
        Assert.Equal("TSP-TST-004", f.RequirementId);
        Assert.Contains("request 3 (0001-request 3.tst)", f.Observed);
        Assert.Contains("request 4 (0001-request 4.tst)", f.Observed);
    }

    [Fact]
    public void Serials_are_not_judged_when_requests_were_refused()
    {
        var none = Assert.Throws<TargetErrorException>(() => RequestSeriesRequirements.SerialsUnique([Rejected("request 1")], new TstInfoRequirements.SerialRegistry()));
        Assert.Equal("none of the requests was granted, so no serial numbers could be compared", none.Message);

        var some = Assert.Throws<TargetErrorException>(() =>
            RequestSeriesRequirements.SerialsUnique([Granted("request 1", new TokenSpec { Serial = new BigInteger(3) }), Rejected("request 2")], new TstInfoRequirements.SerialRegistry()));
        Assert.StartsWith("not fully judged: 1 of 2 requests were granted and their serial numbers are all different; 1 got no token (", some.Message);
    }

    [Fact]
    public void GenTime_is_read_from_the_TSTInfo()
    {
        TimeStampToken token = CraftedTokens.Decode(CraftedTokens.Build().Token);

        Assert.Equal(new DateTimeOffset(2026, 6, 1, 12, 0, 0, 250, TimeSpan.Zero), TokenRequirements.RequireGenTime(token));
    }
}
