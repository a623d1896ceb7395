namespace ReferenceTsa.Defects;

/// <summary>
/// Every defect the reference TSA can inject, each with the requirement(s) whose scenarios catch it, and the
/// automated requirements that no defect of the reference TSA can sensibly break, with the reason. The matrix test
/// (conformance/tests/Conformance.Defects.Tests) starts the TSA once per defect and runs the named requirements.
/// </summary>
public static class DefectCatalogue
{
    // ---- Request handling (issuer) -------------------------------------------------------------------------
    public static readonly Defect Sha256Refused = new("sha256-refused", DefectSite.Issuer,
        "SHA-256 imprints are refused with badAlg although SHA-256 is declared", ["TSP-REQ-001", "TSP-REQ-013", "TSP-REQ-014"]);

    public static readonly Defect Sha1ImprintAccepted = new("sha1-imprint-accepted", DefectSite.Issuer,
        "SHA-1 imprints are stamped instead of being refused with badAlg", ["TSP-REQ-009"]);

    public static readonly Defect UnknownHashAccepted = new("unknown-hash-accepted", DefectSite.Issuer,
        "an imprint under an unknown hash algorithm is stamped without looking at the algorithm", ["TSP-REQ-008"]);

    public static readonly Defect ImprintLengthUnchecked = new("imprint-length-unchecked", DefectSite.Issuer,
        "an imprint whose length does not fit its hash algorithm is stamped", ["TSP-REQ-010"]);

    public static readonly Defect TrivialImprintRefused = new("trivial-imprint-refused", DefectSite.Issuer,
        "the TSA judges the imprint and refuses one whose octets are all equal (all zeros, all ones)", ["TSP-REQ-014"]);

    public static readonly Defect RequestVersionIgnored = new("request-version-ignored", DefectSite.Issuer,
        "a request claiming a version other than 1 is stamped", ["TSP-REQ-011"]);

    public static readonly Defect LenientRequestDecoding = new("lenient-request-decoding", DefectSite.Issuer,
        "requests are decoded with BER rules and trailing bytes ignored, so malformed requests are stamped", ["TSP-REQ-012"]);

    public static readonly Defect UnknownPolicyAccepted = new("unknown-policy-accepted", DefectSite.Issuer,
        "a request naming a policy the TSA does not offer gets a token under the default policy", ["TSP-REQ-006"]);

    public static readonly Defect RequestedPolicyIgnored = new("requested-policy-ignored", DefectSite.Issuer,
        "a requested policy the TSA offers (e.g. BTSP) is ignored: tokens always carry the endpoint's default policy", ["TSP-REQ-005"]);

    public static readonly Defect UnknownExtensionAccepted = new("unknown-extension-accepted", DefectSite.Issuer,
        "request extensions are ignored instead of refused with unacceptedExtension", ["TSP-REQ-007"]);

    public static readonly Defect CertificatesWithoutCertReq = new("certificates-without-certreq", DefectSite.Issuer,
        "the certificates field is sent although certReq is absent or FALSE", ["TSP-REQ-004"]);

    public static readonly Defect CertificatesMissingWithCertReq = new("certificates-missing-with-certreq", DefectSite.Issuer,
        "the certificates field is left out although certReq is TRUE", ["TSP-REQ-003"]);

    // ---- TSTInfo content and encoding -----------------------------------------------------------------------
    public static readonly Defect TstInfoVersion2 = new("tstinfo-version-2", DefectSite.TstInfo,
        "TSTInfo.version is 2", ["TSP-TST-001"]);

    public static readonly Defect PolicyWrong = new("policy-wrong", DefectSite.TstInfo,
        "tokens carry a policy OID the TSA neither declares, discloses nor was asked for", ["TSP-TST-002", "TSP-REQ-005", "TSP-SVC-001"]);

    public static readonly Defect ImprintAltered = new("imprint-altered", DefectSite.TstInfo,
        "the stamped hashedMessage differs from the request's in its last octet", ["TSP-TST-003", "TSP-REQ-014"]);

