using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Certificates;
using ReferenceTsa.Clock;
using ReferenceTsa.Events;
using ReferenceTsa.Issuance;
using ReferenceTsa.Protocol;
using ReferenceTsa.Signing;
using ReferenceTsa.Signing.Pkcs11;

namespace ReferenceTsa.Configuration;

/// <summary>
/// Validates <see cref="TsaOptions"/> and loads the TSUs. Any problem stops start-up with the setting named:
/// a TSA that cannot issue conformant tokens must not issue at all.
/// </summary>
public static class TimeStampingServiceLoader
{
    private static readonly string[] ReservedPaths = ["/healthz", "/readyz", "/metrics"];

    public static TimeStampingService Load(TsaOptions options, string baseDirectory, DateTimeOffset now, string source)
    {
        var problems = new List<ConfigurationProblem>();
        var tsus = new Dictionary<string, TimeStampingUnit>(StringComparer.Ordinal);
        try
        {
            var cryptoPolicy = LoadCryptoPolicy(options, baseDirectory, problems);
            foreach (var (name, tsuOptions) in options.Tsus)
            {
                var tsu = LoadTsu(name, tsuOptions, options, baseDirectory, now, problems, cryptoPolicy);
                if (tsu is not null)
                {
                    tsu.ExpiryWarning = TimeSpan.FromDays(Math.Clamp(options.ExpiryWarningDays, 0, 3650));
                    tsus.Add(name, tsu);
                }
            }

            if (options.ExpiryWarningDays is < 0 or > 3650)
            {
                problems.Add(new("Tsa:ExpiryWarningDays", $"{options.ExpiryWarningDays} is outside 0 to 3650 days"));
            }

            var endpoints = new List<IssuancePolicy>();
            foreach (var (name, endpointOptions) in options.Endpoints)
            {
                var endpoint = BuildEndpoint(name, endpointOptions, tsus, options, problems);
                if (endpoint is not null)
                {
                    endpoints.Add(endpoint);
                }
            }

            CheckSeparationOfQualifiedService(options, tsus, problems);
            var clock = ValidateClock(options.Clock, endpoints, problems);
            if (options.Clock.AllowUnmonitoredClock && Defects.DefectSettings.Mode(options) != Defects.TsaMode.Development)
            {
                problems.Add(new("Tsa:Clock:AllowUnmonitoredClock",
                    "is refused in production mode (Tsa:Mode unset or production): a TSA must show its clock is within the declared accuracy of "
                    + "UTC (EN 319 421 TIS-7.7.1); configure Tsa:Clock:Sources, or set Tsa:Mode: development for a test set-up"));
            }

            var evidenceLog = EvidenceLog.EvidenceLogSettings.Validate(options.EvidenceLog, baseDirectory, problems);
            var defects = Defects.DefectSettings.Validate(options, problems);
            var tls = Tls.TlsSettings.Validate(options.Tls, baseDirectory, now, problems);
            var logging = Observability.LoggingOptions.Validate(options.Logging ?? new(), problems);

            if (options.Endpoints.Count == 0)
            {
                problems.Add(new("Tsa:Endpoints", "no service access point is configured"));
            }

            if (options.MaxRequestBytes is < 256 or > 1024 * 1024)
            {
                problems.Add(new("Tsa:MaxRequestBytes", $"{options.MaxRequestBytes} is outside 256 to 1048576"));
            }

            if (options.SerialBlockSize is < 1 or > 1_000_000)
            {
                problems.Add(new("Tsa:SerialBlockSize", $"{options.SerialBlockSize} is outside 1 to 1000000"));
            }

            if (problems.Count > 0)
            {
                throw new TsaConfigurationException(source, problems);
            }

            string dataDirectory = Path.GetFullPath(options.DataDirectory, baseDirectory);
            return new TimeStampingService([.. tsus.Values], endpoints, options.MaxRequestBytes, dataDirectory)
            {
                Clock = clock!, EvidenceLog = evidenceLog!, Defects = defects, Tls = tls, Logging = logging, ReadyzDetail = options.ReadyzDetail,
            };
        }
        catch
        {
            foreach (var tsu in tsus.Values)
            {
                tsu.Dispose();
            }

            throw;
        }
    }

