using Conformance.Checks.Outcomes;
using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;
using Conformance.Checks.Transport;
using Conformance.Steps.Context;
using Reqnroll;

namespace Conformance.Steps.Bindings;

/// <summary>Preparing and sending time-stamp requests.</summary>
[Binding]
public sealed class RequestSteps(ServiceUnderTest service, TimeStampingState state, ScenarioEvidence evidence)
{
    /// <summary>Chooses the endpoint: "non-qualified" or "qualified" (not applicable when the target declares none).</summary>
    [Given("the {word} time-stamping service")]
    public void GivenTheService(string which) =>
        state.Url = which switch
        {
            "qualified" => service.RequireQualifiedUrl(),
            "non-qualified" => service.IsOffline || service.NonQualifiedUrl is null
                ? throw new NotApplicableException(service.IsOffline
                    ? "needs a live time-stamping service"
                    : "no non-qualified URL is declared for this target (--url or url in the target file)")
                : service.NonQualifiedUrl,
            _ => throw new ArgumentException($"Unknown service '{which}' in the feature; use 'non-qualified' or 'qualified'."),
        };

    [Given("a time-stamp request for a random {word} digest")]
    public void GivenARequestForARandomDigest(string hash) =>
        state.Request = TimeStampRequest.ForRandomDigest(ParseHash(hash));

    [Given("the request carries a random {int}-bit nonce")]
    public void GivenTheRequestCarriesARandomNonce(int bits) =>
        state.Request = state.Request with { Nonce = TimeStampRequest.RandomNonce(bits) };

    [Given("the request does not ask for the TSA's certificate")]
    public void GivenTheRequestDoesNotAskForTheCertificate() =>
        state.Request = state.Request with { CertReq = null };

    [Given("the request explicitly declines the TSA's certificate")]
    public void GivenTheRequestDeclinesTheCertificate() =>
        state.Request = state.Request with { CertReq = false };

    [Given("the request asks for the TSA's certificate")]
    public void GivenTheRequestAsksForTheCertificate() =>
        state.Request = state.Request with { CertReq = true };

    [When("the request is sent to the time-stamping service")]
    public async Task WhenTheRequestIsSent()
    {
        var client = service.RequireClient();
        state.Exchange = await client.RequestAsync(state.Url ?? service.DefaultUrl, state.Request, evidence, evidence.Label, service.CancellationToken);
    }

    [When("a time-stamp is requested for a random {word} digest")]
    public async Task WhenATimeStampIsRequested(string hash)
    {
        GivenARequestForARandomDigest(hash);
        await WhenTheRequestIsSent();
    }

    /// <summary>
    /// The token-level scenarios start here. Online, a fresh token is requested (random digest, 64-bit nonce, certReq
    /// TRUE so that the TSU certificate is at hand); offline, the stored token is used.
    /// </summary>
    [Given("a time-stamp token from the time-stamping service")]
    public Task GivenATokenFromTheService()
    {
        // A stored token is taken synchronously: its outcomes (not applicable, an error) are thrown directly, not carried
        // by a task, which inspect pays for once per file and scenario.
        if (service.StoredToken is { } stored)
        {
            UseStoredToken(stored);
            return Task.CompletedTask;
        }

        return RequestATokenAsync();
    }

    private void UseStoredToken(StoredToken stored)
    {
        if (stored.WithoutToken is { } why)
        {
            throw new NotApplicableException(why);
        }

        ReadOnlyMemory<byte>? undecodedStored = stored.Kind switch
        {
            "TimeStampResp" => stored.Response?.TokenBytes,
            "TimeStampToken" => stored.Bytes,
            _ => null,
        };
        if (stored.Token is null && undecodedStored is not null)
        {
            // A token is there but is not a decodable TimeStampToken: CMS-001 judges its bytes, the rest end in error.
            state.UndecodableTokenBytes = undecodedStored;
            state.UndecodableTokenError = stored.Error;
            return;
        }

        state.Token = stored.Token ?? throw new TargetErrorException(stored.Error ?? $"{stored.Path}: no token could be decoded");
    }