    public static readonly Defect SerialRepeated = new("serial-repeated", DefectSite.TstInfo,
        "every token carries the serial number of the first token issued since start", ["TSP-TST-004"]);

    public static readonly Defect SerialTooLong = new("serial-too-long", DefectSite.TstInfo,
        "serial numbers are 168 bits long, beyond the 160 bits RFC 3161 allows clients to expect", ["TSP-TST-005"]);

    public static readonly Defect GenTimeTrailingZero = new("gentime-trailing-zero", DefectSite.TstInfo,
        "genTime is written with a trailing zero in its fraction (not DER, not the RFC 3161 form)", ["TSP-TST-006"]);

    public static readonly Defect GenTimeWholeSeconds = new("gentime-whole-seconds", DefectSite.TstInfo,
        "the accuracy declared is 500 ms but genTime is truncated to whole seconds", ["TSP-TST-007"]);

    public static readonly Defect AccuracyMissing = new("accuracy-missing", DefectSite.TstInfo,
        "TSTInfo has no accuracy field", ["TSP-TST-008"]);

    public static readonly Defect AccuracyAboveOneSecond = new("accuracy-above-1s", DefectSite.TstInfo,
        "TSTInfo declares an accuracy of 2 seconds", ["TSP-TST-008", "TSP-TIME-002"]);

    public static readonly Defect AccuracyMillisOutOfRange = new("accuracy-millis-out-of-range", DefectSite.TstInfo,
        "one second of accuracy is written as millis 1000 instead of seconds 1", ["TSP-TST-009"]);

    public static readonly Defect OrderingTrue = new("ordering-true", DefectSite.TstInfo,
        "TSTInfo claims ordering TRUE", ["TSP-TST-010"]);

    public static readonly Defect OrderingExplicitFalse = new("ordering-explicit-false", DefectSite.TstInfo,
        "TSTInfo encodes ordering FALSE explicitly, which DER forbids for a DEFAULT value", ["TSP-CMS-003"]);

    public static readonly Defect NonceMissing = new("nonce-missing", DefectSite.TstInfo,
        "the request's nonce is not copied into the token", ["TSP-TST-011", "TSP-REQ-002"]);

    public static readonly Defect NonceAltered = new("nonce-altered", DefectSite.TstInfo,
        "the token's nonce is the request's nonce plus one", ["TSP-TST-011", "TSP-REQ-002"]);

    public static readonly Defect NonceInvented = new("nonce-invented", DefectSite.TstInfo,
        "a request without a nonce gets a token with a nonce the TSA made up", ["TSP-REQ-015"]);

    public static readonly Defect TsaNameWrong = new("tsa-name-wrong", DefectSite.TstInfo,
        "the tsa field names the issuing CA instead of the TSU", ["TSP-TST-012"]);

    public static readonly Defect CriticalTstInfoExtension = new("critical-tstinfo-extension", DefectSite.TstInfo,
        "TSTInfo carries a private extension marked critical", ["TSP-TST-013"]);

    public static readonly Defect GenTimeJumpsBack = new("gentime-jumps-back", DefectSite.TstInfo,
        "every second token of an endpoint has a genTime 5 seconds behind the clock, so time runs backwards between consecutive tokens", ["TSP-TIME-003"]);

    public static readonly Defect GenTimeOutsideValidity = new("gentime-outside-validity", DefectSite.TstInfo,
        "genTime is one hour before the TSU certificate's notBefore", ["TSP-TST-014"]);

    public static readonly Defect GenTimeSkewed = new("gentime-skewed", DefectSite.TstInfo,
        "genTime is ahead of the clock by Tsa:DefectGenTimeSkewSeconds (default 30 s)", ["TSP-TIME-001"]);

    public static readonly Defect Esi4MissingOnQtsa = new("esi4-missing-on-qtsa", DefectSite.TstInfo,
        "tokens of the qualified endpoint lack the qcStatements extension with esi4-qtstStatement-1", ["TSP-QTS-001", "TSP-QTS-004"]);