    /// <summary>The configured algorithm policy, applied in production mode only (development certificates are the dev CA's).</summary>
    private static TsuCryptoPolicy? LoadCryptoPolicy(TsaOptions options, string baseDirectory, List<ConfigurationProblem> problems)
    {
        if (options.CryptoPolicy is not { Length: > 0 } file || Defects.DefectSettings.Mode(options) != Defects.TsaMode.Production)
        {
            return null;
        }

        try
        {
            return TsuCryptoPolicy.Load(Path.GetFullPath(file, baseDirectory));
        }
        catch (InvalidDataException e)
        {
            problems.Add(new("Tsa:CryptoPolicy", e.Message));
            return null;
        }
    }

    private static TimeStampingUnit? LoadTsu(string name, TsuOptions tsu, TsaOptions options, string baseDirectory,
        DateTimeOffset now, List<ConfigurationProblem> problems, TsuCryptoPolicy? cryptoPolicy)
    {
        string prefix = $"Tsa:Tsus:{name}";
        int before = problems.Count;

        X509Certificate2? certificate = null;
        if (string.IsNullOrWhiteSpace(tsu.Certificate))
        {
            problems.Add(new($"{prefix}:Certificate", "no TSU certificate is configured (EN 319 421 TIS-7.6.4-04: no issuance without one)"));
        }
        else
        {
            certificate = LoadCertificate(Path.GetFullPath(tsu.Certificate, baseDirectory), $"{prefix}:Certificate", problems);
            if (certificate is not null)
            {
                foreach (string problem in TsuCertificateProfile.Problems(certificate, now))
                {
                    problems.Add(new($"{prefix}:Certificate", $"{certificate.Subject}: {problem}"));
                }
            }
        }

        var chain = new List<X509Certificate2>();
        for (int i = 0; i < tsu.Chain.Count; i++)
        {
            var ca = LoadCertificate(Path.GetFullPath(tsu.Chain[i], baseDirectory), $"{prefix}:Chain:{i}", problems);
            if (ca is not null)
            {
                chain.Add(ca);
            }
        }

        var digest = DigestAlgorithm.FromName(tsu.SignerDigest);
        DigestAlgorithm[] signerDigests = [DigestAlgorithm.Sha256, DigestAlgorithm.Sha384, DigestAlgorithm.Sha512];
        if (digest is null || !signerDigests.Contains(digest))
        {
            problems.Add(new($"{prefix}:SignerDigest", $"'{tsu.SignerDigest}' is not one of SHA256, SHA384, SHA512"));
            digest = null;
        }

        ITsuSigningKey? key = LoadKey(prefix, tsu.Key, options, baseDirectory, problems);
        if (key is not null && certificate is not null && !key.MatchesCertificate(certificate))
        {
            problems.Add(new($"{prefix}:Key", $"the key {key.Description} does not belong to the certificate {certificate.Subject}"));
        }

        if (cryptoPolicy is not null && key is not null && certificate is not null)
        {
            foreach (string problem in cryptoPolicy.Problems(certificate, key.Scheme))
            {
                problems.Add(new($"{prefix}:Certificate", $"{certificate.Subject}: {problem}"));
            }
        }

        if (problems.Count > before || key is null || certificate is null || digest is null)
        {
            key?.Dispose();
            certificate?.Dispose();
            chain.ForEach(c => c.Dispose());
            return null;
        }

        // Development-mode defects that need a flawed TSU certificate get it from the dev CA here (Defects/).
        (certificate, key) = Defects.CertificateFlaws.Apply(Defects.DefectSettings.Validate(options, []), certificate, key, baseDirectory, now);
        try
        {
            return new TimeStampingUnit(name, certificate, chain, key, digest);
        }
        catch (NotSupportedException e)
        {
            problems.Add(new($"{prefix}:SignerDigest", e.Message));
            key.Dispose();
            certificate.Dispose();
            return null;
        }
    }