    private async Task RequestATokenAsync()
    {
        state.Request = TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with
        {
            Nonce = TimeStampRequest.RandomNonce(64),
            CertReq = true,
        };
        await WhenTheRequestIsSent();
        TimeStampResponse response = state.Exchange.RequireResponse();
        if (response.IsGranted && response.Token is null && response.TokenBytes is { } undecoded)
        {
            // Granted with a token that does not decode: CMS-001 judges its bytes, the other checks end in error.
            state.UndecodableTokenBytes = undecoded;
            state.UndecodableTokenError = response.TokenError;
            state.TokenRequest = state.Request;
            return;
        }

        if (!response.IsGranted || response.Token is null)
        {
            throw new TargetErrorException(
                $"POST {state.Url ?? service.DefaultUrl}: no token was obtained to examine (status {response.StatusText}{(response.TokenError is null ? "" : "; " + response.TokenError)})");
        }

        state.Token = response.Token;
        state.TokenRequest = state.Request;
    }

    /// <summary>A private OID no TSA knows: 2.25 (UUID arc) with a fresh random UUID.</summary>
    public static string UnusedOid() => "2.25." + new BigInteger(RandomNumberGenerator.GetBytes(16), isUnsigned: true).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// One request per declared policy (policy-oids and qualified-policy-oids) and per policy the run's profile names
    /// (policy_oids, e.g. BTSP under etsi) to the chosen endpoint. The variation says which is which: a TSA may refuse the
    /// profile's policy when its own policy incorporates it (EN 319 422 Annex A), so only a declared one must be granted.
    /// </summary>
    [When("a time-stamp is requested with each policy the TSA declares")]
    public async Task WhenEachDeclaredPolicy()
    {
        var declared = service.Declarations.PolicyOids.Concat(service.Declarations.QualifiedPolicyOids).Distinct().ToList();
        var fromProfile = service.Declarations.ProfilePolicyOids.Where(p => !declared.Contains(p)).ToList();
        if (declared.Count == 0 && fromProfile.Count == 0)
        {
            throw new NotApplicableException("the target declares no policy OID (policy-oids in the target file) and the run has no profile naming one");
        }

        foreach ((string policy, string origin) in declared.Select(p => (p, DeclaredPolicy)).Concat(fromProfile.Select(p => (p, ProfilePolicy))))
        {
            var request = TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { RequestedPolicy = policy };
            state.Series.Add(($"reqPolicy {policy} ({origin})", await service.RequireClient().RequestAsync(state.Url ?? service.DefaultUrl, request, evidence, evidence.Label, service.CancellationToken)));
        }
    }

    /// <summary>How the variation of a policy the target declares is labelled; a refusal of it is a finding.</summary>
    public const string DeclaredPolicy = "declared";

    /// <summary>How the variation of a policy only the profile names is labelled; a refusal of it is not a finding.</summary>
    public const string ProfilePolicy = "profile's policy";

    [Given("the request asks for a policy no TSA uses")]
    public void GivenUnusedPolicy() => state.Request = state.Request with { RequestedPolicy = UnusedOid() };

    [Given("the request carries an unknown {word} extension")]
    public void GivenUnknownExtension(string criticality) =>
        state.Request = state.Request with
        {
            Extensions = [(UnusedOid(), criticality switch
            {
                "critical" => true,
                "non-critical" => false,
                _ => throw new ArgumentException($"Use 'critical' or 'non-critical', not '{criticality}'."),
            }, [0x05, 0x00])],
        };

    [Given("a time-stamp request whose imprint uses an unknown hash algorithm")]
    public void GivenUnknownHash() =>
        state.Request = new TimeStampRequest { HashAlgorithmOid = UnusedOid(), HashedMessage = RandomNumberGenerator.GetBytes(32) };

    [Given("a time-stamp request with a SHA-256 imprint of {int} bytes")]
    public void GivenWrongLength(int length) =>
        state.Request = new TimeStampRequest { HashAlgorithmOid = Oids.Sha256, HashedMessage = RandomNumberGenerator.GetBytes(length) };

    [Given("a time-stamp request whose SHA-256 imprint is all {word}")]
    public void GivenConstantImprint(string which)
    {
        byte value = which switch { "zeros" => 0x00, "ones" => 0xFF, _ => throw new ArgumentException("Use 'zeros' or 'ones'.") };
        state.Request = new TimeStampRequest { HashAlgorithmOid = Oids.Sha256, HashedMessage = Enumerable.Repeat(value, 32).ToArray() };
    }