    public static readonly Defect Esi4OnTsa = new("esi4-on-tsa", DefectSite.TstInfo,
        "tokens of the non-qualified endpoint carry esi4-qtstStatement-1", ["TSP-QTS-005"]);

    public static readonly Defect QcStatementExtra = new("qcstatement-extra", DefectSite.TstInfo,
        "the token's qcStatements holds QcCompliance besides esi4-qtstStatement-1", ["TSP-QTS-002"]);

    public static readonly Defect QcStatementsCritical = new("qcstatements-critical", DefectSite.TstInfo,
        "the token's qcStatements extension is marked critical", ["TSP-QTS-003"]);

    // ---- CMS SignedData -----------------------------------------------------------------------------------
    public static readonly Defect ContentTypeNotSignedData = new("content-type-not-signed-data", DefectSite.SignedData,
        "the token's ContentInfo says id-data instead of id-signedData", ["TSP-CMS-001"]);

    public static readonly Defect EContentTypeData = new("econtent-type-data", DefectSite.SignedData,
        "eContentType is id-data instead of id-ct-TSTInfo", ["TSP-CMS-002"]);

    public static readonly Defect TwoSignerInfos = new("two-signer-infos", DefectSite.SignedData,
        "SignedData carries the TSA's SignerInfo twice", ["TSP-CMS-004"]);

    public static readonly Defect SignedDataVersion1 = new("signed-data-version-1", DefectSite.SignedData,
        "SignedData.version is 1 although eContentType is not id-data", ["TSP-CMS-005"]);

    public static readonly Defect MessageDigestWrong = new("message-digest-wrong", DefectSite.SignedData,
        "the message-digest attribute is the digest of the TSTInfo with its last octet changed", ["TSP-CMS-006"]);

    public static readonly Defect SigningCertificateMissing = new("signing-certificate-missing", DefectSite.SignedData,
        "no SigningCertificate or SigningCertificateV2 attribute is signed", ["TSP-CMS-007"]);

    public static readonly Defect EssCertIdV2WrongHash = new("esscertidv2-wrong-hash", DefectSite.SignedData,
        "ESSCertIDv2.certHash is the hash of the issuing CA certificate, not of the TSU certificate", ["TSP-CMS-008", "TSP-REQ-003"]);

    public static readonly Defect EssCertIdConflicting = new("esscertid-conflicting", DefectSite.SignedData,
        "besides a correct ESSCertIDv2, a SHA-1 ESSCertID names the issuing CA certificate", ["TSP-CMS-008"]);

    public static readonly Defect EssCertIdSha1Only = new("esscertid-sha1-only", DefectSite.SignedData,
        "the TSU certificate is identified only by a SHA-1 ESSCertID (SigningCertificate, no V2)", ["TSP-CMS-009"]);

    public static readonly Defect SignatureInvalid = new("signature-invalid", DefectSite.SignedData,
        "the signature value has one bit flipped, so it does not verify", ["TSP-CMS-010", "EIDAS-ART42-1-A"]);

    public static readonly Defect SignerInfoVersion3 = new("signer-info-version-3", DefectSite.SignedData,
        "SignerInfo.version is 3 although sid is issuerAndSerialNumber", ["TSP-CMS-011"]);

    public static readonly Defect AlgorithmProtectionMismatch = new("algorithm-protection-mismatch", DefectSite.SignedData,
        "the CMSAlgorithmProtection attribute names another digest algorithm than the SignerInfo", ["TSP-CMS-012"]);

    public static readonly Defect SigningTimeOff = new("signing-time-off", DefectSite.SignedData,
        "a signing-time attribute one hour before genTime is signed", ["TSP-CMS-013"]);

    // ---- TimeStampResp ------------------------------------------------------------------------------------
    public static readonly Defect GrantedWithoutToken = new("granted-without-token", DefectSite.Response,
        "granted responses carry no TimeStampToken", ["TSP-RESP-001"]);