    private static ITsuSigningKey? LoadKey(string prefix, KeyOptions key, TsaOptions options, string baseDirectory,
        List<ConfigurationProblem> problems)
    {
        if (string.Equals(key.Type, "pkcs11", StringComparison.OrdinalIgnoreCase))
        {
            return LoadPkcs11Key(prefix, key, options, baseDirectory, problems);
        }

        if (!string.Equals(key.Type, "software", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new($"{prefix}:Key:Type", $"'{key.Type}' is not a known key type (pkcs11, software)"));
            return null;
        }

        if (!options.AllowSoftwareKeys)
        {
            problems.Add(new($"{prefix}:Key:Type",
                "software keys are refused unless Tsa:AllowSoftwareKeys is true (EN 319 421 TIS-7.6.2 wants an HSM)"));
            return null;
        }

        SignatureScheme? scheme = ParseScheme(key.Scheme);
        if (scheme is null)
        {
            problems.Add(new($"{prefix}:Key:Scheme", $"'{key.Scheme}' is not one of rsa-pkcs1, rsa-pss, ecdsa"));
            return null;
        }

        if (string.IsNullOrWhiteSpace(key.Path))
        {
            problems.Add(new($"{prefix}:Key:Path", "no key file is configured"));
            return null;
        }

        string path = Path.GetFullPath(key.Path, baseDirectory);
        if (!File.Exists(path))
        {
            problems.Add(new($"{prefix}:Key:Path", $"{path} does not exist"));
            return null;
        }

        string? password = null;
        if (key.PasswordEnvironmentVariable is { Length: > 0 } variable)
        {
            password = Environment.GetEnvironmentVariable(variable);
            if (password is null)
            {
                problems.Add(new($"{prefix}:Key:PasswordEnvironmentVariable", $"the environment variable {variable} is not set"));
                return null;
            }
        }

        try
        {
            return SoftwareSigningKey.Load(path, scheme.Value, password);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            problems.Add(new($"{prefix}:Key:Path", e.Message));
            return null;
        }
    }

    private static SignatureScheme? ParseScheme(string? scheme) => scheme?.ToLowerInvariant() switch
    {
        "rsa-pkcs1" => SignatureScheme.RsaPkcs1,
        "rsa-pss" => SignatureScheme.RsaPss,
        "ecdsa" => SignatureScheme.Ecdsa,
        _ => null,
    };

    /// <summary>
    /// The PKCS#11 branch and its start-up gate: the key must be found, sensitive and never extractable
    /// (<see cref="Pkcs11KeyAttributes.GateProblems"/>); the caller then checks it against the certificate.
    /// </summary>
    private static ITsuSigningKey? LoadPkcs11Key(string prefix, KeyOptions key, TsaOptions options, string baseDirectory,
        List<ConfigurationProblem> problems)
    {
        int before = problems.Count;
        SignatureScheme? scheme = ParseScheme(key.Scheme);
        if (scheme is null)
        {
            problems.Add(new($"{prefix}:Key:Scheme", $"'{key.Scheme}' is not one of rsa-pkcs1, rsa-pss, ecdsa"));
        }

        string? module = string.IsNullOrWhiteSpace(key.Module) ? null : Path.GetFullPath(key.Module, baseDirectory);
        if (module is null || !File.Exists(module))
        {
            problems.Add(new($"{prefix}:Key:Module", module is null ? "no PKCS#11 module is configured" : $"{module} does not exist"));
        }

        if (string.IsNullOrWhiteSpace(key.TokenLabel) == (key.Slot is null))
        {
            problems.Add(new($"{prefix}:Key:TokenLabel", "give exactly one of TokenLabel and Slot"));
        }

        byte[]? keyId = null;
        if (!string.IsNullOrWhiteSpace(key.KeyId))
        {
            try
            {
                keyId = Convert.FromHexString(key.KeyId.Replace(":", "", StringComparison.Ordinal));
            }
            catch (FormatException)
            {
                problems.Add(new($"{prefix}:Key:KeyId", $"'{key.KeyId}' is not hexadecimal"));
            }
        }

        if (string.IsNullOrWhiteSpace(key.KeyLabel) && string.IsNullOrWhiteSpace(key.KeyId))
        {
            problems.Add(new($"{prefix}:Key:KeyLabel", "give KeyLabel, KeyId or both to name the private key"));
        }

        if (key.PoolSize is < 1 or > 256)
        {
            problems.Add(new($"{prefix}:Key:PoolSize", $"{key.PoolSize} is outside 1 to 256"));
        }

        string? pin = ReadPin(prefix, key, baseDirectory, problems);
        if (problems.Count > before || module is null || pin is null || scheme is null)
        {
            return null;
        }

        if (key.SoftHsm2Conf is { Length: > 0 } softHsmConf)
        {
            string path = Path.GetFullPath(softHsmConf, baseDirectory);
            string? current = Environment.GetEnvironmentVariable("SOFTHSM2_CONF");
            if (!File.Exists(path))
            {
                problems.Add(new($"{prefix}:Key:SoftHsm2Conf", $"{path} does not exist"));
                return null;
            }

            if (current != path && Pkcs11Module.IsLoaded(module))
            {
                problems.Add(new($"{prefix}:Key:SoftHsm2Conf",
                    $"{module} is already loaded with SOFTHSM2_CONF={current}; SoftHSM reads it once per process"));
                return null;
            }

            NativeEnvironment.Set("SOFTHSM2_CONF", path);
        }

        var events = JsonLinesEventLog.InDirectory(Path.GetFullPath(options.DataDirectory, baseDirectory));
        var tokenSelector = new Pkcs11TokenSelector(module, string.IsNullOrWhiteSpace(key.TokenLabel) ? null : key.TokenLabel, key.Slot);
        var keySelector = new Pkcs11KeySelector(string.IsNullOrWhiteSpace(key.KeyLabel) ? null : key.KeyLabel, keyId);
        try
        {
            return Pkcs11SigningKey.Open(tokenSelector, keySelector, pin, key.PoolSize, scheme.Value, events);
        }
        catch (Pkcs11KeyRefusedException e)
        {
            problems.Add(new($"{prefix}:Key", e.Message));
        }
        catch (Net.Pkcs11Interop.Common.Pkcs11Exception e) when (e.RV is Net.Pkcs11Interop.Common.CKR.CKR_PIN_INCORRECT
                                                                    or Net.Pkcs11Interop.Common.CKR.CKR_PIN_LOCKED
                                                                    or Net.Pkcs11Interop.Common.CKR.CKR_PIN_LEN_RANGE)
        {
            problems.Add(new(key.PinFile is not null ? $"{prefix}:Key:PinFile" : $"{prefix}:Key:PinEnvironmentVariable",
                $"login to {tokenSelector} failed: {e.RV}"));
        }
        catch (Exception e) when (e is Pkcs11UnavailableException or Net.Pkcs11Interop.Common.Pkcs11Exception
                                      or CryptographicException or Net.Pkcs11Interop.Common.UnmanagedException)
        {
            problems.Add(new(key.Slot is null ? $"{prefix}:Key:TokenLabel" : $"{prefix}:Key:Slot",
                $"{keySelector} on {tokenSelector}: {Pkcs11Token.Describe(e)}"));
        }

        return null;
    }