    [Given("the request claims version {int}")]
    public void GivenVersion(int version) => state.Request = state.Request with { Version = version };

    /// <summary>Malformed encodings of an otherwise valid request (RFC 3161 §2.4.2 badDataFormat).</summary>
    [Given("the request is encoded {string}")]
    public void GivenMalformed(string how)
    {
        byte[] der = (state.Request with { RawEncoding = null }).Encode();
        byte[] raw = how switch
        {
            "truncated" => der[..^5],
            "with trailing garbage" => [.. der, 0xDE, 0xAD, 0xBE, 0xEF],
            "with an indefinite length" => IndefiniteLength(der),
            _ => throw new ArgumentException($"Unknown malformation '{how}'; use 'truncated', 'with trailing garbage' or 'with an indefinite length'."),
        };
        state.Request = state.Request with { RawEncoding = raw };
    }

    private static byte[] IndefiniteLength(byte[] der)
    {
        AsnDecoder.ReadEncodedValue(der, AsnEncodingRules.DER, out int contentOffset, out int contentLength, out _);
        return [0x30, 0x80, .. der.AsSpan(contentOffset, contentLength), 0x00, 0x00];
    }

    [When("a time-stamp is requested for each hash algorithm the TSA declares")]
    public async Task WhenEachDeclaredHash()
    {
        foreach (HashAlgorithmInfo hash in QualifiedSteps.DeclaredHashes(service))
        {
            var request = TimeStampRequest.ForRandomDigest(hash);
            state.Series.Add((hash.Name, await service.RequireClient().RequestAsync(state.Url ?? service.DefaultUrl, request, evidence, evidence.Label, service.CancellationToken)));
        }
    }

    [When("{int} time-stamps are requested concurrently")]
    public async Task WhenConcurrent(int count)
    {
        var client = service.RequireClient();
        Uri url = state.Url ?? service.DefaultUrl;
        var tasks = Enumerable.Range(1, count).Select(async i =>
            ($"request {i} of {count}", await client.RequestAsync(url, TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256), evidence, evidence.Label, service.CancellationToken))).ToList();
        foreach (var result in await Task.WhenAll(tasks))
        {
            state.Series.Add(result);
        }
    }

    /// <summary>
    /// A set of valid and invalid requests whose responses the RESP checks examine. Offline, the stored TimeStampResp is the
    /// one response examined (a rejection included); a bare token has no status to examine.
    /// </summary>
    [When("valid and invalid requests are sent to the time-stamping service")]
    public Task WhenValidAndInvalid()
    {
        if (service.StoredToken is { } stored)
        {
            state.StoredResponse = stored.Response
                ?? throw new NotApplicableException($"{Path.GetFileName(stored.Path)} is a bare TimeStampToken: there is no response status to examine");
            return Task.CompletedTask;
        }

        return SendValidAndInvalidAsync();
    }

    private async Task SendValidAndInvalidAsync()
    {
        var client = service.RequireClient();
        Uri url = state.Url ?? service.DefaultUrl;
        var requests = new (string, TimeStampRequest)[]
        {
            ("valid SHA-256 request", TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { Nonce = TimeStampRequest.RandomNonce(64) }),
            ("unused reqPolicy", TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { RequestedPolicy = UnusedOid() }),
            ("unknown critical extension", TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { Extensions = [(UnusedOid(), true, [0x05, 0x00])] }),
            ("unknown hash algorithm", new TimeStampRequest { HashAlgorithmOid = UnusedOid(), HashedMessage = RandomNumberGenerator.GetBytes(32) }),
            ("SHA-256 imprint of 20 bytes", new TimeStampRequest { HashAlgorithmOid = Oids.Sha256, HashedMessage = RandomNumberGenerator.GetBytes(20) }),
        };
        foreach ((string variation, TimeStampRequest request) in requests)
        {
            state.Series.Add((variation, await client.RequestAsync(url, request, evidence, evidence.Label, service.CancellationToken)));
        }
    }

    private static HashAlgorithmInfo ParseHash(string text) =>
        HashAlgorithmInfo.TryParse(text, out HashAlgorithmInfo? algorithm)
            ? algorithm!
            : throw new ArgumentException($"Unknown hash algorithm '{text}' in the feature; known: {string.Join(", ", HashAlgorithmInfo.Known.Select(a => a.Name))}.");
}