    public static readonly Defect FailInfoUndefinedBit = new("failinfo-undefined-bit", DefectSite.Response,
        "rejections also set failInfo bit 3 (a CMP bit RFC 3161 does not define)", ["TSP-RESP-002"]);

    public static readonly Defect FailInfoMissing = new("failinfo-missing", DefectSite.Response,
        "rejections carry no failInfo", ["TSP-RESP-003"]);

    public static readonly Defect FailInfoBer = new("failinfo-ber", DefectSite.Response,
        "the rejection's failInfo BIT STRING is BER, not DER (a trailing zero octet, unused bits not minimal)", ["TSP-HTTP-001"]);

    // ---- HTTP ---------------------------------------------------------------------------------------------
    public static readonly Defect Http201 = new("http-201", DefectSite.Http,
        "time-stamp responses come with HTTP 201 instead of 200", ["TSP-HTTP-001"]);

    public static readonly Defect ContentTypeWrong = new("content-type-wrong", DefectSite.Http,
        "time-stamp responses are labelled application/octet-stream", ["TSP-HTTP-001"]);

    public static readonly Defect Http200Html = new("http-200-html", DefectSite.Http,
        "valid requests are answered with HTTP 200 and an HTML page", ["TSP-HTTP-002"]);

    public static readonly Defect MediaTypeUnchecked = new("media-type-unchecked", DefectSite.Http,
        "requests are stamped whatever their Content-Type, and GET with a body is treated as POST", ["TSP-HTTP-004"]);

    // ---- TSU certificate (re-issued with the flaw by the development CA) ---------------------------------
    public static readonly Defect EkuExtra = new("eku-extra", DefectSite.TsuCertificate,
        "the TSU certificate's extended key usage lists codeSigning besides timeStamping", ["TSP-CERT-001"]);

    public static readonly Defect EkuNotCritical = new("eku-not-critical", DefectSite.TsuCertificate,
        "the TSU certificate's extended key usage is not critical", ["TSP-CERT-002"]);

    public static readonly Defect KeyUsageExtra = new("key-usage-extra", DefectSite.TsuCertificate,
        "the TSU certificate's key usage also allows keyEncipherment", ["TSP-CERT-003"]);

    public static readonly Defect TsuCertificateCa = new("tsu-certificate-ca", DefectSite.TsuCertificate,
        "the TSU certificate says cA TRUE in basicConstraints", ["TSP-CERT-004"]);

    public static readonly Defect PrivateKeyUsagePeriodMissing = new("private-key-usage-period-missing", DefectSite.TsuCertificate,
        "the TSU certificate has no privateKeyUsagePeriod", ["TSP-CERT-005"]);

    public static readonly Defect PrivateKeyUsagePeriodBeyondCertificate = new("private-key-usage-period-beyond-certificate", DefectSite.TsuCertificate,
        "the TSU certificate's privateKeyUsagePeriod ends a year after the certificate does", ["EN319421-TIS-7.6.7-02", "TSP-CERT-005"]);

    public static readonly Defect SubjectWithoutOrganization = new("subject-without-organization", DefectSite.TsuCertificate,
        "the TSU certificate's subject has no organizationName", ["TSP-CERT-006", "TSP-CERT-007"]);

    public static readonly Defect SubjectWithoutOrganizationIdentifier = new("subject-without-organization-identifier", DefectSite.TsuCertificate,
        "the TSU certificate's subject has no organizationIdentifier", ["TSP-CERT-007", "EIDAS-ART42-1-C"]);

    public static readonly Defect CrlDistributionPointMissing = new("crl-distribution-point-missing", DefectSite.TsuCertificate,
        "the TSU certificate has neither an OCSP responder nor a CRL distribution point", ["TSP-CERT-008"]);

    public static readonly Defect UntrustedIssuer = new("untrusted-issuer", DefectSite.TsuCertificate,
        "the TSU certificate is issued by a throw-away CA that is not the declared trust anchor", ["TSP-CERT-009"]);

