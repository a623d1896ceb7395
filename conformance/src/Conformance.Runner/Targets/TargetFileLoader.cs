using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Conformance.Checks.Protocol;
using Conformance.Checks.Transport;
using Conformance.Steps.Context;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Conformance.Runner.Targets;

/// <summary>
/// Reads a target file (YAML). Every problem is reported as <c>file:line: message</c>, all of them at once, and
/// unknown keys are errors so that a typo does not silently drop a setting. Relative paths are resolved against the
/// folder of the target file; secrets may come from environment variables (<c>password-env</c>, <c>token-env</c>).
/// </summary>
public static partial class TargetFileLoader
{
    public static TargetDefinition Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TargetFileException([$"{path}: cannot be read: {e.Message}"]);
        }

        return Parse(text, path);
    }

    public static TargetDefinition Parse(string yaml, string path)
    {
        var reader = new Reader(path);
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(yaml));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw new TargetFileException([$"{path}:{e.Start.Line}: not valid YAML: {e.Message}"]);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, without a position, when the text ends inside a flow collection.
            long line = parser.Current?.Start.Line ?? 1;
            throw new TargetFileException([$"{path}:{line}: not valid YAML: a [list] or {{mapping}} opened here is not closed"]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new TargetFileException([$"{path}:1: a target file is a YAML mapping (url:, qualified-url:, ...)"]);
        }

        TargetDefinition target = reader.ReadTarget(root);
        if (reader.Errors.Count > 0)
        {
            throw new TargetFileException(reader.Errors);
        }

        return target;
    }

    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^[0-2](\.(0|[1-9]\d*))+$")]
    private static partial Regex OidPattern();

    private sealed class Reader(string path)
    {
        private readonly string _folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";

        public List<string> Errors { get; } = [];

        public TargetDefinition ReadTarget(YamlMappingNode root)
        {
            string[] known = ["name", "url", "qualified-url", "tsa-name", "policy-oids", "qualified-policy-oids", "accuracy", "hashes",
                "trust-anchors", "auth", "tls", "timeouts", "max-response-bytes", "rate-limit", "clock", "disclosure", "revocation",
                "trusted-lists", "lotl", "lotl-signers"];
            CheckKeys(root, [.. known, "hsm"], "target");

            Uri? url = Url(root, "url");
            Uri? qualifiedUrl = Url(root, "qualified-url");
            if (url is null && qualifiedUrl is null && !Has(root, "url") && !Has(root, "qualified-url"))
            {
                Error(root, "the target declares neither url nor qualified-url");
            }

            List<string> anchorFiles = [.. Strings(root, "trust-anchors").Select(p => (p.Node, Path: Resolve(p.Value))).Select(p => p.Path)];
            var anchors = new X509Certificate2Collection();
            foreach ((YamlNode node, string value) in Strings(root, "trust-anchors"))
            {
                anchors.AddRange(Certificates(node, Resolve(value), "trust anchor"));
            }

            var http = new TsaHttpOptions();
            if (Mapping(root, "timeouts") is { } timeouts)
            {
                CheckKeys(timeouts, ["connect", "request"], "timeouts");
                http = http with
                {
                    ConnectTimeout = Duration(timeouts, "connect") ?? http.ConnectTimeout,
                    RequestTimeout = Duration(timeouts, "request") ?? http.RequestTimeout,
                };
            }

            if (Scalar(root, "max-response-bytes") is { } max)
            {
                if (long.TryParse(max.Value, NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) && bytes > 0)
                {
                    http = http with { MaxResponseBytes = bytes };
                }
                else
                {
                    Error(max, $"max-response-bytes must be a positive whole number of bytes, not '{max.Value}'");
                }
            }

            if (Scalar(root, "rate-limit") is { } rate)
            {
                if (double.TryParse(rate.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double perSecond) && perSecond > 0)
                {
                    http = http with { MaxRequestsPerSecond = perSecond };
                }
                else
                {
                    Error(rate, $"rate-limit is a positive number of requests per second, not '{rate.Value}'");
                }
            }

            if (Mapping(root, "auth") is { } auth)
            {
                http = ReadAuth(auth, http);
            }

            if (Mapping(root, "tls") is { } tls)
            {
                CheckKeys(tls, ["ca-file", "insecure-skip-verify"], "tls");
                if (Scalar(tls, "ca-file") is { } caFile)
                {
                    http = http with { ServerTrustAnchors = Certificates(caFile, Resolve(caFile.Value), "TLS CA") };
                }

                if (Scalar(tls, "insecure-skip-verify") is { } skip)
                {
                    http = http with { InsecureSkipServerCertificateValidation = Bool(skip) };
                }
            }

            var hashes = new List<string>();
            foreach ((YamlNode node, string value) in Strings(root, "hashes"))
            {
                if (HashAlgorithmInfo.TryParse(value, out HashAlgorithmInfo? algorithm))
                {
                    hashes.Add(algorithm!.Name);
                }
                else
                {
                    Error(node, $"unknown hash algorithm '{value}' (known: {string.Join(", ", HashAlgorithmInfo.Known.Select(a => a.Name))})");
                }
            }

            Conformance.Checks.Disclosure.DisclosureStatement? disclosure = null;
            if (Scalar(root, "disclosure") is { } disclosureFile)
            {
                try
                {
                    disclosure = Conformance.Checks.Disclosure.DisclosureStatementReader.Load(Resolve(disclosureFile.Value));
                }
                catch (Conformance.Checks.Disclosure.DisclosureStatementException e)
                {
                    foreach (string problem in e.Problems)
                    {
                        Error(disclosureFile, $"disclosure: {problem}");
                    }
                }
            }

            var revocation = Conformance.Checks.Revocation.RevocationSettings.Default;
            if (Mapping(root, "revocation") is { } revocationNode)
            {
                CheckKeys(revocationNode, ["crls", "ocsp"], "revocation");
                var crls = new List<string>();
                foreach ((YamlNode node, string value) in Strings(revocationNode, "crls"))
                {
                    string file = Resolve(value);
                    if (File.Exists(file))
                    {
                        crls.Add(file);
                    }
                    else
                    {
                        Error(node, $"{file}: no such CRL file (revocation.crls)");
                    }
                }

                bool ocsp = true;
                if (Scalar(revocationNode, "ocsp") is { } ocspNode)
                {
                    ocsp = ocspNode.Value switch
                    {
                        "on" or "true" => true,
                        "off" or "false" => false,
                        _ => Bool(ocspNode),
                    };
                }

                revocation = new Conformance.Checks.Revocation.RevocationSettings { CrlFiles = crls, UseOcsp = ocsp };
            }

            var clock = Conformance.Checks.Time.ClockReferenceSettings.None;
            if (Mapping(root, "clock") is { } clockNode)
            {
                CheckKeys(clockNode, ["ntp", "uncertainty"], "clock");
                Conformance.Checks.Time.NtpServerAddress? ntp = null;
                if (Scalar(clockNode, "ntp") is { } ntpNode && !Conformance.Checks.Time.NtpServerAddress.TryParse(ntpNode.Value, out ntp, out string? ntpError))
                {
                    Error(ntpNode, $"clock.ntp: {ntpError}");
                }

                clock = new Conformance.Checks.Time.ClockReferenceSettings { NtpServer = ntp, DeclaredUncertainty = Duration(clockNode, "uncertainty") };
            }

            Conformance.Checks.Hsm.HsmKeyAccess? hsm = Mapping(root, "hsm") is { } hsmNode ? ReadHsm(hsmNode) : null;
            Conformance.TrustedLists.Authenticity.TrustedListSources trustedLists = ReadTrustedListSources(root);

            return new TargetDefinition
            {
                Hsm = hsm,
                Clock = clock,
                Disclosure = disclosure,
                Revocation = revocation,
                TrustedListSources = trustedLists,
                Name = Scalar(root, "name")?.Value ?? (url ?? qualifiedUrl)?.ToString() ?? path,
                Url = url,
                QualifiedUrl = qualifiedUrl,
                TsaName = Scalar(root, "tsa-name")?.Value,
                PolicyOids = Oids(root, "policy-oids"),
                QualifiedPolicyOids = Oids(root, "qualified-policy-oids"),
                Accuracy = Duration(root, "accuracy"),
                SupportedHashes = hashes,
                TrustAnchors = anchors,
                TrustAnchorFiles = anchorFiles,
                Http = http,
                SourceFile = path,
            };
        }

        /// <summary>
        /// trusted-lists: [files or folders of cached lists], lotl: FILE, lotl-signers: [PEM/DER files] for TSP-QTS-006;
        /// each path must exist (the lists themselves are read and checked once, when the run starts).
        /// </summary>
        private Conformance.TrustedLists.Authenticity.TrustedListSources ReadTrustedListSources(YamlMappingNode root)
        {
            List<string> Paths(string key, bool folders)
            {
                var paths = new List<string>();
                foreach ((YamlNode node, string value) in Strings(root, key))
                {
                    string resolved = Resolve(value);
                    if (File.Exists(resolved) || (folders && Directory.Exists(resolved)))
                    {
                        paths.Add(resolved);
                    }
                    else
                    {
                        Error(node, $"{resolved}: no such {(folders ? "file or folder" : "file")} ({key})");
                    }
                }

                return paths;
            }

            string? lotl = null;
            if (Scalar(root, "lotl") is { } lotlNode)
            {
                lotl = Resolve(lotlNode.Value);
                if (!File.Exists(lotl))
                {
                    Error(lotlNode, $"{lotl}: no such file (lotl)");
                }
            }

            return new Conformance.TrustedLists.Authenticity.TrustedListSources { Lists = Paths("trusted-lists", true), ListOfLists = lotl, ListOfListsSigners = Paths("lotl-signers", false) };
        }

        /// <summary>
        /// hsm: PKCS#11 access to the TSU keys (TSP-REF-004). The PIN comes from pin-env or pin-file only: a PIN written
        /// in the target file or on a command line ends up in shell histories, backups and reports.
        /// </summary>
        private Conformance.Checks.Hsm.HsmKeyAccess? ReadHsm(YamlMappingNode hsm)
        {
            CheckKeys(hsm, ["module", "token-label", "slot", "pin-env", "pin-file", "pin", "softhsm2-conf", "key-label", "key-id",
                "qualified-key-label", "qualified-key-id"], "hsm");
            int before = Errors.Count;
            if (Has(hsm, "pin"))
            {
                Error(hsm, "hsm.pin: the HSM PIN is never written in the target file; name an environment variable (pin-env) or a file readable only by you (pin-file)");
            }

            YamlScalarNode? module = Scalar(hsm, "module");
            if (module is null)
            {
                Error(hsm, "hsm needs module: the path of the PKCS#11 library (e.g. /usr/lib/softhsm/libsofthsm2.so)");
            }

            string? modulePath = module is null ? null : Path.IsPathRooted(module.Value) ? module.Value : Resolve(module.Value);
            if (module is not null && !File.Exists(modulePath))
            {
                Error(module, $"hsm.module: {modulePath} does not exist");
            }

            string? tokenLabel = Scalar(hsm, "token-label")?.Value;
            ulong? slot = null;
            if (Scalar(hsm, "slot") is { } slotNode)
            {
                if (ulong.TryParse(slotNode.Value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong id))
                {
                    slot = id;
                }
                else
                {
                    Error(slotNode, $"hsm.slot is a PKCS#11 slot ID (a whole number), not '{slotNode.Value}'");
                }
            }

            if ((tokenLabel is null) == (slot is null) && !Has(hsm, "slot"))
            {
                Error(hsm, tokenLabel is null ? "hsm needs token-label or slot to find the token" : "hsm: give token-label or slot, not both");
            }

            string? pinEnv = Scalar(hsm, "pin-env")?.Value;
            string? pinFile = Scalar(hsm, "pin-file") is { } pinFileNode ? Resolve(pinFileNode.Value) : null;
            if ((pinEnv is null) == (pinFile is null) && !Has(hsm, "pin"))
            {
                Error(hsm, pinEnv is null ? "hsm needs pin-env (an environment variable) or pin-file (a file) holding the user PIN" : "hsm: give pin-env or pin-file, not both");
            }
            else if (pinEnv is not null && Environment.GetEnvironmentVariable(pinEnv) is null)
            {
                Error(Scalar(hsm, "pin-env")!, $"environment variable {pinEnv} (named by hsm.pin-env) is not set");
            }
            else if (pinFile is not null && !File.Exists(pinFile))
            {
                Error(Scalar(hsm, "pin-file")!, $"hsm.pin-file: {pinFile} does not exist");
            }

            string? softHsmConf = Scalar(hsm, "softhsm2-conf") is { } confNode ? Resolve(confNode.Value) : null;
            if (softHsmConf is not null && !File.Exists(softHsmConf))
            {
                Error(Scalar(hsm, "softhsm2-conf")!, $"hsm.softhsm2-conf: {softHsmConf} does not exist");
            }

            Conformance.Checks.Hsm.HsmKeySelector? nonQualified = KeySelector(hsm, "key-label", "key-id");
            Conformance.Checks.Hsm.HsmKeySelector? qualified = KeySelector(hsm, "qualified-key-label", "qualified-key-id");
            if (nonQualified is null && qualified is null)
            {
                Error(hsm, "hsm names no key: give key-label and/or key-id (the TSU behind url), qualified-key-label and/or qualified-key-id (behind qualified-url)");
            }

            return Errors.Count > before ? null : new Conformance.Checks.Hsm.HsmKeyAccess
            {
                ModulePath = modulePath!,
                TokenLabel = tokenLabel,
                Slot = slot,
                PinEnvironmentVariable = pinEnv,
                PinFile = pinFile,
                SoftHsm2Conf = softHsmConf,
                NonQualifiedKey = nonQualified,
                QualifiedKey = qualified,
            };
        }

        private Conformance.Checks.Hsm.HsmKeySelector? KeySelector(YamlMappingNode hsm, string labelKey, string idKey)
        {
            string? label = Scalar(hsm, labelKey)?.Value;
            byte[]? id = null;
            if (Scalar(hsm, idKey) is { } idNode)
            {
                try
                {
                    id = Convert.FromHexString(idNode.Value!.Replace(":", "", StringComparison.Ordinal));
                }
                catch (FormatException)
                {
                    Error(idNode, $"hsm.{idKey} is the key's CKA_ID in hexadecimal, not '{idNode.Value}'");
                }
            }

            return label is null && id is null ? null : new Conformance.Checks.Hsm.HsmKeySelector(label, id);
        }

        private TsaHttpOptions ReadAuth(YamlMappingNode auth, TsaHttpOptions http)
        {
            CheckKeys(auth, ["basic", "bearer", "headers", "client-certificate"], "auth");
            if (Mapping(auth, "basic") is { } basic)
            {
                CheckKeys(basic, ["user", "password", "password-env"], "auth.basic");
                YamlScalarNode? user = Scalar(basic, "user");
                if (user is null)
                {
                    Error(basic, "auth.basic needs a user");
                }

                http = http with { BasicUser = user?.Value, BasicPassword = Secret(basic, "password") ?? "" };
            }

            if (Mapping(auth, "bearer") is { } bearer)
            {
                CheckKeys(bearer, ["token", "token-env"], "auth.bearer");
                string? token = Secret(bearer, "token");
                if (token is null)
                {
                    Error(bearer, "auth.bearer needs token or token-env");
                }

                if (http.BasicUser is not null)
                {
                    Error(bearer, "auth.basic and auth.bearer both set the Authorization header; choose one");
                }

                http = http with { BearerToken = token };
            }

            if (Mapping(auth, "headers") is { } headers)
            {
                var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var (key, value) in headers.Children)
                {
                    if (key is YamlScalarNode name && value is YamlScalarNode text && !string.IsNullOrWhiteSpace(name.Value))
                    {
                        values[name.Value!] = text.Value ?? "";
                    }
                    else
                    {
                        Error(key, "auth.headers maps header names to text values");
                    }
                }

                http = http with { Headers = values };
            }

            if (Mapping(auth, "client-certificate") is { } client)
            {
                CheckKeys(client, ["file", "key", "password", "password-env"], "auth.client-certificate");
                YamlScalarNode? file = Scalar(client, "file");
                if (file is null)
                {
                    Error(client, "auth.client-certificate needs file (PKCS#12, or PEM certificate with key)");
                    return http;
                }

                string certificatePath = Resolve(file.Value);
                string? keyPath = Scalar(client, "key") is { } key ? Resolve(key.Value) : null;
                string? password = Secret(client, "password");
                try
                {
                    X509Certificate2 certificate = keyPath is not null
                        ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
                        : certificatePath.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
                            ? X509Certificate2.CreateFromPemFile(certificatePath)
                            : X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password);
                    if (!certificate.HasPrivateKey)
                    {
                        Error(file, $"{certificatePath}: the client certificate has no private key (give key: or a PKCS#12 file)");
                    }

                    http = http with { ClientCertificate = certificate };
                }
                catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
                {
                    Error(file, $"{certificatePath}: cannot load the client certificate: {e.Message}");
                }
            }

            return http;
        }

        private X509Certificate2Collection Certificates(YamlNode node, string file, string what)
        {
            var collection = new X509Certificate2Collection();
            try
            {
                collection = CertificateFile.Load(file);
                if (collection.Count == 0)
                {
                    Error(node, $"{file}: no certificate found for the {what}");
                }
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                Error(node, $"{file}: cannot load the {what} certificate: {e.Message}");
            }

            return collection;
        }

        private string? Secret(YamlMappingNode map, string key)
        {
            if (Scalar(map, key) is { } literal)
            {
                return literal.Value;
            }

            if (Scalar(map, key + "-env") is { } variable)
            {
                string? value = Environment.GetEnvironmentVariable(variable.Value ?? "");
                if (value is null)
                {
                    Error(variable, $"environment variable {variable.Value} (named by {key}-env) is not set");
                }

                return value;
            }

            return null;
        }

        private Uri? Url(YamlMappingNode map, string key)
        {
            if (Scalar(map, key) is not { } node)
            {
                return null;
            }

            if (Uri.TryCreate(node.Value, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https")
            {
                return uri;
            }

            Error(node, $"{key} must be an absolute http:// or https:// URL, not '{node.Value}'");
            return null;
        }

        private TimeSpan? Duration(YamlMappingNode map, string key)
        {
            if (Scalar(map, key) is not { } node)
            {
                return null;
            }

            Match match = DurationPattern().Match(node.Value ?? "");
            if (!match.Success)
            {
                Error(node, $"{key} is a duration such as 1s, 500ms or 2m, not '{node.Value}'");
                return null;
            }

            double amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromSeconds(amount),
            };
        }

        private List<string> Oids(YamlMappingNode map, string key)
        {
            var oids = new List<string>();
            foreach ((YamlNode node, string value) in Strings(map, key))
            {
                if (OidPattern().IsMatch(value))
                {
                    oids.Add(value);
                }
                else
                {
                    Error(node, $"'{value}' in {key} is not a dotted object identifier such as 0.4.0.2023.1.1");
                }
            }

            return oids;
        }

        private bool Bool(YamlScalarNode node)
        {
            if (bool.TryParse(node.Value, out bool value))
            {
                return value;
            }

            Error(node, $"expected true or false, not '{node.Value}'");
            return false;
        }

        private IEnumerable<(YamlNode Node, string Value)> Strings(YamlMappingNode map, string key)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? node))
            {
                yield break;
            }

            if (node is YamlSequenceNode sequence)
            {
                foreach (YamlNode item in sequence)
                {
                    if (item is YamlScalarNode { Value: { Length: > 0 } text })
                    {
                        yield return (item, text);
                    }
                    else
                    {
                        Error(item, $"every entry of {key} is a single value");
                    }
                }
            }
            else if (node is YamlScalarNode { Value: { Length: > 0 } single })
            {
                yield return (node, single);
            }
            else
            {
                Error(node, $"{key} is a list");
            }
        }

        private YamlScalarNode? Scalar(YamlMappingNode map, string key)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? node))
            {
                return null;
            }

            if (node is YamlScalarNode scalar && !string.IsNullOrEmpty(scalar.Value))
            {
                return scalar;
            }

            Error(node, $"{key} needs a single value");
            return null;
        }

        private YamlMappingNode? Mapping(YamlMappingNode map, string key)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? node))
            {
                return null;
            }

            if (node is YamlMappingNode mapping)
            {
                return mapping;
            }

            Error(node, $"{key} is a mapping of settings");
            return null;
        }

        private static bool Has(YamlMappingNode map, string key) => map.Children.ContainsKey(new YamlScalarNode(key));

        private void CheckKeys(YamlMappingNode map, string[] known, string where)
        {
            foreach (YamlNode key in map.Children.Keys)
            {
                string name = (key as YamlScalarNode)?.Value ?? "";
                if (!known.Contains(name, StringComparer.Ordinal))
                {
                    Error(key, $"unknown setting '{name}' in {where} (known: {string.Join(", ", known)})");
                }
            }
        }

        private string Resolve(string? relative) => Path.GetFullPath(Path.Combine(_folder, relative ?? ""));

        private void Error(YamlNode node, string message) => Errors.Add($"{path}:{node.Start.Line}: {message}");
    }
}