    /// <summary>The PIN from an environment variable or a file; never from the command line and never logged.</summary>
    private static string? ReadPin(string prefix, KeyOptions key, string baseDirectory, List<ConfigurationProblem> problems)
    {
        if ((key.PinEnvironmentVariable is { Length: > 0 }) == (key.PinFile is { Length: > 0 }))
        {
            problems.Add(new($"{prefix}:Key:PinEnvironmentVariable", "give exactly one of PinEnvironmentVariable and PinFile"));
            return null;
        }

        return ConfigurationSecret.Read($"{prefix}:Key:PinEnvironmentVariable", key.PinEnvironmentVariable,
            $"{prefix}:Key:PinFile", key.PinFile, baseDirectory, problems);
    }

    private static X509Certificate2? LoadCertificate(string path, string setting, List<ConfigurationProblem> problems)
    {
        if (!File.Exists(path))
        {
            problems.Add(new(setting, $"{path} does not exist"));
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException e)
        {
            problems.Add(new(setting, $"{path} is not an X.509 certificate (PEM or DER): {e.Message}"));
            return null;
        }
    }

    private static IssuancePolicy? BuildEndpoint(string name, EndpointOptions endpoint,
        Dictionary<string, TimeStampingUnit> tsus, TsaOptions options, List<ConfigurationProblem> problems)
    {
        string prefix = $"Tsa:Endpoints:{name}";
        int before = problems.Count;

        string path = endpoint.Path ?? "";
        if (!path.StartsWith('/') || path.Length < 2 || path.Contains("//", StringComparison.Ordinal))
        {
            problems.Add(new($"{prefix}:Path", $"'{endpoint.Path}' is not a URL path such as /tsa"));
        }
        else if (ReservedPaths.Contains(path, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add(new($"{prefix}:Path", $"{path} is reserved for health and metrics"));
        }
        else if (options.Endpoints.Any(e => e.Key != name && string.Equals(e.Value.Path, path, StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add(new($"{prefix}:Path", $"{path} is used by another endpoint too"));
        }

        if (endpoint.Tsu is null || !options.Tsus.ContainsKey(endpoint.Tsu))
        {
            problems.Add(new($"{prefix}:Tsu", $"'{endpoint.Tsu}' names no configured TSU (Tsa:Tsus)"));
        }

        if (!IsOid(endpoint.Policy))
        {
            problems.Add(new($"{prefix}:Policy", $"'{endpoint.Policy}' is not an object identifier"));
        }

        for (int i = 0; i < endpoint.AcceptedPolicies.Count; i++)
        {
            if (!IsOid(endpoint.AcceptedPolicies[i]))
            {
                problems.Add(new($"{prefix}:AcceptedPolicies:{i}", $"'{endpoint.AcceptedPolicies[i]}' is not an object identifier"));
            }
        }

        var hashes = new List<DigestAlgorithm>();
        var hashNames = endpoint.AcceptedHashes ?? [.. DigestAlgorithm.DefaultAccepted.Select(h => h.Name)];
        for (int i = 0; i < hashNames.Count; i++)
        {
            var hash = DigestAlgorithm.FromName(hashNames[i]);
            if (hash is null)
            {
                problems.Add(new($"{prefix}:AcceptedHashes:{i}", $"'{hashNames[i]}' is not a known hash algorithm"));
            }
            else if (hash.Weak)
            {
                problems.Add(new($"{prefix}:AcceptedHashes:{i}",
                    $"{hash} is broken for time-stamping and must be refused (RFC 3161 §2.4.1, EN 319 422 §5.1.3)"));
            }
            else
            {
                hashes.Add(hash);
            }
        }

        if (hashNames.Count == 0)
        {
            problems.Add(new($"{prefix}:AcceptedHashes", "no hash algorithm is accepted"));
        }

        if (!Accuracy.TryParse(endpoint.Accuracy, out var accuracy))
        {
            problems.Add(new($"{prefix}:Accuracy", $"'{endpoint.Accuracy}' is not a duration such as 1s, 500ms or 100us"));
        }
        else if (accuracy.TotalMicroseconds > Accuracy.OneSecond.TotalMicroseconds)
        {
            problems.Add(new($"{prefix}:Accuracy",
                $"{accuracy} is coarser than one second (EN 319 421 §5.2 BTSP and EN 319 422 §5.2.2 require 1 s or better)"));
        }
        else if (endpoint.GenTimeFractionDigits is < 0 or > GenTimeFormat.MaxFractionDigits)
        {
            problems.Add(new($"{prefix}:GenTimeFractionDigits", $"{endpoint.GenTimeFractionDigits} is outside 0 to 6"));
        }
        else if (endpoint.GenTimeFractionDigits < GenTimeFormat.MinimumFractionDigits(accuracy))
        {
            problems.Add(new($"{prefix}:GenTimeFractionDigits",
                $"{endpoint.GenTimeFractionDigits} digits are too coarse for an accuracy of {accuracy}; use at least "
                + $"{GenTimeFormat.MinimumFractionDigits(accuracy)} (EN 319 422 §5.2.2)"));
        }

        if (problems.Count > before || !tsus.TryGetValue(endpoint.Tsu!, out var tsu))
        {
            return null;
        }

        return new IssuancePolicy
        {
            Name = name,
            Path = path,
            Tsu = tsu,
            DefaultPolicyOid = endpoint.Policy!,
            AcceptedPolicyOids = [endpoint.Policy!, .. endpoint.AcceptedPolicies.Where(p => p != endpoint.Policy)],
            AcceptedHashes = hashes,
            Accuracy = accuracy,
            GenTimeFractionDigits = endpoint.GenTimeFractionDigits,
            IncludeTsaName = endpoint.IncludeTsaName,
            Qualified = endpoint.Qualified,
        };
    }

    /// <summary>
    /// EN 319 421 TIS-8.2-01..03: a TSU issuing qualified tokens issues no others, and the qualified and
    /// non-qualified TSUs have different subject names.
    /// </summary>
    private static void CheckSeparationOfQualifiedService(TsaOptions options, Dictionary<string, TimeStampingUnit> tsus,
        List<ConfigurationProblem> problems)
    {
        var qualifiedTsus = options.Endpoints.Where(e => e.Value.Qualified).Select(e => e.Value.Tsu).ToHashSet();
        foreach (var (name, endpoint) in options.Endpoints.Where(e => !e.Value.Qualified))
        {
            if (endpoint.Tsu is not null && qualifiedTsus.Contains(endpoint.Tsu))
            {
                problems.Add(new($"Tsa:Endpoints:{name}:Tsu",
                    $"TSU '{endpoint.Tsu}' also serves a qualified endpoint; a TSU issuing qualified time-stamps must not "
                    + "issue non-qualified ones (EN 319 421 TIS-8.2-01)"));
            }
        }

        foreach (var (name, endpoint) in options.Endpoints.Where(e => e.Value.Qualified))
        {
            if (endpoint.Tsu is null || !tsus.TryGetValue(endpoint.Tsu, out var qualified))
            {
                continue;
            }

            foreach (var other in options.Endpoints.Where(e => !e.Value.Qualified))
            {
                if (other.Value.Tsu is not null && other.Value.Tsu != endpoint.Tsu
                    && tsus.TryGetValue(other.Value.Tsu, out var nonQualified)
                    && nonQualified.Certificate.SubjectName.RawData.AsSpan().SequenceEqual(qualified.Certificate.SubjectName.RawData))
                {
                    problems.Add(new($"Tsa:Endpoints:{name}:Tsu",
                        $"the qualified TSU '{endpoint.Tsu}' has the same subject name as the non-qualified TSU '{other.Value.Tsu}' "
                        + "(EN 319 421 TIS-8.2-02 requires different names)"));
                }
            }
        }
    }

    /// <summary>
    /// EN 319 421 TIS-7.7.1-07 / TIS-7.7.2: issuance needs UTC sources that show the clock is within the declared
    /// accuracy. The strictest endpoint accuracy minus the safety margin is the gate's threshold.
    /// </summary>
    private static ClockSettings? ValidateClock(ClockOptions clock, List<IssuancePolicy> endpoints, List<ConfigurationProblem> problems)
    {
        const string prefix = "Tsa:Clock";
        if (clock.Sources.Count == 0)
        {
            if (clock.AllowUnmonitoredClock)
            {
                return ClockSettings.Unmonitored;
            }

            problems.Add(new($"{prefix}:Sources",
                "no NTP time source is configured; the TSA cannot show its clock is within the declared accuracy "
                + "(EN 319 421 TIS-7.7.1). Configure sources, or set Tsa:Clock:AllowUnmonitoredClock for development"));
            return null;
        }

        int before = problems.Count;
        TimeSpan Duration(string name, string? text)
        {
            if (Accuracy.TryParse(text, out var value))
            {
                return value.AsTimeSpan;
            }

            problems.Add(new($"{prefix}:{name}", $"'{text}' is not a duration such as 1s, 500ms or 100us"));
            return TimeSpan.Zero;
        }

        var poll = Duration(nameof(clock.PollInterval), clock.PollInterval);
        var timeout = Duration(nameof(clock.QueryTimeout), clock.QueryTimeout);
        var maxAge = Duration(nameof(clock.MaxSampleAge), clock.MaxSampleAge);
        var margin = Duration(nameof(clock.SafetyMargin), clock.SafetyMargin);
        var disagreement = Duration(nameof(clock.MaxDisagreement), clock.MaxDisagreement);
        if (clock.MinimumSources < 1 || clock.MinimumSources > clock.Sources.Count)
        {
            problems.Add(new($"{prefix}:MinimumSources", $"{clock.MinimumSources} is not between 1 and the {clock.Sources.Count} configured sources"));
        }

        if (clock.ReopenAfterGoodPolls < 1)
        {
            problems.Add(new($"{prefix}:ReopenAfterGoodPolls", "must be at least 1"));
        }

        if (maxAge > TimeSpan.Zero && poll >= maxAge)
        {
            problems.Add(new($"{prefix}:MaxSampleAge", $"{clock.MaxSampleAge} must be longer than the poll interval {clock.PollInterval}"));
        }

        var leap = ValidateTimeSourcesAndLeapSeconds(clock, problems, Duration);

        if (endpoints.Count == 0 || problems.Count > before)
        {
            return null;
        }

        var strictest = endpoints.Min(e => e.Accuracy.AsTimeSpan);
        var threshold = strictest - margin;
        if (threshold <= TimeSpan.Zero)
        {
            problems.Add(new($"{prefix}:SafetyMargin", $"{clock.SafetyMargin} leaves nothing of the strictest declared accuracy ({strictest.TotalMilliseconds:0.###} ms)"));
            return null;
        }

        return new ClockSettings(true, clock.Sources, clock.MinimumSources, poll, timeout, maxAge, threshold, disagreement, clock.ReopenAfterGoodPolls)
        {
            LeapSecondPolicy = leap.Policy,
            LeapSecondList = leap.List,
            LeapSecondWindow = leap.Window,
            SmearingSources = clock.SmearingSources,
            SmearDriftPpm = clock.SmearDriftPpm,
            SmearObservation = leap.SmearObservation,
        };
    }

    /// <summary>
    /// Time-source entries (NTP or chrony), public leap-smearing services (refused: their time is not UTC around a leap
    /// second, EN 319 421 TIS-7.7.1) and the leap-second policy with its verified IERS list.
    /// </summary>
    private static (LeapSecondPolicy Policy, LeapSecondList? List, TimeSpan Window, TimeSpan SmearObservation) ValidateTimeSourcesAndLeapSeconds(
        ClockOptions clock, List<ConfigurationProblem> problems, Func<string, string?, TimeSpan> duration)
    {
        const string prefix = "Tsa:Clock";
        for (int i = 0; i < clock.Sources.Count; i++)
        {
            string source = clock.Sources[i];
            if (ChronyTracking.IsChronySource(source))
            {
                if (!ChronyTracking.TryParseSource(source, out _, out string? problem))
                {
                    problems.Add(new($"{prefix}:Sources:{i}", problem!));
                }
                else if (!File.Exists(ChronyTracking.ChronycBinary))
                {
                    problems.Add(new($"{prefix}:Sources:{i}", $"'{source}' needs {ChronyTracking.ChronycBinary} (apt-get install chrony)"));
                }
            }
            else if (KnownSmearingServices.Smears(source) is { } service)
            {
                problems.Add(new($"{prefix}:Sources:{i}", $"'{source}' is {service}, which smears leap seconds: its time is not UTC "
                    + "in the hours around a leap second (EN 319 421 TIS-7.7.1); use non-smearing UTC sources"));
            }
        }

        if (clock.SmearDriftPpm is <= 0 or > 1000)
        {
            problems.Add(new($"{prefix}:SmearDriftPpm", $"{clock.SmearDriftPpm} is outside (0, 1000] ppm"));
        }

        var observation = duration(nameof(clock.SmearObservation), clock.SmearObservation);
        var window = duration("LeapSeconds:Window", clock.LeapSeconds.Window);
        if (window > TimeSpan.FromHours(1))
        {
            problems.Add(new($"{prefix}:LeapSeconds:Window", $"{clock.LeapSeconds.Window} is longer than an hour"));
        }

        if (!Enum.TryParse<LeapSecondPolicy>(clock.LeapSeconds.Policy, ignoreCase: true, out var policy)
            || !Enum.IsDefined(policy) || char.IsDigit(clock.LeapSeconds.Policy.FirstOrDefault()))
        {
            problems.Add(new($"{prefix}:LeapSeconds:Policy", $"'{clock.LeapSeconds.Policy}' is not none, pause or stop"));
            return (LeapSecondPolicy.None, null, window, observation);
        }

        if (policy == LeapSecondPolicy.None)
        {
            return (policy, null, window, observation);
        }

        if (!File.Exists(clock.LeapSeconds.List))
        {
            problems.Add(new($"{prefix}:LeapSeconds:List", $"{clock.LeapSeconds.List} does not exist; install tzdata (it ships "
                + "/usr/share/zoneinfo/leap-seconds.list), name the IERS list's path, or set Tsa:Clock:LeapSeconds:Policy to none"));
            return (policy, null, window, observation);
        }

        if (!LeapSecondList.TryLoad(clock.LeapSeconds.List, out var list, out string? listProblem))
        {
            problems.Add(new($"{prefix}:LeapSeconds:List", listProblem!));
        }

        return (policy, list, window, observation);
    }

    private static bool IsOid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        string[] arcs = value.Split('.');
        return arcs.Length >= 2
               && arcs.All(a => a.Length > 0 && a.All(char.IsAsciiDigit) && (a == "0" || a[0] != '0'))
               && arcs[0] is "0" or "1" or "2";
    }
}