    public static readonly Defect TsuKeyRsa1024 = new("tsu-key-rsa-1024", DefectSite.TsuCertificate,
        "each TSU signs with a fresh 1024-bit RSA software key, certified by the development CA", ["TSP-CERT-011", "TSP-ALG-001", "TSP-ALG-002"]);

    public static readonly Defect CertificateOutlivesAlgorithm = new("certificate-outlives-algorithm", DefectSite.TsuCertificate,
        "the TSU certificate is valid until 2040, beyond the end of RSA PKCS#1 v1.5 in the crypto policy", ["TSP-CERT-012"]);

    public static readonly Defect OcspNoCheck = new("ocsp-nocheck", DefectSite.TsuCertificate,
        "the TSU certificate carries id-pkix-ocsp-nocheck", ["TSP-CERT-013"]);

    public static readonly Defect CertificateEsi4Statement = new("certificate-esi4-statement", DefectSite.TsuCertificate,
        "the TSU certificate carries esi4-qtstStatement-1 in its own qcStatements", ["TSP-CERT-014"]);

    public static readonly Defect QualifiedTsuNcpPolicy = new("qualified-tsu-ncp-policy", DefectSite.TsuCertificate,
        "the TSU certificates are issued under EN 319 411-1 NCP instead of NCP+", ["TSP-QTS-007"]);

    public static readonly Defect TsuCertificateRevoked = new("tsu-certificate-revoked", DefectSite.TsuCertificate,
        "the development CA's CRL (the target's revocation source) lists the TSU certificates as revoked for keyCompromise", ["TSP-CERT-010"]);

    // ---- The development EU trusted list (TSP-QTS-006) ---------------------------------------------------------
    public static readonly Defect TsuNotOnTrustedList = new("tsu-not-on-trusted-list", DefectSite.TrustedList,
        "the development trusted list names only a retired unit with another key, not the qualified TSU", ["TSP-QTS-006"]);

    public static readonly Defect QtstWithdrawnBeforeGenTime = new("qtst-withdrawn-before-gentime", DefectSite.TrustedList,
        "the qualified TSU's QTST service was withdrawn an hour before start-up (granted before that, in its history)", ["TSP-QTS-006"]);

    public static readonly Defect ListedAsGenericTsa = new("listed-as-generic-tsa", DefectSite.TrustedList,
        "the qualified TSU is listed as a generic (non-qualified) TSA service, not as TSA/QTST", ["TSP-QTS-006"]);

    /// <summary>Every defect, in catalogue order.</summary>
    public static IReadOnlyList<Defect> All { get; } =
    [
        Sha256Refused, Sha1ImprintAccepted, UnknownHashAccepted, ImprintLengthUnchecked, TrivialImprintRefused,
        RequestVersionIgnored, LenientRequestDecoding, UnknownPolicyAccepted, RequestedPolicyIgnored, UnknownExtensionAccepted,
        CertificatesWithoutCertReq, CertificatesMissingWithCertReq,
        TstInfoVersion2, PolicyWrong, ImprintAltered, SerialRepeated, SerialTooLong, GenTimeTrailingZero, GenTimeWholeSeconds,
        AccuracyMissing, AccuracyAboveOneSecond, AccuracyMillisOutOfRange, OrderingTrue, OrderingExplicitFalse, NonceMissing,
        NonceAltered, NonceInvented, TsaNameWrong, CriticalTstInfoExtension, GenTimeOutsideValidity, GenTimeSkewed, GenTimeJumpsBack,
        Esi4MissingOnQtsa, Esi4OnTsa, QcStatementExtra, QcStatementsCritical,
        ContentTypeNotSignedData, EContentTypeData, TwoSignerInfos, SignedDataVersion1, MessageDigestWrong,
        SigningCertificateMissing, EssCertIdV2WrongHash, EssCertIdConflicting, EssCertIdSha1Only, SignatureInvalid,
        SignerInfoVersion3, AlgorithmProtectionMismatch, SigningTimeOff,
        GrantedWithoutToken, FailInfoUndefinedBit, FailInfoMissing, FailInfoBer,
        Http201, ContentTypeWrong, Http200Html, MediaTypeUnchecked,
        EkuExtra, EkuNotCritical, KeyUsageExtra, TsuCertificateCa, PrivateKeyUsagePeriodMissing, PrivateKeyUsagePeriodBeyondCertificate, SubjectWithoutOrganization,
        SubjectWithoutOrganizationIdentifier, CrlDistributionPointMissing, UntrustedIssuer, TsuKeyRsa1024,
        CertificateOutlivesAlgorithm, OcspNoCheck, CertificateEsi4Statement, QualifiedTsuNcpPolicy, TsuCertificateRevoked,
        TsuNotOnTrustedList, QtstWithdrawnBeforeGenTime, ListedAsGenericTsa,
    ];

    /// <summary>
    /// Automated requirements (with or without scenarios yet) that no defect of the reference TSA breaks, and why.
    /// The matrix test fails when a requirement with scenarios is neither caught by a defect nor listed here.
    /// </summary>
    public static IReadOnlyDictionary<string, string> NotBreakable { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["TSP-HTTP-003"] = "HTTPS: the embedded TSA's TLS listener and server certificate are set up by the host (Hosting/EmbeddedTsa), "
            + "outside the configuration that carries Tsa:Defects; a TLS defect (old protocol, certificate for another host) is not implemented yet.",
        ["TSP-RESP-004"] = "informative (MAY): it lists what a grantedWithMods response changed and never fails on its own, so no defect can make it fail.",
        ["TSP-CERT-015"] = "one active key per TSU: breaking it needs a second key certified under the same TSU name, alternated per token "
            + "(a second TimeStampingUnit behind one endpoint); not implemented yet.",
        ["TSP-TIME-004"] = "opportunistic: it applies only when the sampling window spans a leap second scheduled in the IERS list, and none is "
            + "scheduled; a defect cannot schedule one.",
        ["TSP-QTS-008"] = "it checks the suite's own wording of a token's qualified status in the report, not anything the TSA sends.",
        ["TSP-CMS-014"] = "the decoder cross-check names the check that judges a decoder's rejection (TSP-CMS-003 DER, -004 signers, -007/-008 "
            + "signing-certificate attribute, -011 signer identifier) instead of counting the defect twice, and every structural defect of the "
            + "reference TSA is one of those; what is left for it alone is two decoders reading different values from one token, which a "
            + "well-formed DER encoder cannot produce.",
        ["TSP-REF-001"] = WhiteBox, ["TSP-REF-002"] = WhiteBox, ["TSP-REF-003"] = WhiteBox, ["TSP-REF-004"] = WhiteBox,
        ["TSP-REF-005"] = WhiteBox, ["TSP-REF-006"] = WhiteBox, ["TSP-REF-007"] = WhiteBox,
    };

    private const string WhiteBox = "white-box (reference-tsa profile): the scenario starts its own throw-away TSA instances through the suite's "
        + "operator control and configures each one itself (clock sources, key expiry, crash and restart, HSM attributes); Tsa:Defects "
        + "does not reach those instances and the matrix target has no operator control. The reference TSA's own tests show each refusal.";

    public static Defect? Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The closest defect name, for a did-you-mean in configuration errors; null when nothing is close.</summary>
    public static string? Suggest(string name)
    {
        string wanted = name.Trim().ToLowerInvariant();
        var best = All.Select(d => (d.Name, Distance: EditDistance(wanted, d.Name))).MinBy(x => x.Distance);
        bool contains = All.FirstOrDefault(d => d.Name.Contains(wanted, StringComparison.Ordinal) && wanted.Length >= 4) is not null;
        if (contains)
        {
            return All.First(d => d.Name.Contains(wanted, StringComparison.Ordinal)).Name;
        }

        return best.Distance <= Math.Max(2, wanted.Length / 3) ? best.Name : null;
    }

    private static int EditDistance(string a, string b)
    {
        int[] previous = [.. Enumerable.Range(0, b.Length + 1)];
        int[] current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
